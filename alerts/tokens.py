"""Signed links in alert mails (confirm, manage, unsubscribe, stop all mail) and how long each is valid."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from .errors import TokenExpired
from .models import Recipient, Subscription


def token_days(purpose: str) -> int:
    """How long a link is valid: confirming as long as the request waits, managing a while (every
    mail brings a fresh link), unsubscribing and stopping all mail long."""
    return {"confirm": settings.KT_ALERTS_CONFIRM_DAYS, "manage": settings.KT_ALERTS_MANAGE_DAYS}.get(
        purpose, settings.KT_ALERTS_UNSUBSCRIBE_DAYS
    )


def make_token(obj: Subscription | Recipient, purpose: str) -> str:
    return signing.dumps(obj.pk, salt=f"alerts.{purpose}")


def read_token(token: str, purpose: str, model=Subscription):
    """The subscription (or, for ``stop``, the recipient) a signed token names; None when the token is
    forged or names nothing; :class:`TokenExpired` when it is older than :func:`token_days`."""
    try:
        pk = signing.loads(token, salt=f"alerts.{purpose}", max_age=dt.timedelta(days=token_days(purpose)))
    except signing.SignatureExpired:
        raise TokenExpired(_("Deze link is verlopen.")) from None
    except signing.BadSignature:
        return None
    return model.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def link_url(name: str, token: str) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"token": token})
