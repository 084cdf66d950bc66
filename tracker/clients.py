"""Who is asking: the client's IP address, for every rate limit (the API throttle, the sign-up limits)
and the login lockout (django-axes) alike.

Behind ``KT_TRUSTED_PROXIES`` reverse proxies (0: the app is reached directly), each proxy appends the
address it received the request from to ``X-Forwarded-For``; the client is the address the outermost
trusted proxy wrote there, ``KT_TRUSTED_PROXIES`` places from the right. Whatever a client writes in
the header itself stands further left and is never read, so a forged header cannot reset a limit or
make a lockout land on somebody else's address."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or the one the trusted proxies recorded."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "KT_TRUSTED_PROXIES", 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            chosen = _valid(forwarded[-min(proxies, len(forwarded))])
            if chosen:
                return chosen
    return _valid(remote) or remote
