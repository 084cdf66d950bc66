"""The life of a subscription: sign up with double opt-in (limited, so the form cannot flood an
address), confirm, change frequency, pause, unsubscribe, stop all mail to an address, and remove
requests nobody confirmed. Tokens: ``alerts.tokens``; what a subscription follows: ``alerts.selectors``;
matching and mailing changes: ``alerts.delivery``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from public import kinds

from .delivery import _enqueue
from .errors import AlertError
from .models import Frequency, Recipient, Subscription, SubscriptionState
from .selectors import describe
from .tokens import link_url, make_token

S = SubscriptionState

EMAIL_MAX = Recipient._meta.get_field("email").max_length
QUERY_MAX = Subscription._meta.get_field("query").max_length


def normalize_email(email: str) -> str:
    """The address as alerts key it: checked, at most 254 characters, in lower case (one mailbox, one
    limit: ``Iemand@`` and ``iemand@`` are not two people to mail)."""
    email = (email or "").strip().lower()
    if len(email) > EMAIL_MAX:
        raise AlertError(_("Dit e-mailadres is te lang (hoogstens %(max)d tekens).") % {"max": EMAIL_MAX})
    try:
        validate_email(email)
    except ValidationError:
        raise AlertError(_("Vul een geldig e-mailadres in.")) from None
    return email


def clean_query(query: str) -> str:
    query = QueryDict(query or "").urlencode()
    if len(query) > QUERY_MAX:
        raise AlertError(_("Te veel of te lange filters om te volgen (hoogstens %(max)d tekens).") % {"max": QUERY_MAX})
    return query


def pending_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=settings.KT_ALERTS_CONFIRM_DAYS)


def waiting(email: str, *, now: dt.datetime | None = None):
    """The address's requests still waiting for confirmation (not expired)."""
    cutoff = pending_cutoff(now)
    return (
        Subscription.objects.filter(email=email, state=S.PENDING)
        .filter(Q(confirmation_sent_at__gte=cutoff) | Q(confirmation_sent_at__isnull=True, created_at__gte=cutoff))
        .order_by("created_at", "id")
    )


@dataclass
class Signup:
    """What a sign-up did. The visitor is told the same in every case (nobody learns from the form
    whether an address follows something, or stopped all mail)."""

    subscription: Subscription | None
    mailed: bool


def subscribe(
    *,
    email: str,
    kind: str,
    query: str,
    frequency: str = Frequency.DAILY,
    language: str = "nl",
    now: dt.datetime | None = None,
) -> Signup:
    """A request waiting for confirmation (double opt-in) and, at most once per
    ``KT_ALERTS_CONFIRMATION_INTERVAL_HOURS`` per address, a neutral mail with the confirmation link.
    A repeat for the same list is the same request; an address whose owner stopped all mail gets none.
    The confirmation page shows every request waiting for the address, so one mail serves them all."""
    if frequency not in Frequency.values:
        raise AlertError(_("Kies direct, dagelijks of wekelijks."))
    email, query = normalize_email(email), clean_query(query)
    label = describe(kind=kind, query=query)
    now = now or timezone.now()
    with transaction.atomic():
        Recipient.objects.get_or_create(email=email)
        recipient = Recipient.objects.select_for_update().get(email=email)  # one sign-up per address at a time
        if recipient.stopped_at:
            return Signup(None, False)
        sub = (
            Subscription.objects.filter(email=email, kind=kind, query=query)
            .exclude(state=S.UNSUBSCRIBED)
            .order_by("-created_at")
            .first()
        )
        if sub is not None and sub.state != S.PENDING:
            return Signup(sub, False)  # already follows it
        if sub is None:
            sub = Subscription.objects.create(
                email=email,
                kind=kind,
                query=query,
                label=label[:300],
                frequency=frequency,
                language=language,
                created_at=now,
            )
        elif sub.created_at < pending_cutoff(now) and not sub.confirmation_sent_at:
            sub.created_at = now  # an old request without a mail starts again
            sub.save(update_fields=["created_at"])
        interval = dt.timedelta(hours=settings.KT_ALERTS_CONFIRMATION_INTERVAL_HOURS)
        if recipient.last_confirmation_at and now - recipient.last_confirmation_at < interval:
            return Signup(sub, False)
        _send_confirmation(sub, recipient, now=now)
    return Signup(sub, True)


def _send_confirmation(sub: Subscription, recipient: Recipient, *, now: dt.datetime) -> None:
    """The confirmation mail: a fixed subject, nothing the visitor typed (no filters, no search words:
    the form must not carry someone else's message from the government's sender), the list's name, the
    link, and the link that stops all mail to the address."""
    first = sub.confirmation_sent_at is None
    recipient.last_confirmation_at = sub.confirmation_sent_at = now
    recipient.save(update_fields=["last_confirmation_at"])
    sub.save(update_fields=["confirmation_sent_at"])
    with translation.override(sub.language):
        confirm_url = link_url("alerts:confirm", make_token(sub, "confirm"))
        stop_url = link_url("alerts:stop", make_token(recipient, "stop"))
        text = _(
            "Iemand heeft op Kamertracker gevraagd om wijzigingen in de lijst '%(list)s' te mailen naar "
            "dit adres.\n\nWas jij dat? Bevestig het binnen %(days)d dagen met deze link:\n%(url)s\n\n"
            "Heb je dit niet gevraagd? Dan hoef je niets te doen: zonder bevestiging krijg je geen "
            "berichten en vervalt de aanvraag.\n\nNooit meer e-mail van Kamertracker op dit adres:\n%(stop)s"
        ) % {
            "list": kinds.KINDS[sub.kind].title,
            "days": settings.KT_ALERTS_CONFIRM_DAYS,
            "url": confirm_url,
            "stop": stop_url,
        }
        _enqueue(
            sub,
            key=f"alerts:confirm:{sub.pk}" if first else f"alerts:confirm:{sub.pk}:{now:%Y%m%dT%H%M%S}",
            kind="alert_confirm",
            subject=_("Bevestig je aanmelding bij Kamertracker"),
            text=text,
            unsubscribe_url=stop_url,
        )


def confirm(*, subscription: Subscription) -> Subscription:
    if subscription.state == S.PENDING and waiting(subscription.email).filter(pk=subscription.pk).exists():
        subscription.state = S.ACTIVE
        subscription.confirmed_at = subscription.checked_until = timezone.now()
        subscription.save(update_fields=["state", "confirmed_at", "checked_until"])
    return subscription


def update(*, subscription: Subscription, frequency: str | None = None, paused: bool | None = None) -> Subscription:
    if subscription.state in (S.PENDING, S.UNSUBSCRIBED):
        raise AlertError(_("Deze attendering is niet actief."))
    if frequency is not None:
        if frequency not in Frequency.values:
            raise AlertError(_("Kies direct, dagelijks of wekelijks."))
        subscription.frequency = frequency
    if paused is True:
        subscription.state = S.PAUSED
    elif paused is False and subscription.state == S.PAUSED:
        # Resuming does not flood the inbox with what happened during the pause.
        subscription.state, subscription.checked_until = S.ACTIVE, timezone.now()
    subscription.save(update_fields=["frequency", "state", "checked_until"])
    return subscription


def unsubscribe(*, subscription: Subscription) -> Subscription:
    subscription.state = S.UNSUBSCRIBED
    subscription.save(update_fields=["state"])
    return subscription


@transaction.atomic
def stop_all_mail(*, recipient: Recipient) -> Recipient:
    """The one link in every mail: end every subscription of the address, cancel what waits in the
    outbox for it, and refuse new sign-ups for it until its owner allows mail again."""
    from notifications.services import cancel_for_address

    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    if not recipient.stopped_at:
        recipient.stopped_at = timezone.now()
        recipient.save(update_fields=["stopped_at"])
    Subscription.objects.filter(email=recipient.email).exclude(state=S.UNSUBSCRIBED).update(state=S.UNSUBSCRIBED)
    cancel_for_address(
        email=recipient.email, kinds=["alert", "alert_confirm"], reason="alle e-mail gestopt door de ontvanger"
    )
    return recipient


def allow_mail_again(*, recipient: Recipient) -> Recipient:
    """Undo :func:`stop_all_mail` (by the owner, with the same link): sign-ups work again at once."""
    recipient.stopped_at = recipient.last_confirmation_at = None
    recipient.save(update_fields=["stopped_at", "last_confirmation_at"])
    return recipient


def remove_expired(*, now: dt.datetime | None = None) -> int:
    """Periodic (beat, daily): requests nobody confirmed in time are removed, and so are recipients
    left without subscriptions (unless they stopped all mail: that must be remembered). Returns how
    many requests were removed."""
    cutoff = pending_cutoff(now)
    removed, _details = (
        Subscription.objects.filter(state=S.PENDING)
        .filter(Q(confirmation_sent_at__lt=cutoff) | Q(confirmation_sent_at__isnull=True, created_at__lt=cutoff))
        .delete()
    )
    (
        Recipient.objects.filter(stopped_at__isnull=True, created_at__lt=cutoff)
        .exclude(email__in=Subscription.objects.values("email"))
        .delete()
    )
    return removed
