"""The outbox's writes: enqueue a mail under a unique key, claim due rows, deliver one, cancel.

Reliability rules (see README, "Herinneringen"):
- ``enqueue`` is idempotent on ``key``: a second call with the same key creates nothing.
- A send task is queued only after the row is committed (``transaction.on_commit``).
- No long countdown/ETA tasks: a failed attempt sets ``next_attempt_at`` (exponential backoff with
  jitter) and :func:`claim_due`, run by beat every minute, queues rows whose time has come. Rows left
  in "sending" by a killed worker are claimed again after ``KT_OUTBOX_SENDING_TIMEOUT`` seconds.
- A refused recipient (5xx) is recorded as failed with its error, never retried.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from datetime import timedelta
from email.utils import parseaddr

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import checks
from .models import OutboxMessage, OutboxState

logger = logging.getLogger(__name__)
S = OutboxState


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def sending_timeout() -> timedelta:
    """How long a row may stay in 'sending' before a new attempt may take it over."""
    return timedelta(seconds=_setting("KT_OUTBOX_SENDING_TIMEOUT", 600))


def build(
    *,
    key: str,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    headers: dict | None = None,
    language: str = "nl",
    item=None,
    kind: str = "",
    refers_to=None,
    presend_check: str = "",
    state: str = S.PENDING,
    now=None,
) -> OutboxMessage:
    """An unsaved outbox row, validated; for :func:`enqueue_many`."""
    if not key:
        raise ValueError("An outbox message needs a non-empty dedup key.")
    if len(key) > 255:
        raise ValueError(f"Outbox key too long ({len(key)} > 255): {key[:60]}...")
    if to or state == S.PENDING:  # a row recorded as skipped may have nobody to go to
        try:
            validate_email(to)
        except ValidationError as exc:
            raise ValueError(f"Invalid recipient address {to!r} for outbox message {key!r}.") from exc
    now = now or timezone.now()
    return OutboxMessage(
        dedup_key=key,
        to=to,
        subject=subject[:300],
        text=text,
        html=html or "",
        headers=dict(headers or {}),
        language=language,
        state=state,
        next_attempt_at=now,
        created_at=now,
        item_content_type=ContentType.objects.get_for_model(item) if item is not None else None,
        item_id=getattr(item, "pk", None),
        kind=kind,
        refers_to=refers_to,
        presend_check=presend_check,
    )


def enqueue(
    *, key: str, to: str, subject: str, text: str, html: str = "", headers: dict | None = None, **extra
) -> OutboxMessage | None:
    """Put one mail in the outbox and queue its sending once the transaction commits.

    Idempotent on ``key``: returns the new row, or ``None`` when a row with this key already exists
    (whatever its state); never creates a duplicate, also not when two processes race.
    ``headers`` are extra mail headers, e.g. ``{"List-Unsubscribe": "<https://...>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}``. Optional keyword arguments: ``language``,
    ``item`` (the model instance the mail is about), ``kind``, ``refers_to`` (a date), ``presend_check``.
    """
    row = build(key=key, to=to, subject=subject, text=text, html=html, headers=headers, **extra)
    # The lease keeps the beat flush from queueing it a second time while our own task is on its way.
    row.next_attempt_at = row.created_at + sending_timeout()
    fields = {
        f.attname: getattr(row, f.attname)
        for f in OutboxMessage._meta.concrete_fields
        if f.attname not in ("id", "dedup_key")
    }
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(dedup_key=key, defaults=fields)
        if not created:
            return None
        _queue_on_commit([message.pk])
    return message


def enqueue_many(rows: list[OutboxMessage]) -> None:
    """Insert many built rows in one statement, ignoring keys that exist already. Pending rows are
    sent by the next :func:`claim_due` (call it in the same transaction to queue them on commit)."""
    if rows:
        OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)


def claim_due(*, now=None, limit: int | None = None) -> list[int]:
    """Claim the rows that are due (pending and past ``next_attempt_at``, or stuck in 'sending' past
    the timeout) with ``select_for_update(skip_locked=True)``, lease them, and queue one send task
    per row when the transaction commits. Two concurrent calls never claim the same row."""
    now = now or timezone.now()
    due = Q(state=S.PENDING, next_attempt_at__lte=now) | Q(state=S.SENDING, claimed_at__lt=now - sending_timeout())
    with transaction.atomic():
        qs = OutboxMessage.objects.select_for_update(skip_locked=True).filter(due).order_by("next_attempt_at", "pk")
        ids = list(qs.values_list("pk", flat=True)[:limit] if limit else qs.values_list("pk", flat=True))
        if ids:
            OutboxMessage.objects.filter(pk__in=ids).update(
                state=S.PENDING, next_attempt_at=now + sending_timeout(), updated_at=now
            )
            _queue_on_commit(ids)
    return ids


def _queue_on_commit(ids: list[int]) -> None:
    from tracker.resilience import publish

    from .tasks import send_message

    def queue():
        for pk in ids:  # with the broker away, the first try opens the breaker and the rest are skipped
            publish(send_message, (pk,))

    transaction.on_commit(queue, robust=True)


def _cancel_pending(qs, *, reason: str, kinds: list[str] | None) -> int:
    qs = qs.filter(state=S.PENDING)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    return qs.update(state=S.CANCELLED, last_error=reason, updated_at=timezone.now())


def cancel_for_item(*, item, reason: str, kinds: list[str] | None = None) -> int:
    """Cancel the pending mails about ``item`` (optionally only some kinds). Returns how many."""
    return _cancel_pending(
        OutboxMessage.objects.filter(item_content_type=ContentType.objects.get_for_model(item), item_id=item.pk),
        reason=reason,
        kinds=kinds,
    )


def cancel_for_address(*, email: str, reason: str, kinds: list[str] | None = None) -> int:
    """Cancel the pending mails to ``email`` (optionally only some kinds). Returns how many."""
    return _cancel_pending(OutboxMessage.objects.filter(to__iexact=email), reason=reason, kinds=kinds)


# --- delivery ---------------------------------------------------------------------------------


class PermanentFailure(Exception):
    pass


def message_id_for(key: str) -> str:
    """A Message-ID derived from the key, the same on every attempt, so a duplicate that SMTP makes
    unavoidable (see README) can be recognised by receiving systems."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "kamertracker.localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}.outbox@{domain}>"


def classify(exc: Exception) -> bool:
    """True when the error is transient (try again later), False when retrying cannot help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code < 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
        return True  # connection refused, reset, timeout, DNS
    if isinstance(exc, (ValueError, UnicodeError, smtplib.SMTPNotSupportedError)):
        return False
    return True


def describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{addr}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for addr, (code, msg) in exc.recipients.items()
        ]
        return "Ontvanger geweigerd: " + "; ".join(parts)
    if isinstance(exc, smtplib.SMTPResponseException):
        msg = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"{type(exc).__name__}: {exc.smtp_code} {msg}"
    return f"{type(exc).__name__}: {exc}"


def retry_delay(attempts: int) -> float:
    """Exponential backoff with full jitter (Celery's helper): base * 2**(attempts-1), capped."""
    return (
        get_exponential_backoff_interval(
            factor=_setting("KT_OUTBOX_RETRY_BASE", 60),
            retries=max(attempts - 1, 0),
            maximum=_setting("KT_OUTBOX_RETRY_MAX", 6 * 3600),
            full_jitter=True,
        )
        or 1
    )


def _presend_veto(msg: OutboxMessage) -> str:
    return checks.veto(msg)


def _send(msg: OutboxMessage, connection=None) -> None:
    headers = {"Message-ID": message_id_for(msg.dedup_key), **(msg.headers or {})}
    mail = EmailMultiAlternatives(
        subject=msg.subject,
        body=msg.text,
        to=[msg.to],
        headers=headers,
        connection=connection or get_connection(),
    )
    if msg.html:
        mail.attach_alternative(msg.html, "text/html")
    mail.send(fail_silently=False)


def deliver(message_id: int, *, connection=None) -> str:
    """Claim one row and send it. Returns the row's state afterwards ('' when another attempt holds it
    or it is no longer to be sent). Transient errors schedule a retry; permanent ones mark it failed."""
    now = timezone.now()
    with transaction.atomic():
        msg = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(Q(state=S.PENDING) | Q(state=S.SENDING, claimed_at__lt=now - sending_timeout()))
            .filter(pk=message_id)
            .first()
        )
        if msg is None:
            return ""
        veto = _presend_veto(msg)
        if veto:
            msg.state, msg.last_error = S.CANCELLED, veto
            msg.save(update_fields=["state", "last_error", "updated_at"])
            return msg.state
        msg.state, msg.claimed_at, msg.attempts = S.SENDING, now, msg.attempts + 1
        msg.save(update_fields=["state", "claimed_at", "attempts", "updated_at"])
    try:
        _send(msg, connection)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        return _record_failure(msg, exc)
    OutboxMessage.objects.filter(pk=msg.pk).update(
        state=S.SENT, sent_at=timezone.now(), last_error="", updated_at=timezone.now()
    )
    return S.SENT


def _record_failure(msg: OutboxMessage, exc: Exception) -> str:
    error = describe(exc)
    transient = classify(exc)
    if transient and msg.attempts < _setting("KT_OUTBOX_MAX_ATTEMPTS", 10):
        state, next_at = S.PENDING, timezone.now() + timedelta(seconds=retry_delay(msg.attempts))
        logger.warning("outbox %s attempt %s failed, retry at %s: %s", msg.pk, msg.attempts, next_at, error)
    else:
        state, next_at = S.FAILED, None
        if transient:
            error = f"Opgegeven na {msg.attempts} pogingen. {error}"
        logger.error("outbox %s failed permanently: %s", msg.pk, error)
    OutboxMessage.objects.filter(pk=msg.pk).update(
        state=state, next_attempt_at=next_at, last_error=error, updated_at=timezone.now()
    )
    return state
