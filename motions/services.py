"""Writes for motions. Every status change goes through core.workflow.change_status."""

from __future__ import annotations

from django.db import transaction

from core.services import ItemServices, item_save_new, item_update
from core.workflow import StatusChange, change_status, record_creation

from .models import Motion, MotionStatus, MotionSubmitter, MotionVote

VOTE_OUTCOMES = {
    MotionStatus.ADOPTED,
    MotionStatus.REJECTED,
    MotionStatus.HELD,
    MotionStatus.WITHDRAWN,
    MotionStatus.LAPSED,
    MotionStatus.TAKEN_OVER,
}


@transaction.atomic
def motion_create(
    *,
    ref,
    title: str,
    by=None,
    submitters=(),
    status: str = MotionStatus.SUBMITTED,
    imported: bool = False,
    reason: str = "",
    **fields,
) -> Motion:
    """Create a motion with its submitters in order (``[(person, party), ...]``); the first is the
    indiener. The chamber follows from the Kamerstuk unless given ('34 775, F' is the Senate's). ``status``
    other than ingediend is for records that arrive decided (an import). The deadline
    (``deadline_phrase``, ``deadline_exact``) and the other fields are :func:`core.services.item_save_new`'s."""
    if "chamber" not in fields:
        parsed = Motion._meta.get_field("ref").to_python(ref)  # a ValidationError for a bad reference
        if parsed is not None:
            fields["chamber"] = parsed.house
    motion = item_save_new(Motion, by=by, ref=ref, title=title, status=status, **fields)
    for position, (person, party) in enumerate(submitters):
        MotionSubmitter.objects.create(motion=motion, person=person, party=party, position=position)
    record_creation(item=motion, by=by, imported=imported, reason=reason, occurred_on=motion.submitted_on)
    return motion


def motion_update(
    *, motion: Motion, data: dict, by=None, reason: str = "", version=None, extra_changed=()
) -> list[str]:
    """Change a motion's fields (not its status or deadline: see :func:`motion_transition`,
    :func:`core.deadlines.set_deadline`); returns the names of the fields that changed."""
    return item_update(item=motion, data=data, by=by, reason=reason, version=version, extra_changed=extra_changed)


def motion_transition(
    *, motion: Motion, to: str, by=None, reason: str = "", letter=None, occurred_on=None
) -> StatusChange:
    return change_status(item=motion, to=to, by=by, reason=reason, letter=letter, occurred_on=occurred_on)


@transaction.atomic
def motion_record_vote(
    *, motion: Motion, outcome: str, vote_date=None, result_text: str = "", votes=(), by=None, reason: str = ""
) -> StatusChange:
    """Record the House's decision: the outcome status, the vote date and result, and the votes per
    party (``[(party, choice, seats), ...]``), all or nothing."""
    if outcome not in VOTE_OUTCOMES:
        raise ValueError(f"{outcome!r} is not a vote outcome; expected one of {sorted(VOTE_OUTCOMES)}")
    change = change_status(item=motion, to=outcome, by=by, reason=reason, occurred_on=vote_date)
    fresh = change.item
    fresh.vote_date = vote_date
    fresh.vote_result = result_text or str(MotionStatus(outcome).label)
    fresh.save(update_fields=["vote_date", "vote_result", "updated_at"])
    for party, choice, seats in votes:
        MotionVote.objects.update_or_create(motion=fresh, party=party, defaults={"choice": choice, "seats": seats})
    motion.refresh_from_db()
    return change


SERVICES = ItemServices("motion", create=motion_create, update=motion_update, transition=motion_transition)
