"""Reminders and weekly digests: the sweep that turns deadlines into outbox rows, the last-moment
check before a reminder is sent, and the hook that cancels reminders an item's status made moot.

One sweep (beat every few minutes, or ``manage.py send_reminders``) does, in one transaction:
1. read the open items whose deadline is near or past (selectors: two queries);
2. for each item compute the latest reminder point reached today (``schedule.due_and_moot``); its
   outbox key ``reminder:<item>:<kind>:<deadline>`` makes it idempotent;
3. look up which of those keys exist (one query); insert the new rows in one statement (ignoring
   keys another sweep inserted meanwhile); earlier points the latest one makes moot are recorded as
   skipped, and pending rows for them are marked skipped;
4. on the digest day (or later in the same week), one weekly overview per person and per ministry;
5. claim the due outbox rows (``select_for_update(skip_locked=True)``) and queue one send task per
   row when the transaction commits.
The number of queries does not depend on the number of items.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications import services as outbox
from notifications.models import OutboxMessage, OutboxState

from . import schedule, selectors
from .models import ReminderPolicy

logger = logging.getLogger(__name__)

VETO_CHECK = "reminder"  # the pre-send check registered by RemindersConfig.ready
SUBJECTS = {
    "nl": {
        "before": "Herinnering: termijn over {days} dagen – {name}",
        "due": "Herinnering: termijn verloopt vandaag – {name}",
        "overdue": "Te laat ({days} dagen): {name}",
        "digest": "Weekoverzicht Kamertracker – {name}",
    },
    "en": {
        "before": "Reminder: deadline in {days} days – {name}",
        "due": "Reminder: deadline today – {name}",
        "overdue": "Overdue ({days} days): {name}",
        "digest": "Kamertracker weekly overview – {name}",
    },
}
TABLE_LABELS = {
    "nl": {
        "ref": "Kamerstuk",
        "number": "Nummer",
        "origin": "Herkomst",
        "deadline": "Termijn",
        "date": "Uiterste datum",
        "date_format": "j F Y",
        "status": "Status",
        "ministry": "Ministerie",
        "open": "Openen in Kamertracker",
    },
    "en": {
        "ref": "Kamerstuk",
        "number": "Number",
        "origin": "Origin",
        "deadline": "Deadline",
        "date": "Latest date",
        "date_format": "Y-m-d",
        "status": "Status",
        "ministry": "Ministry",
        "open": "Open in Kamertracker",
    },
}


@dataclass
class Planned:
    key: str
    to: str
    subject: str
    note: str = ""


@dataclass
class SweepResult:
    today: date
    dry_run: bool
    reminders: list[Planned] = field(default_factory=list)
    skipped: list[Planned] = field(default_factory=list)
    digests: list[Planned] = field(default_factory=list)
    no_recipient: list[str] = field(default_factory=list)
    claimed: int = 0


def reminder_key(item, kind: str, deadline: date) -> str:
    return f"reminder:{item._meta.label_lower}:{item.pk}:{kind}:{deadline.isoformat()}"


def digest_key(scope: str, pk: int, week_start: date) -> str:
    return f"digest:{scope}:{pk}:{week_start.isoformat()}"


def _language(language: str) -> str:
    return language if language in SUBJECTS else "nl"


def _item_context(item) -> dict:
    """What a mail shows of an item; call inside ``translation.override``."""
    return {
        "label": str(
            translation.gettext("Motie") if item._meta.model_name == "motion" else translation.gettext("Toezegging")
        ),
        "name": item.name(),
        "is_motion": item._meta.model_name == "motion",
        "title": selectors.title(item),
        "ref": selectors.own_reference(item),
        "origin": selectors.origin(item),
        "deadline_phrase": item.deadline_phrase,
        "deadline_date": item.deadline_date,
        "status": str(item.get_status_display()),
        "ministry": str(item.ministry or ""),
        "url": selectors.admin_url(item),
    }


def render_reminder(item, point: schedule.Point, *, today: date, language: str, via_ministry: bool) -> dict:
    language = _language(language)
    kind_type = point.kind.split("-")[0]
    days = abs((item.deadline_date - today).days)
    with translation.override(language):
        ctx = {
            **_item_context(item),
            "kind_type": kind_type,
            "days": days,
            "via_ministry": via_ministry,
            "labels": TABLE_LABELS[language],
        }
        subject = SUBJECTS[language][kind_type].format(days=days, name=ctx["name"])
        return {
            "subject": " ".join(subject.split()),
            "text": render_to_string(f"reminders/mail/reminder.{language}.txt", ctx),
            "html": render_to_string(f"reminders/mail/reminder.{language}.html", ctx),
            "language": language,
        }


def sweep(*, today: date | None = None, dry_run: bool = False) -> SweepResult:
    """One reminder sweep as of ``today`` (the same code for beat and the command). With
    ``dry_run`` nothing is written: the result says what would be sent."""
    today = today or timezone.localdate()
    result = SweepResult(today=today, dry_run=dry_run)
    policy = ReminderPolicy.current()
    if not policy.enabled:
        return result
    horizon = max([*policy.days_before, policy.digest_horizon_days, 0])
    items = selectors.open_items_with_deadline(until=today + timedelta(days=horizon))
    plans = []
    for item in items:
        due, moot = schedule.due_and_moot(
            item.deadline_date,
            today=today,
            catch_up_days=policy.catch_up_days,
            days_before=policy.days_before,
            on_the_day=policy.on_the_day,
            overdue_every=policy.overdue_every_days,
        )
        if due is not None:
            # Points before the item existed were never missed: nothing to record for them.
            created = timezone.localdate(item.created_at)
            moot = [p for p in moot if p.on >= created]
            plans.append((item, due, moot))
    digests = _plan_digests(policy, today, items) if today.weekday() >= policy.digest_weekday else {}
    keys = [reminder_key(item, p.kind, item.deadline_date) for item, due, moot in plans for p in (due, *moot)]
    keys += list(digests)

    with transaction.atomic():
        existing = (
            dict(OutboxMessage.objects.filter(dedup_key__in=keys).values_list("dedup_key", "state")) if keys else {}
        )
        rows, moot_pending = [], []
        for item, due, moot in plans:
            _plan_item(item, due, moot, today, existing, rows, moot_pending, result)
        for key, digest in digests.items():
            if key not in existing:
                rows.append(_digest_row(key, digest, today))
                result.digests.append(Planned(key, digest["to"], rows[-1].subject))
        if dry_run:
            return result
        outbox.enqueue_many(rows)
        if moot_pending:
            OutboxMessage.objects.filter(dedup_key__in=moot_pending, state=OutboxState.PENDING).update(
                state=OutboxState.SKIPPED,
                last_error="Niet meer nodig: een latere herinnering is aan de beurt.",
                updated_at=timezone.now(),
            )
        result.claimed = len(outbox.claim_due())
    return result


def _plan_item(item, due, moot, today, existing, rows, moot_pending, result) -> None:
    to, language = selectors.recipient(item)
    due_key = reminder_key(item, due.kind, item.deadline_date)
    for point in moot:
        key = reminder_key(item, point.kind, item.deadline_date)
        if existing.get(key) == OutboxState.PENDING:
            moot_pending.append(key)
        elif key not in existing:
            note = f"Overgeslagen: vervangen door {due.kind} ({due.on:%Y-%m-%d})."
            row = outbox.build(
                key=key,
                to=to,
                subject=f"[{point.kind}] {item}",
                text=note,
                item=item,
                kind=point.kind,
                refers_to=item.deadline_date,
                state=OutboxState.SKIPPED,
            )
            row.last_error = note
            rows.append(row)
            result.skipped.append(Planned(key, to, row.subject, note))
    if due_key in existing:
        return
    if not to:
        result.no_recipient.append(f"{item} ({due.kind})")
        logger.warning("no recipient for %s reminder of %s: no responsible e-mail, no ministry address", due.kind, item)
        return
    mail = render_reminder(
        item, due, today=today, language=language, via_ministry=not selectors.responsible_contact(item)[0]
    )
    rows.append(
        outbox.build(
            key=due_key, to=to, item=item, kind=due.kind, refers_to=item.deadline_date, presend_check=VETO_CHECK, **mail
        )
    )
    result.reminders.append(Planned(due_key, to, mail["subject"]))


# --- weekly digests -------------------------------------------------------------------------------


def _plan_digests(policy, today: date, items) -> dict[str, dict]:
    """Group the week's overview per responsible person and per ministry address (in memory)."""
    week_start = today - timedelta(days=today.weekday())
    horizon_end = today + timedelta(days=policy.digest_horizon_days)
    groups: dict[str, dict] = {}

    def targets(item):
        email, language = selectors.responsible_contact(item)
        if email:
            yield (
                digest_key("person", item.responsible_id, week_start),
                email,
                language,
                item.responsible.get_full_name() or item.responsible.get_username(),
            )
        if item.ministry_id and item.ministry.parliamentary_affairs_email:
            yield (
                digest_key("ministry", item.ministry_id, week_start),
                item.ministry.parliamentary_affairs_email,
                "nl",
                item.ministry.name,
            )

    def add(item, section, extra=None):
        for key, to, language, name in targets(item):
            group = groups.setdefault(
                key,
                {
                    "to": to,
                    "language": _language(language),
                    "name": name,
                    "week_start": week_start,
                    "horizon": policy.digest_horizon_days,
                    "overdue": [],
                    "upcoming": [],
                    "changed": [],
                },
            )
            group[section].append((item, extra))

    for item in items:
        if item.deadline_date < today:
            add(item, "overdue")
        elif item.deadline_date <= horizon_end:
            add(item, "upcoming")
    since = timezone.make_aware(datetime.combine(today - timedelta(days=7), time.min))
    for item, event in selectors.items_changed_since(since):
        add(item, "changed", event)
    return groups


def _digest_row(key: str, digest: dict, today: date) -> OutboxMessage:
    language = digest["language"]
    with translation.override(language):

        def rows(section):
            out = []
            for item, event in digest[section]:
                row = _item_context(item)
                if event is not None:
                    row["at"] = event.at
                    row["change"] = event.summary()
                out.append(row)
            return out

        ctx = {**digest, "overdue": rows("overdue"), "upcoming": rows("upcoming"), "changed": rows("changed")}
        subject = SUBJECTS[language]["digest"].format(name=digest["name"])
        text = render_to_string(f"reminders/mail/digest.{language}.txt", ctx)
        html = render_to_string(f"reminders/mail/digest.{language}.html", ctx)
    return outbox.build(
        key=key,
        to=digest["to"],
        subject=subject,
        text=text,
        html=html,
        language=language,
        kind="digest",
        refers_to=digest["week_start"],
    )


# --- cancellation -----------------------------------------------------------------------------------


def reminder_veto(message) -> str:
    """Checked by the outbox just before sending: a reason not to send, or ''."""
    item = message.item
    if item is None:
        return "Niet verzonden: het item bestaat niet meer."
    if not item.is_open():
        return f"Niet verzonden: het item is inmiddels '{item.get_status_display()}'."
    if item.deadline_date != message.refers_to:
        return "Niet verzonden: de termijn is gewijzigd."
    return ""


def cancel_moot_reminders(event) -> int:
    """Listener of every committed timeline event (``core.events``): a status change that settles an
    item cancels its pending reminders (the send task checks again just before sending)."""
    if event.kind != "status":
        return 0
    item = getattr(event, "motion", None) or getattr(event, "commitment", None)
    if item is None or item.is_open():
        return 0
    return outbox.cancel_for_item(item=item, reason=f"Geannuleerd: status werd '{item.get_status_display()}'.")
