"""Writes for commitments. Every status change goes through core.workflow.change_status."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import ItemServices, item_save_new, item_update
from core.workflow import StatusChange, change_status, record_creation

from .models import Commitment, CommitmentPassage, CommitmentStatus


@transaction.atomic
def commitment_create(
    *,
    text: str,
    by=None,
    imported: bool = False,
    status: str = CommitmentStatus.OPEN,
    reason: str = "",
    senate_dossiers=(),
    passages=(),
    **fields,
) -> Commitment:
    """Create a commitment and record its creation. A Senate commitment (``chamber="EK"``) may bring the
    dossiers the Senate registers it under (``senate_dossiers``: Dossier rows) and its quoted passages
    (``passages``: ``[(citation, text), ...]``). The deadline (``deadline_phrase``, ``deadline_exact``)
    and the other fields are :func:`core.services.item_save_new`'s."""
    commitment = item_save_new(Commitment, by=by, text=text, status=status, **fields)
    _write_senate_record(commitment, dossiers=senate_dossiers, passages=passages)
    record_creation(item=commitment, by=by, imported=imported, reason=reason, occurred_on=commitment.made_on)
    return commitment


def commitment_update(
    *, commitment: Commitment, data: dict, by=None, reason: str = "", version=None, extra_changed=()
) -> list[str]:
    """Change a commitment's fields (not its status or deadline); returns the names of the fields
    that changed."""
    return item_update(item=commitment, data=data, by=by, reason=reason, version=version, extra_changed=extra_changed)


def commitment_transition(
    *, commitment: Commitment, to: str, by=None, reason: str = "", letter=None, occurred_on=None
) -> StatusChange:
    return change_status(item=commitment, to=to, by=by, reason=reason, letter=letter, occurred_on=occurred_on)


MAX_PASSAGES = 50


def _clean_passages(passages) -> list[CommitmentPassage]:
    passages = list(passages)
    if len(passages) > MAX_PASSAGES:
        raise ValidationError(_("Hoogstens %(max)d passages per toezegging.") % {"max": MAX_PASSAGES})
    rows = []
    for position, item in enumerate(passages):
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise ValidationError(_("Een passage is een paar (vindplaats, tekst)."))
        citation, text = (str(part or "").strip() for part in item)
        row = CommitmentPassage(citation=citation, text=text, position=position)
        row.full_clean(exclude=["commitment"])
        rows.append(row)
    return rows


def _write_senate_record(commitment: Commitment, *, dossiers, passages) -> None:
    rows = _clean_passages(passages)
    dossiers = list(dossiers)
    if (rows or dossiers) and not commitment.is_senate:
        raise ValidationError(
            _(
                "Alleen een toezegging aan de Eerste Kamer heeft Kamerstukken en passages uit "
                "de stukken van de Eerste Kamer."
            )
        )
    commitment.senate_dossiers.set(dossiers)
    commitment.passages.all().delete()
    for row in rows:
        row.commitment = commitment
    CommitmentPassage.objects.bulk_create(rows)


@transaction.atomic
def commitment_set_senate_record(
    *, commitment: Commitment, dossiers=None, passages=None, by=None, reason: str = ""
) -> list[str]:
    """Replace what the Senate's registry lists of a commitment besides its fields: the dossiers it is
    registered under (Dossier rows) and/or its quoted passages (``[(citation, text), ...]``); None leaves
    that part as it is. Records one 'updated' event naming what changed; returns those names."""
    changed = []
    current_dossiers = set(commitment.senate_dossiers.values_list("pk", flat=True))
    current_passages = list(commitment.passages.values_list("citation", "text"))
    new_dossiers = current_dossiers if dossiers is None else {d.pk for d in dossiers}
    new_passages = (
        current_passages if passages is None else [(row.citation, row.text) for row in _clean_passages(passages)]
    )
    if new_dossiers != current_dossiers:
        changed.append("senate_dossiers")
    if new_passages != current_passages:
        changed.append("passages")
    if not changed:
        return []
    _write_senate_record(
        commitment, dossiers=commitment.senate_dossiers.model.objects.filter(pk__in=new_dossiers), passages=new_passages
    )
    return item_update(item=commitment, data={}, by=by, reason=reason, extra_changed=changed)


SERVICES = ItemServices(
    "commitment", create=commitment_create, update=commitment_update, transition=commitment_transition
)
