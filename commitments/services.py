"""Writes for commitments. Every status change goes through core.workflow.change_status."""
from __future__ import annotations

from django.db import transaction

from core.services import ItemServices, item_save_new, item_update
from core.workflow import StatusChange, change_status, record_creation

from .models import Commitment, CommitmentStatus


@transaction.atomic
def commitment_create(*, text: str, by=None, deadline_phrase: str = "", deadline_exact=None, imported: bool = False,
                      status: str = CommitmentStatus.OPEN, reason: str = "", **fields) -> Commitment:
    commitment = item_save_new(Commitment, by=by, deadline_phrase=deadline_phrase, deadline_exact=deadline_exact,
                               text=text, status=status, **fields)
    record_creation(item=commitment, by=by, imported=imported, reason=reason, occurred_on=commitment.made_on)
    return commitment


def commitment_update(*, commitment: Commitment, data: dict, by=None, reason: str = "", version=None,
                      extra_changed=()) -> list[str]:
    """Change a commitment's fields (not its status or deadline); returns the names of the fields
    that changed."""
    return item_update(item=commitment, data=data, by=by, reason=reason, version=version,
                       extra_changed=extra_changed)


def commitment_transition(*, commitment: Commitment, to: str, by=None, reason: str = "", letter=None,
                          occurred_on=None) -> StatusChange:
    return change_status(item=commitment, to=to, by=by, reason=reason, letter=letter, occurred_on=occurred_on)


SERVICES = ItemServices("commitment", create=commitment_create, update=commitment_update, transition=commitment_transition)
