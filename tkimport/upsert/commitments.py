"""Commitments from the source, their deadlines and their relations."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from commitments.models import Commitment
from commitments.services import commitment_create, commitment_transition
from core import deadlines
from core.models import Ministry
from core.workflow import TransitionNotAllowed

from .. import mapping, staging
from ..models import CommitmentRelation
from .common import SOURCE, apply_fields, record_change
from .letters import LetterWriter
from .refs import RefCache

RELATIONS = {
    "IsHerhalingVan": CommitmentRelation.Kind.REPEATS,
    "IsWijzigingVan": CommitmentRelation.Kind.CHANGES,
    "IsAanvullingOp": CommitmentRelation.Kind.SUPPLEMENTS,
}


class CommitmentWriter:
    def __init__(self, report, refs: RefCache, letters: LetterWriter):
        self.report, self.refs, self.letters = report, refs, letters
        self.ministries = list(Ministry.objects.all())

    def ministry(self, name: str):
        name = (name or "").strip().lower()
        if not name:
            return None
        for ministry in self.ministries:
            if name in (ministry.name.lower(), ministry.abbreviation.lower()):
                return ministry
        return None

    def apply_chunk(self, ids: list[str]) -> None:
        found = staging.records("Toezegging", ids)
        links = staging.links_from(found)
        related = staging.records(
            None, {b for rows in links.values() for e, b, _r in rows if e in ("Fractie", "Persoon")}
        )
        for tk_id, record in found.items():
            try:
                self.apply(tk_id, record, links.get(tk_id, []), related)
            except Exception as exc:  # noqa: BLE001 - one bad record must not stop the rest
                self.report.problem(record.get("Nummer") or tk_id, f"toezegging niet verwerkt: {exc}")

    def apply(self, tk_id, record, rows, related) -> None:
        number = (record.get("Nummer") or "").strip() or None
        commitment = Commitment.objects.filter(tk_id=tk_id).first() or (
            Commitment.objects.filter(number=number, tk_id__isnull=True).first() if number else None
        )
        if mapping.is_deleted(record):
            if commitment:
                record_change(
                    commitment, _("Verwijderd in %(source)s; de toezegging blijft hier staan.") % {"source": SOURCE}
                )
            self.report.count("commitments_deleted_at_source")
            return
        text = (record.get("Tekst") or "").strip()
        if not text:
            self.report.problem(number or tk_id, "toezegging zonder tekst; overgeslagen")
            return
        status = mapping.commitment_status(record.get("Status"))
        if status is None:
            self.report.problem(
                number or tk_id,
                f"status {record.get('Status')!r} onbekend; status niet overgenomen "
                "(de waarde blijft bewaard in de bron)",
            )
        ministry = self.ministry(record.get("Ministerie"))
        if record.get("Ministerie") and ministry is None:
            self.report.count("commitments_unknown_ministry")
        to_party = next(
            (
                self.refs.party(related[b].get("Afkorting") or "", b, related[b].get("NaamNL") or "")
                for e, b, r in rows
                if r == "ToegezegdAanFractie" and b in related
            ),
            None,
        )
        to_member = next(
            (
                self.refs.person(mapping.person_name_parts(related[b]), b)
                for e, b, r in rows
                if r == "ToegezegdAanPersoon" and b in related
            ),
            None,
        )
        made_by = self.refs.person(mapping.person_name_parts(record))
        deadline = mapping.commitment_deadline(record.get("DatumNakoming"))
        fields = {
            "made_by_function": (record.get("Functie") or "")[:200],
            "made_on": mapping.parse_date(record.get("Aanmaakdatum")),
        }
        reason = _("Geïmporteerd uit %(source)s (%(number)s)") % {"source": SOURCE, "number": number or tk_id}
        with transaction.atomic():
            if commitment is None:
                commitment = commitment_create(
                    text=text,
                    number=number,
                    tk_id=tk_id,
                    made_by=made_by,
                    ministry=ministry,
                    to_party=to_party,
                    to_member=to_member,
                    deadline_phrase=mapping.deadline_phrase(deadline),
                    imported=True,
                    status=status or "openstaand",
                    reason=reason,
                    **fields,
                )
                self.report.count("commitments_created")
            else:
                self._update(commitment, tk_id, text, fields, ministry, deadline, status, made_by)
            self._relations(commitment, rows)
            letters = [self.letters.by_number(n) for n in mapping.letter_numbers(record.get("KamerbriefNakoming"))]
            for letter in filter(None, letters):
                self.letters.link(letter, [commitment])

    def _update(self, commitment, tk_id, text, fields, ministry, deadline, status, made_by) -> None:
        changed = apply_fields(
            commitment,
            tk_id=tk_id,
            replace=[("text", text), *fields.items()],
            fill=[("ministry", ministry), ("made_by", made_by)],
        )
        if deadline != commitment.deadline_date:
            deadlines.set_deadline(
                item=commitment,
                phrase=mapping.deadline_phrase(deadline),
                reason=_("Termijn volgens %(source)s") % {"source": SOURCE},
            )
            changed = True
        if status and status != commitment.status:
            try:
                with transaction.atomic():
                    commitment_transition(
                        commitment=commitment, to=status, reason=_("Status volgens %(source)s") % {"source": SOURCE}
                    )
                changed = True
            except TransitionNotAllowed as exc:
                self.report.problem(commitment.number or tk_id, f"status niet gewijzigd: {exc}")
        self.report.count("commitments_updated" if changed else "commitments_unchanged")

    def _relations(self, commitment, rows) -> None:
        for _e, other_id, rel in rows:
            kind = RELATIONS.get(rel.lstrip("^"))
            if kind is None:
                continue
            other = Commitment.objects.filter(tk_id=other_id).first()
            if other is None:
                continue
            source, target = (commitment, other) if not rel.startswith("^") else (other, commitment)
            try:
                with transaction.atomic():
                    _obj, created = CommitmentRelation.objects.get_or_create(commitment=source, kind=kind, other=target)
            except IntegrityError:
                created = False
            if created:
                self.report.count("commitment_relations_created")
