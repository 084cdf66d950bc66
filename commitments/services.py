"""Writes for commitments. Every status change goes through core.workflow.change_status."""
from __future__ import annotations

from django.db import transaction

from core import deadlines
from core.workflow import StatusChange, change_status, record_creation

from .models import Commitment, CommitmentStatus


@transaction.atomic
def commitment_create(*, text: str, by=None, deadline_phrase: str = "", imported: bool = False,
                      status: str = CommitmentStatus.OPEN, reason: str = "", **fields) -> Commitment:
    commitment = Commitment(text=text, status=status, **fields)
    if deadline_phrase:
        deadlines.apply_parsed(commitment, deadlines.parse(deadline_phrase))
    if status not in CommitmentStatus.values:
        raise ValueError(f"{status!r} is not a commitment status; expected one of {CommitmentStatus.values}")
    commitment.full_clean(exclude=["version", "status"])
    commitment.save()
    record_creation(item=commitment, by=by, imported=imported, reason=reason,
                    is_public=commitment.is_public)
    return commitment


def commitment_transition(*, commitment: Commitment, to: str, by=None, reason: str = "", letter=None) -> StatusChange:
    return change_status(item=commitment, to=to, by=by, reason=reason, letter=letter)
