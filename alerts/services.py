"""Alerts: subscribe with double opt-in, confirm, change frequency, pause, unsubscribe, and match
changes to subscriptions with the public lists' own FilterSets. Mail goes through the outbox
(``notifications.services.enqueue``), idempotent on its key; ``Delivery`` rows make sure that no change
is mailed twice to the same subscriber, whether it came by the status-change hook or the sweep."""
from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.workflow import status_label
from public import kinds
from public.feeds import item_summary

from .models import Delivery, Frequency, Recipient, Subscription, SubscriptionState

logger = logging.getLogger(__name__)
S = SubscriptionState
EVENT_ITEM_FIELD = {"moties": "motion", "toezeggingen": "commitment", "brieven": "letter_item"}
PERIOD = {Frequency.DAILY: dt.timedelta(days=1), Frequency.WEEKLY: dt.timedelta(days=7)}


class AlertError(ValueError):
    """Bad input to a subscription (an unknown list or filters the list refuses)."""


# -- tokens ---------------------------------------------------------------------------------------

class TokenExpired(AlertError):
    """A genuine link that is too old (the message says what to do instead)."""


def token_days(purpose: str) -> int:
    """How long a link is valid: confirming as long as the request waits, managing a while (every
    mail brings a fresh link), unsubscribing and stopping all mail long."""
    return {"confirm": settings.KT_ALERTS_CONFIRM_DAYS, "manage": settings.KT_ALERTS_MANAGE_DAYS}.get(
        purpose, settings.KT_ALERTS_UNSUBSCRIBE_DAYS)


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


def _url(name: str, token: str) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"token": token})


# -- the query builder ----------------------------------------------------------------------------

def filterset_for(*, kind: str, query: str, today: dt.date | None = None):
    try:
        spec = kinds.KINDS[kind]
    except KeyError:
        raise AlertError(_("Onbekende lijst.")) from None
    filterset = spec.filterset(QueryDict(query), queryset=spec.queryset())
    filterset.overdue_today = today
    return spec, filterset


def matching(subscription: Subscription, *, today: dt.date | None = None):
    """The public items the subscription follows: the same queryset its list page shows (on ``today``)."""
    _spec, filterset = filterset_for(kind=subscription.kind, query=subscription.query, today=today)
    return filterset.qs


def describe(*, kind: str, query: str) -> str:
    spec, filterset = filterset_for(kind=kind, query=query)
    if not filterset.is_valid():
        raise AlertError(_("Deze filters kloppen niet: %(errors)s") % {"errors": filterset.errors.as_text()})
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()) or name in ("sort",):
            continue
        if name == "item":
            item = spec.queryset().filter(pk=value).first()
            if item is None:
                raise AlertError(_("Dit item bestaat niet of is niet openbaar."))
            return kinds.item_label(item)
        if name == "dossier":
            value = "-".join(p for p in value if p)
        elif isinstance(value, slice):
            value = f"{value.start or '…'} – {value.stop or '…'}"
        elif isinstance(value, (list, tuple)):
            value = ", ".join(map(str, value))
        parts.append(f"{filterset.form.fields[name].label}: {value}")
    return f"{spec.title}" + (f" ({'; '.join(parts)})" if parts else "")


# -- the subscription's life ----------------------------------------------------------------------

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
    return (Subscription.objects.filter(email=email, state=S.PENDING)
            .filter(Q(confirmation_sent_at__gte=cutoff) | Q(confirmation_sent_at__isnull=True, created_at__gte=cutoff))
            .order_by("created_at", "id"))


@dataclass
class Signup:
    """What a sign-up did. The visitor is told the same in every case (nobody learns from the form
    whether an address follows something, or stopped all mail)."""

    subscription: Subscription | None
    mailed: bool


def subscribe(*, email: str, kind: str, query: str, frequency: str = Frequency.DAILY,
              language: str = "nl", now: dt.datetime | None = None) -> Signup:
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
        sub = (Subscription.objects.filter(email=email, kind=kind, query=query)
               .exclude(state=S.UNSUBSCRIBED).order_by("-created_at").first())
        if sub is not None and sub.state != S.PENDING:
            return Signup(sub, False)  # already follows it
        if sub is None:
            sub = Subscription.objects.create(email=email, kind=kind, query=query, label=label[:300],
                                              frequency=frequency, language=language, created_at=now)
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
        confirm_url = _url("alerts:confirm", make_token(sub, "confirm"))
        stop_url = _url("alerts:stop", make_token(recipient, "stop"))
        text = _("Iemand heeft op Kamertracker gevraagd om wijzigingen in de lijst '%(list)s' te mailen naar "
                 "dit adres.\n\nWas jij dat? Bevestig het binnen %(days)d dagen met deze link:\n%(url)s\n\n"
                 "Heb je dit niet gevraagd? Dan hoef je niets te doen: zonder bevestiging krijg je geen "
                 "berichten en vervalt de aanvraag.\n\nNooit meer e-mail van Kamertracker op dit adres:\n%(stop)s") % {
            "list": kinds.KINDS[sub.kind].title, "days": settings.KT_ALERTS_CONFIRM_DAYS, "url": confirm_url,
            "stop": stop_url}
        _enqueue(sub, key=f"alerts:confirm:{sub.pk}" if first else f"alerts:confirm:{sub.pk}:{now:%Y%m%dT%H%M%S}",
                 kind="alert_confirm", subject=_("Bevestig je aanmelding bij Kamertracker"), text=text,
                 unsubscribe_url=stop_url)


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


def recipient_for(subscription: Subscription) -> Recipient:
    return Recipient.objects.get_or_create(email=subscription.email)[0]


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
    cancel_for_address(email=recipient.email, kinds=["alert", "alert_confirm"],
                       reason="alle e-mail gestopt door de ontvanger")
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
    removed, _details = (Subscription.objects.filter(state=S.PENDING)
                         .filter(Q(confirmation_sent_at__lt=cutoff)
                                 | Q(confirmation_sent_at__isnull=True, created_at__lt=cutoff))
                         .delete())
    (Recipient.objects.filter(stopped_at__isnull=True, created_at__lt=cutoff)
     .exclude(email__in=Subscription.objects.values("email")).delete())
    return removed


# -- matching and sending -------------------------------------------------------------------------

@dataclass
class Change:
    key: str            # unique per change: "motions.motionevent:12", "overdue:commitments.commitment:4:2026-07-01"
    item: object
    what: str
    at: dt.datetime


def _event_change(event, item) -> Change:
    letter = event.letter if event.letter_id and getattr(event.letter, "is_public", False) else None
    if event.kind == "deadline":
        what = _("Termijn gewijzigd van '%(old)s' naar '%(new)s'") % {
            "old": event.old_deadline_phrase or "-", "new": event.new_deadline_phrase or "-"}
    elif event.kind in ("created", "imported", "published"):
        what = _("Nieuw: %(status)s") % {"status": status_label(item, event.to_status)}
    elif event.kind == "updated":
        what = _("Bijgewerkt: %(fields)s") % {"fields": ", ".join(event.changed_field_labels())}
    else:
        what = _("Status: %(old)s → %(new)s") % {"old": status_label(item, event.from_status),
                                                  "new": status_label(item, event.to_status)}
    if letter is not None:
        what += " " + _("(met %(letter)s: %(subject)s)") % {"letter": letter, "subject": letter.subject}
    return Change(key=f"{event._meta.label_lower}:{event.pk}", item=item, what=what, at=event.at)


def _kind_of_event(event) -> str | None:
    for kind, field in EVENT_ITEM_FIELD.items():
        if hasattr(event, f"{field}_id"):
            return kind
    return None


_IMMEDIATE = {}  # kind -> (valid until, any active immediate subscription): an import hands over thousands of events


def has_immediate_subscribers(kind: str) -> bool:
    """Whether any active subscription of ``kind`` wants each change at once; remembered for a few
    seconds per process (forgotten when a subscription of this process changes). What a stale answer
    misses, the sweep sends."""
    now = time.monotonic()
    known = _IMMEDIATE.get(kind)
    if known is None or known[0] < now:
        known = (now + 5, Subscription.objects.filter(state=S.ACTIVE, frequency=Frequency.IMMEDIATE,
                                                      kind=kind).exists())
        _IMMEDIATE[kind] = known
    return known[1]


def forget_immediate_subscribers(**kwargs) -> None:
    _IMMEDIATE.clear()


def queue_immediate_alerts(event) -> None:
    """Listener of every committed timeline event (``core.events``): hand a public event to a worker
    (:func:`notify_immediate`), so a status change in the admin never waits while every immediate
    subscription is matched. If the broker cannot take it, nothing is lost: :func:`sweep` (beat, every
    few minutes) mails immediate subscribers every change not yet delivered."""
    kind = _kind_of_event(event)
    if not event.is_public or kind is None:
        return
    if not has_immediate_subscribers(kind):
        return  # nobody to tell now; digests read the timeline themselves
    from tracker.resilience import publish

    from .tasks import notify_immediate

    if not publish(notify_immediate, (event._meta.label_lower, event.pk)):  # the breaker warned once
        logger.debug("alerts for event %s:%s left to the sweep: broker unavailable",
                     event._meta.label_lower, event.pk)


def notify_immediate(*, event_label: str, event_pk: int) -> int:
    """The worker's half of :func:`queue_immediate_alerts`. Safe to run twice: each change is
    delivered once per subscription (``Delivery``)."""
    from django.apps import apps

    event = apps.get_model(event_label).objects.select_related("letter").filter(pk=event_pk).first()
    return on_status_change(event) if event is not None else 0


def on_status_change(event) -> int:
    """Mail immediate subscribers whose list now shows the item (in a worker, see
    :func:`queue_immediate_alerts`). Daily and weekly subscribers get it in their next digest
    (:func:`sweep`)."""
    if not event.is_public:
        return 0
    kind = _kind_of_event(event)
    if kind is None:
        return 0
    sent = 0
    subs = Subscription.objects.filter(state=S.ACTIVE, frequency=Frequency.IMMEDIATE, kind=kind)
    for sub in subs:
        item = matching(sub).filter(pk=getattr(event, f"{EVENT_ITEM_FIELD[kind]}_id")).first()
        if item is not None:
            sent += _send(sub, [_event_change(event, item)])
    return sent


def changes_for(subscription: Subscription, *, until: dt.datetime, today: dt.date | None = None) -> list[Change]:
    """Public events since the subscription was last checked on items its list shows, and items of
    the list that newly passed their deadline; minus what was already delivered."""
    spec = kinds.KINDS[subscription.kind]
    since = subscription.checked_until or subscription.confirmed_at or subscription.created_at
    today = today or timezone.localdate()
    items = matching(subscription, today=today)
    event_model = spec.model._meta.get_field("events").related_model
    field = EVENT_ITEM_FIELD[subscription.kind]
    events = list(event_model.objects.filter(is_public=True, at__gt=since, at__lte=until,
                                             **{f"{field}__in": items.values("pk")})
                  .select_related("letter").order_by("at", "id")[:500])
    by_pk = {item.pk: item for item in items.filter(pk__in={getattr(e, f"{field}_id") for e in events})}
    changes = [_event_change(e, by_pk[getattr(e, f"{field}_id")]) for e in events if getattr(e, f"{field}_id") in by_pk]
    if spec.has_deadline:
        newly_late = items.filter(status__in=spec.filterset.open_statuses,
                                  deadline_date__gte=timezone.localtime(since).date(), deadline_date__lt=today)
        for item in newly_late[:500]:
            changes.append(Change(key=f"overdue:{item._meta.label_lower}:{item.pk}:{item.deadline_date}", item=item,
                                  what=_("Te laat: de termijn (%(deadline)s) is verstreken") % {
                                      "deadline": item.deadline_display}, at=until))
    done = set(Delivery.objects.filter(subscription=subscription, key__in=[c.key for c in changes])
               .values_list("key", flat=True))
    return [c for c in changes if c.key not in done]


def sweep(*, now: dt.datetime | None = None, today: dt.date | None = None) -> int:
    """Periodic (beat): immediate subscribers get each new change, daily and weekly ones a digest
    when their period is over. Returns the number of mails queued."""
    now = now or timezone.now()
    queued = 0
    for sub in Subscription.objects.filter(state=S.ACTIVE).order_by("id"):
        since = sub.checked_until or sub.confirmed_at or sub.created_at
        if sub.frequency in PERIOD and now - since < PERIOD[sub.frequency]:
            continue
        changes = changes_for(sub, until=now, today=today)
        if sub.frequency == Frequency.IMMEDIATE:
            for change in changes:
                queued += _send(sub, [change])
        elif changes:
            queued += _send(sub, changes, digest_of=now)
        sub.checked_until = now
        sub.save(update_fields=["checked_until"])
    return queued


def _send(sub: Subscription, changes: list[Change], digest_of: dt.datetime | None = None) -> int:
    """Record the deliveries and queue one mail; nothing when every change was already delivered."""
    outbox_key = (f"alerts:digest:{sub.pk}:{digest_of:%Y%m%dT%H%M}" if digest_of
                  else f"alerts:{sub.pk}:{changes[0].key}")
    fresh = []
    with transaction.atomic():
        for change in changes:
            try:
                with transaction.atomic():
                    Delivery.objects.create(subscription=sub, key=change.key[:120], outbox_key=outbox_key)
                fresh.append(change)
            except IntegrityError:
                continue
        if not fresh:
            return 0
        with translation.override(sub.language):
            subject, text = compose(sub, fresh, digest=digest_of is not None)
            _enqueue(sub, key=outbox_key, kind="alert", subject=subject, text=text,
                     item=fresh[0].item if len(fresh) == 1 else None)
    return 1


def compose(sub: Subscription, changes: list[Change], *, digest: bool) -> tuple[str, str]:
    """Subject and text with enough context to act without clicking: reference, text, status,
    deadline and what changed, for each item."""
    if digest:
        subject = _("Kamertracker: %(n)d wijziging(en) bij %(label)s") % {"n": len(changes), "label": sub.label}
    else:
        change = changes[0]
        subject = f"Kamertracker: {kinds.item_label(change.item)}: {change.what}"
    blocks = []
    for change in changes:
        blocks.append(f"{change.what}\n{item_summary(change.item)}\n{settings.SITE_URL}{kinds.item_url(change.item)}")
    manage = _url("alerts:manage", make_token(sub, "manage"))
    unsubscribe_url = _url("alerts:unsubscribe", make_token(sub, "unsubscribe"))
    stop_url = _url("alerts:stop", make_token(recipient_for(sub), "stop"))
    footer = _("Je volgt: %(label)s (%(freq)s).\nInstellingen of pauzeren: %(manage)s\nAfmelden (één klik): %(unsub)s") % {
        "label": sub.label, "freq": sub.get_frequency_display(), "manage": manage, "unsub": unsubscribe_url}
    footer += "\n" + _("Nooit meer e-mail van Kamertracker op dit adres: %(stop)s") % {"stop": stop_url}
    return subject[:300], "\n\n".join(blocks) + "\n\n-- \n" + footer


def _enqueue(sub: Subscription, *, key: str, kind: str, subject: str, text: str, item=None,
             unsubscribe_url: str | None = None):
    """Queue one mail to the subscriber, unless its owner stopped all mail to the address."""
    from notifications.services import enqueue

    if Recipient.objects.filter(email=sub.email, stopped_at__isnull=False).exists():
        return None
    unsubscribe_url = unsubscribe_url or _url("alerts:unsubscribe", make_token(sub, "unsubscribe"))
    headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    extra = {"item": item} if item is not None else {}
    return enqueue(key=key, to=sub.email, subject=subject, text=text, headers=headers, language=sub.language,
                   kind=kind, **extra)
