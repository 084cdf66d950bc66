"""Matching changes to subscriptions and mailing them: immediately (handed to a worker after each
committed event) or in daily and weekly digests (the sweep). Mail goes through the outbox, idempotent
on its key; ``Delivery`` rows make sure no change is mailed twice to the same subscriber."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.workflow import status_label
from public import kinds
from public.feeds import item_summary

from .models import Delivery, Frequency, Recipient, Subscription, SubscriptionState
from .selectors import matching
from .tokens import link_url, make_token

logger = logging.getLogger(__name__)
S = SubscriptionState

EVENT_ITEM_FIELD = {"moties": "motion", "toezeggingen": "commitment", "brieven": "letter_item"}
PERIOD = {Frequency.DAILY: dt.timedelta(days=1), Frequency.WEEKLY: dt.timedelta(days=7)}


@dataclass
class Change:
    key: str  # unique per change: "motions.motionevent:12", "overdue:commitments.commitment:4:2026-07-01"
    item: object
    what: str
    at: dt.datetime


def _event_change(event, item) -> Change:
    letter = event.letter if event.letter_id and getattr(event.letter, "is_public", False) else None
    if event.kind == "deadline":
        what = _("Termijn gewijzigd van '%(old)s' naar '%(new)s'") % {
            "old": event.old_deadline_phrase or "-",
            "new": event.new_deadline_phrase or "-",
        }
    elif event.kind in ("created", "imported", "published"):
        what = _("Nieuw: %(status)s") % {"status": status_label(item, event.to_status)}
    elif event.kind == "updated":
        what = _("Bijgewerkt: %(fields)s") % {"fields": ", ".join(event.changed_field_labels())}
    else:
        what = _("Status: %(old)s → %(new)s") % {
            "old": status_label(item, event.from_status),
            "new": status_label(item, event.to_status),
        }
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
        known = (
            now + 5,
            Subscription.objects.filter(state=S.ACTIVE, frequency=Frequency.IMMEDIATE, kind=kind).exists(),
        )
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
        logger.debug("alerts for event %s:%s left to the sweep: broker unavailable", event._meta.label_lower, event.pk)


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
    events = list(
        event_model.objects.filter(is_public=True, at__gt=since, at__lte=until, **{f"{field}__in": items.values("pk")})
        .select_related("letter")
        .order_by("at", "id")[:500]
    )
    by_pk = {item.pk: item for item in items.filter(pk__in={getattr(e, f"{field}_id") for e in events})}
    changes = [_event_change(e, by_pk[getattr(e, f"{field}_id")]) for e in events if getattr(e, f"{field}_id") in by_pk]
    if spec.has_deadline:
        newly_late = items.filter(
            spec.model.open_q(), deadline_date__gte=timezone.localtime(since).date(), deadline_date__lt=today
        )
        for item in newly_late[:500]:
            changes.append(
                Change(
                    key=f"overdue:{item._meta.label_lower}:{item.pk}:{item.deadline_date}",
                    item=item,
                    what=_("Te laat: de termijn (%(deadline)s) is verstreken") % {"deadline": item.deadline_display},
                    at=until,
                )
            )
    done = set(
        Delivery.objects.filter(subscription=subscription, key__in=[c.key for c in changes]).values_list(
            "key", flat=True
        )
    )
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
    outbox_key = f"alerts:digest:{sub.pk}:{digest_of:%Y%m%dT%H%M}" if digest_of else f"alerts:{sub.pk}:{changes[0].key}"
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
            _enqueue(
                sub,
                key=outbox_key,
                kind="alert",
                subject=subject,
                text=text,
                item=fresh[0].item if len(fresh) == 1 else None,
            )
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
    manage = link_url("alerts:manage", make_token(sub, "manage"))
    unsubscribe_url = link_url("alerts:unsubscribe", make_token(sub, "unsubscribe"))
    stop_url = link_url("alerts:stop", make_token(Recipient.of(sub), "stop"))
    footer = _(
        "Je volgt: %(label)s (%(freq)s).\nInstellingen of pauzeren: %(manage)s\nAfmelden (één klik): %(unsub)s"
    ) % {"label": sub.label, "freq": sub.get_frequency_display(), "manage": manage, "unsub": unsubscribe_url}
    footer += "\n" + _("Nooit meer e-mail van Kamertracker op dit adres: %(stop)s") % {"stop": stop_url}
    return subject[:300], "\n\n".join(blocks) + "\n\n-- \n" + footer


def _enqueue(
    sub: Subscription, *, key: str, kind: str, subject: str, text: str, item=None, unsubscribe_url: str | None = None
):
    """Queue one mail to the subscriber, unless its owner stopped all mail to the address."""
    from notifications.services import enqueue

    if Recipient.objects.filter(email=sub.email, stopped_at__isnull=False).exists():
        return None
    unsubscribe_url = unsubscribe_url or link_url("alerts:unsubscribe", make_token(sub, "unsubscribe"))
    headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    extra = {"item": item} if item is not None else {}
    return enqueue(
        key=key, to=sub.email, subject=subject, text=text, headers=headers, language=sub.language, kind=kind, **extra
    )
