"""Reads for reminders and digests: the tracked items that are still owed, with everything a mail
shows already joined, so a sweep costs the same number of queries for 10 items or 100,000."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from commitments.models import Commitment, CommitmentEvent
from motions.models import Motion, MotionEvent


def _motions():
    return Motion.objects.select_related("ministry", "responsible__staff_profile", "dossier")


def _commitments():
    return Commitment.objects.select_related(
        "ministry", "responsible__staff_profile", "source_letter", "motion", "debate"
    )


def open_items_with_deadline(*, until: date) -> list:
    """Open motions and commitments whose deadline's latest date is on or before ``until``
    (overdue ones included): two queries."""
    motions = _motions().open().filter(deadline_date__lte=until).order_by("deadline_date", "pk")
    commitments = _commitments().open().filter(deadline_date__lte=until).order_by("deadline_date", "pk")
    return [*motions, *commitments]


def items_changed_since(since: datetime) -> list[tuple]:
    """(item, event) for every status or deadline change since ``since``, newest first: two queries."""
    motion_events = MotionEvent.objects.filter(at__gte=since).select_related(
        "motion__ministry", "motion__responsible__staff_profile"
    )
    commitment_events = CommitmentEvent.objects.filter(at__gte=since).select_related(
        "commitment__ministry", "commitment__responsible__staff_profile"
    )
    pairs = [(e.motion, e) for e in motion_events] + [(e.commitment, e) for e in commitment_events]
    return sorted(pairs, key=lambda pair: pair[1].at, reverse=True)


def own_reference(item) -> str:
    """The item's own reference: a motion's Kamerstuk, a commitment's TZ number (never the number of
    the motion it follows or the letter it was made in: see :func:`origin`)."""
    if isinstance(item, Motion):
        return str(item.ref)
    return item.number or ""


def origin(item) -> str:
    """Where a commitment comes from, by the readable names of those items: the motion it follows up,
    the letter it was made in, the debate."""
    if isinstance(item, Motion):
        return ""
    parts = []
    if item.motion_id:
        parts.append(gettext("vervolg op %(item)s") % {"item": item.motion.name()})
    if item.source_letter_id:
        parts.append(gettext("gedaan in %(item)s") % {"item": item.source_letter.name()})
    if item.debate_id:
        parts.append(gettext("gedaan in %(debate)s") % {"debate": item.debate})
    return "; ".join(parts)


def admin_url(item) -> str:
    name = f"admin:{item._meta.app_label}_{item._meta.model_name}_change"
    return f"{settings.SITE_URL}{reverse(name, args=[item.pk])}"


def title(item) -> str:
    if isinstance(item, Motion):
        return item.title
    text = " ".join(item.text.split())
    return text if len(text) <= 140 else text[:139] + "…"


def responsible_contact(item) -> tuple[str, str]:
    """(e-mail, language) of the item's responsible staff member, or ('', '')."""
    user = item.responsible
    if user is None or not user.email:
        return "", ""
    profile = getattr(user, "staff_profile", None)  # None when the user has no profile
    return user.email, (profile.language if profile else "nl")


def recipient(item) -> tuple[str, str]:
    """Who gets the item's reminders: the responsible staff member (in their language), else the
    ministry's parliamentary affairs address (in Dutch). ('', '') when there is nobody."""
    email, language = responsible_contact(item)
    if email:
        return email, language
    if item.ministry_id and item.ministry.parliamentary_affairs_email:
        return item.ministry.parliamentary_affairs_email, "nl"
    return "", ""
