"""Checks that may stop a queued mail just before it is sent (a reminder for an item settled since).
Apps register them under a short code in ``AppConfig.ready``; an outbox row stores the code, so a
renamed function never breaks mail already queued, and an unknown code is a clear failure."""

from __future__ import annotations

from collections.abc import Callable

_checks: dict[str, Callable] = {}


def register(code: str, check: Callable) -> None:
    """``check(message) -> str``: a reason not to send, or ''."""
    if len(code) > 40:
        raise ValueError(f"check code too long: {code!r}")
    _checks[code] = check


def veto(message) -> str:
    """The reason not to send ``message`` now, or ''. A code nobody registered (a deployment without
    the app that queued it) stops the mail with that reason, shown in the admin, rather than sending
    what may no longer be true or failing the worker on every retry."""
    if not message.presend_check:
        return ""
    check = _checks.get(message.presend_check)
    if check is None:
        return f"Niet verzonden: geen controle '{message.presend_check}' geregistreerd."
    return check(message) or ""
