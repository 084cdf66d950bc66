"""Letters from the source (Brief regering): made, linked to what they name, sent through the workflow."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import StatusEventBase
from core.workflow import TransitionNotAllowed
from letters.models import Letter, LetterLink, LetterStatus, LinkEffect
from letters.services import WORKFLOW_ORDER, letter_advance, letter_create, letter_link
from motions.models import Motion
from parsing.kamerstuk import KamerstukRef

from .. import mapping, staging
from . import common
from .common import (
    SOURCE,
    apply_fields,
    imported_row,
    insert_rows,
    letter_import_reason,
    record_change,
    status_row,
    write_events,
)
from .refs import RefCache


@dataclass
class LetterValues:
    doc_id: str
    doc: dict
    number: str
    ref: KamerstukRef | None
    subject: str
    fields: dict  # date, document_number, ref
    zaak_ids: list
    motions: list = field(default_factory=list)


class LetterWriter:
    def __init__(self, report, refs: RefCache):
        self.report, self.refs = report, refs
        self.done: set[str] = set()

    def apply_chunk(self, document_ids: list[str], *, wanted: bool = False) -> None:
        """Letters of these documents. Only letters that answer something are made: one that shares a
        Zaak with a motion, names a motion in its subject, or (``wanted``) is named by a commitment.
        The others stay staged; they are made when such a motion or commitment arrives. New letters
        of a chunk are written together (:meth:`create_bulk`) when there are enough of them."""
        documents = {
            k: v
            for k, v in staging.records("Document", document_ids).items()
            if v.get("Soort") == mapping.LETTER_DOCUMENT_KIND and (wanted or k not in self.done)
        }
        self.done.update(documents)
        links = staging.links_from(documents, ("Zaak", "Kamerstukdossier", "DocumentVersie"))
        related = staging.records(
            None, {b for rows in links.values() for e, b, _r in rows if e in ("Kamerstukdossier", "DocumentVersie")}
        )
        values = []
        for doc_id, doc in documents.items():
            rows = links.get(doc_id, [])
            for e, b, _r in rows:
                if e == "DocumentVersie" and related.get(b, {}).get("ExterneIdentifier"):
                    doc.setdefault("ExterneIdentifier", related[b]["ExterneIdentifier"])
            dossier = next((related[b] for e, b, _r in rows if e == "Kamerstukdossier" and b in related), None)
            number = doc.get("DocumentNummer") or ""
            ref = mapping.document_ref(doc, dossier)
            values.append(
                LetterValues(
                    doc_id=doc_id,
                    doc=doc,
                    number=number,
                    ref=ref,
                    subject=" ".join((doc.get("Onderwerp") or doc.get("Titel") or number).split())[:500],
                    fields={"date": mapping.parse_date(doc.get("Datum")), "document_number": number[:30], "ref": ref},
                    zaak_ids=[b for e, b, _r in rows if e == "Zaak"],
                )
            )
        found = self._existing(values)
        self._find_motions(values)
        new = []
        for v in values:
            letter = found.get(v.doc_id)
            try:
                if mapping.is_deleted(v.doc):
                    if letter:
                        record_change(
                            letter, _("Verwijderd in %(source)s; de brief blijft hier staan.") % {"source": SOURCE}
                        )
                    self.report.count("letters_deleted_at_source")
                elif letter is None and not v.motions and not wanted:
                    self.report.count("letters_answering_nothing_yet")
                elif letter is None:
                    new.append(v)
                else:
                    self.apply(letter, v)
            except Exception as exc:  # noqa: BLE001 - one bad record must not stop the rest
                self.report.problem(v.number or v.doc_id, f"brief niet verwerkt: {exc}")
        bulk, single = self._bulk_safe(new)
        if len(bulk) >= common.BULK_MIN:
            self.create_bulk(bulk)
        else:
            single = new
        for v in single:
            try:
                self.create(v)
            except Exception as exc:  # noqa: BLE001
                self.report.problem(v.number or v.doc_id, f"brief niet verwerkt: {exc}")

    @staticmethod
    def _existing(values: list[LetterValues]) -> dict[str, Letter]:
        """The letter each document already is: by its Id, else a letter staff made (no Id yet) with
        its Kamerstuk or its document number; each such letter is taken by one document only."""
        by_tk = {str(letter.tk_id): letter for letter in Letter.objects.filter(tk_id__in=[v.doc_id for v in values])}
        missing = [v for v in values if v.doc_id not in by_tk]
        refs = [v.ref.kst_id for v in missing if v.ref]
        numbers = [v.number for v in missing if v.number]
        by_ref = (
            {letter.ref.kst_id: letter for letter in Letter.objects.filter(ref__in=refs, tk_id__isnull=True)}
            if refs
            else {}
        )
        by_number = {}
        if numbers:
            for letter in Letter.objects.filter(document_number__in=numbers, tk_id__isnull=True).order_by("id"):
                by_number.setdefault(letter.document_number, letter)
        found, taken = {}, set()
        for v in values:
            letter = by_tk.get(v.doc_id)
            if letter is None:
                letter = next(
                    (
                        c
                        for c in ((by_ref.get(v.ref.kst_id) if v.ref else None), by_number.get(v.number))
                        if c is not None and c.pk not in taken
                    ),
                    None,
                )
            if letter is not None:
                taken.add(letter.pk)
                found[v.doc_id] = letter
        return found

    @staticmethod
    def _find_motions(values: list[LetterValues]) -> None:
        """Through the shared Zaak, and through the Kamerstukken the subject names."""
        named = {
            v.doc_id: [r.kst_id for r in mapping.subject_refs(v.doc.get("Onderwerp")) if r != v.ref] for v in values
        }
        zaak_ids = {z for v in values for z in v.zaak_ids}
        by_zaak = defaultdict(list)
        for m in Motion.objects.filter(tk_id__in=zaak_ids) if zaak_ids else []:
            by_zaak[str(m.tk_id)].append(m)
        refs = {r for kst_ids in named.values() for r in kst_ids}
        by_ref = {m.ref.kst_id: m for m in Motion.objects.filter(ref__in=refs)} if refs else {}
        for v in values:
            found = [m for z in v.zaak_ids for m in by_zaak.get(z, [])]
            found += [by_ref[r] for r in named[v.doc_id] if r in by_ref and by_ref[r] not in found]
            v.motions = found

    @staticmethod
    def _bulk_safe(new: list[LetterValues]) -> tuple[list, list]:
        """New letters that can be inserted together; one whose Kamerstuk another letter already has
        (or another in the chunk) goes through letter_create alone, which refuses it and is reported."""
        refs = [v.ref.kst_id for v in new if v.ref]
        used = {r.kst_id for r in Letter.objects.filter(ref__in=refs).values_list("ref", flat=True)} if refs else set()
        bulk, single, seen = [], [], set()
        for v in new:
            key = v.ref.kst_id if v.ref else None
            if key and (key in used or key in seen):
                single.append(v)
                continue
            if key:
                seen.add(key)
            bulk.append(v)
        return bulk, single

    def apply(self, letter, v: LetterValues) -> None:
        with transaction.atomic():
            self._update(letter, v.doc_id, v.subject, v.fields)
            self.link(letter, v.motions)
        self.send(letter, v.doc)

    def create(self, v: LetterValues) -> Letter:
        """The service path for one new letter: letter_create, the import's own mark, the links,
        then :meth:`send` walks it to 'verzonden' through letters.services."""
        with transaction.atomic():
            letter = letter_create(
                subject=v.subject,
                tk_id=v.doc_id,
                imported=True,
                reason=letter_import_reason(v.number),
                dossier=self.refs.dossier(v.ref, v.doc.get("Titel")),
                **v.fields,
            )
            self.report.count("letters_created")
            self.link(letter, v.motions)
        self.send(letter, v.doc, created=True)
        return letter

    def create_bulk(self, values: list[LetterValues]) -> None:
        """The bulk path: the rows :meth:`create` writes through the services (the letter, now
        'verzonden'; its 'imported' creation event and the three status steps with the source as
        reason; its unconfirmed 'informeert' links), in a few statements for the whole chunk. As
        change_status does, each status event is handed to the after-status-change hooks once the
        transaction commits."""
        self.refs.dossiers_for([(v.ref, v.doc.get("Titel")) for v in values])
        with transaction.atomic():
            letters = [
                Letter(
                    subject=v.subject,
                    tk_id=v.doc_id,
                    dossier=self.refs.dossier(v.ref, v.doc.get("Titel")),
                    status=LetterStatus.SENT,
                    sent_at=self._sent_at(v.doc),
                    **v.fields,
                )
                for v in values
            ]
            Letter.objects.bulk_create(letters)
            rows, links = [], []
            for letter, v in zip(letters, values):
                # Made on the letter's date, not public until sent, sent on its date.
                why, on = letter_import_reason(v.number), letter.date
                rows.append(imported_row(letter, LetterStatus.DRAFT, why, occurred_on=on, is_public=False))
                why = self._sent_reason(letter)
                for a, b in zip(WORKFLOW_ORDER, WORKFLOW_ORDER[1:]):
                    sent = b == LetterStatus.SENT
                    rows.append(status_row(letter, a, b, why, occurred_on=on if sent else None, is_public=sent))
                links.extend((letter.pk, m.pk, LinkEffect.INFORMS, "", False) for m in v.motions)
            write_events(rows)
            insert_rows(LetterLink, ("letter", "motion", "effect", "new_deadline_phrase", "confirmed"), links)
        self.report.count("letters_created", len(values))
        self.report.count("letter_links_created", len(links))
        self.report.count("letters_sent", len(values))

    @staticmethod
    def _sent_at(doc):
        return mapping.parse_datetime(doc.get("Datum")) or timezone.now()

    @staticmethod
    def _sent_reason(letter) -> str:
        return _("Verzonden volgens %(source)s (%(number)s)") % {"source": SOURCE, "number": letter.document_number}

    def _update(self, letter, doc_id, subject, fields) -> None:
        changed = apply_fields(letter, tk_id=doc_id, replace=[("subject", subject), *fields.items()])
        self.report.count("letters_updated" if changed else "letters_unchanged")

    def link(self, letter, items) -> None:
        """Links the import proposes: effect 'informeert', not confirmed. Staff decide whether the
        letter settles the item; a link that exists (confirmed or not) is left as it is."""
        if not items:
            return
        have = list(letter.links.values_list("motion_id", "commitment_id"))
        have_motions, have_commitments = {m for m, _c in have}, {c for _m, c in have}
        for item in items:
            if (item.pk in have_motions) if isinstance(item, Motion) else (item.pk in have_commitments):
                continue
            link = letter_link(letter=letter, item=item, effect=LinkEffect.INFORMS)
            LetterLink.objects.filter(pk=link.pk).update(confirmed=False)
            self.report.count("letter_links_created")

    def send(self, letter, doc, *, created: bool = False) -> None:
        """A letter in the open data has been sent. A letter the import made is moved along its
        workflow to 'verzonden' (each step recorded, with the source as the reason); a letter staff
        made is sent only once they approved it ('vastgesteld'); otherwise the reason is reported."""
        if not created:
            letter.refresh_from_db()
        if letter.status == LetterStatus.SENT:
            return
        reason = self._sent_reason(letter)
        # Made by the import: created without a user, and no one but the import moved it since.
        made_by_import = created or (
            letter.events.filter(
                kind=StatusEventBase.Kind.IMPORTED, reason=letter_import_reason(letter.document_number)
            ).exists()
            and not letter.events.filter(kind=StatusEventBase.Kind.STATUS).exclude(reason=reason).exists()
        )
        if letter.status != LetterStatus.APPROVED and not made_by_import:
            self.report.problem(
                letter.document_number or str(letter.tk_id),
                f"brief staat op '{letter.get_status_display()}' (door medewerkers); "
                "niet op verzonden gezet: dat doen zij na vaststelling",
            )
            return
        try:
            letter_advance(letter=letter, to=LetterStatus.SENT, reason=reason, sent_at=self._sent_at(doc))
        except TransitionNotAllowed as exc:
            self.report.problem(letter.document_number or str(letter.tk_id), f"niet op verzonden gezet: {exc}")
            return
        self.report.count("letters_sent")

    def link_late_motions(self, created_refs: list[str]) -> None:
        """Letters staged before the motion their subject names arrived."""
        for batch in staging.chunks(created_refs):
            self.apply_chunk(staging.naming("Document", batch))

    def by_number(self, number: str):
        """The letter with this document number; made from the staged record if need be."""
        letter = Letter.objects.filter(document_number=number).first()
        if letter is None:
            self.apply_chunk(staging.naming("Document", [number]), wanted=True)
            letter = Letter.objects.filter(document_number=number).first()
        return letter
