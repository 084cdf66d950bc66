"""Motions from the source: the Besluit tied to each (never another motion's), votes, submitters,
through the services one by one, or in bulk for many new ones."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.models import StatusEventBase
from core.workflow import TransitionNotAllowed
from motions.models import Motion, MotionStatus, MotionSubmitter, MotionVote
from motions.services import VOTE_OUTCOMES, motion_create, motion_record_vote, motion_transition
from parsing.kamerstuk import KamerstukRef

from .. import mapping, staging
from . import common
from .common import SOURCE, apply_fields, changes_text, imported_row, insert_rows, record_change, write_events
from .refs import RefCache


@dataclass
class MotionValues:
    tk_id: str
    zaak_number: str
    deleted: bool
    ref: KamerstukRef | None = None
    title: str = ""
    submitted_on: dt.date | None = None
    cabinet_verdict: str = ""
    dossier_title: str = ""
    dossier_tk_id: str | None = None
    status: str = MotionStatus.SUBMITTED
    besluit: dict | None = None
    vote_date: dt.date | None = None
    vote_result: str = ""
    votes: list = field(default_factory=list)
    submitters: list = field(default_factory=list)  # [(name parts, persoon id, party abbr, fractie id)]
    replaces_ref: KamerstukRef | None = None
    letter_ids: list = field(default_factory=list)


def agendapunt_links(agendapunt_ids) -> tuple[dict, set, dict]:
    """Per Agendapunt: its Zaken, whether it was read with its own Zaak list (not only named by a
    Zaak), and its Besluiten."""
    zaken: dict[str, set] = defaultdict(set)
    besluiten: dict[str, set] = defaultdict(set)
    lists_zaken: set[str] = set()
    for a_id, rows in staging.links_from(agendapunt_ids, ("Zaak", "Besluit")).items():
        for entity, b_id, rel in rows:
            if entity == "Zaak":
                zaken[a_id].add(b_id)
                if rel == "Zaak":  # the Agendapunt's own Zaak list, not one Zaak naming it
                    lists_zaken.add(a_id)
            else:
                besluiten[a_id].add(b_id)
    return zaken, lists_zaken, besluiten


class BesluitTies:
    """Which Besluiten decide which motion Zaken of one chunk (:func:`mapping.tied_zaken`), and
    the Besluiten that cannot be tied to one Zaak (reported once per run, deciding nothing)."""

    def __init__(self, zaak_links: dict[str, list], reported: set, report):
        self.by_zaak: dict[str, set] = {z: {b for e, b, _r in rows if e == "Besluit"} for z, rows in zaak_links.items()}
        agendapunt_ids = {b for rows in zaak_links.values() for e, b, _r in rows if e == "Agendapunt"}
        self.agendapunt_zaken, lists_zaken, self.agendapunt_besluiten = agendapunt_links(agendapunt_ids)
        own = staging.links_from({b for ids in self.agendapunt_besluiten.values() for b in ids}, "Zaak")
        self.untied: dict[str, set] = defaultdict(set)  # agendapunt -> Besluiten tied to no Zaak
        for a_id, besluit_ids in self.agendapunt_besluiten.items():
            for b_id in besluit_ids:
                zaken = mapping.tied_zaken(
                    {z for _e, z, _r in own.get(b_id, [])}, self.agendapunt_zaken[a_id], a_id in lists_zaken
                )
                if zaken is None:
                    self.untied[a_id].add(b_id)
                    continue
                for zaak_id in zaken & self.by_zaak.keys():
                    self.by_zaak[zaak_id].add(b_id)
        self.zaak_agendapunten = {z: [b for e, b, _r in rows if e == "Agendapunt"] for z, rows in zaak_links.items()}
        self.reported, self.report = reported, report

    def record_ids(self) -> set:
        return (
            {b for ids in self.by_zaak.values() for b in ids}
            | {b for ids in self.untied.values() for b in ids}
            | set(self.agendapunt_besluiten)
        )

    def undecidable(self, zaak_id: str, related: dict) -> list[tuple[dict, list]]:
        """The agenda items of this Zaak with deciding Besluiten that belong to no Zaak in
        particular: ``[(agendapunt, [besluit, ...])]``; each such Besluit is reported once."""
        found = []
        for a_id in self.zaak_agendapunten.get(zaak_id, []):
            besluiten = [related[b] | {"_id": b} for b in sorted(self.untied.get(a_id, ())) if b in related]
            besluiten = [b for b in besluiten if mapping.decides(b)]
            if not besluiten:
                continue
            agendapunt = related.get(a_id, {}) | {"_id": a_id}
            for besluit in besluiten:
                report_untied(self.report, self.reported, besluit, agendapunt, len(self.agendapunt_zaken[a_id]))
            found.append((agendapunt, besluiten))
        return found


def report_untied(report, reported: set, besluit: dict, agendapunt: dict | None, zaken: int) -> None:
    """'Besluit X: agendapunt Y met N zaken, geen Zaak-koppeling; ... beslist niets', once per run."""
    if besluit["_id"] in reported:
        return
    reported.add(besluit["_id"])
    where = (
        f"agendapunt {agendapunt.get('Nummer') or agendapunt['_id']} met {zaken} zaken, geen Zaak-koppeling"
        if agendapunt
        else "geen Zaak en geen agendapunt"
    )
    report.problem(
        f"Besluit {besluit['_id']}",
        f"{where}; '{besluit.get('BesluitSoort')}' beslist niets "
        "(een import met de koppeling Besluit-Zaak beslist het)",
    )


def report_untied_besluiten(report, reported: set, besluit_ids: list[str]) -> None:
    """Deciding Besluiten read in this run (``besluit_ids``) that no motion could take up: no Zaak
    link, and no Agendapunt with exactly one Zaak (in the network import, where Agendapunten are not
    read, any Besluit without its Zaak). Reported once each; they decide nothing."""
    for batch in staging.chunks([b for b in besluit_ids if b not in reported]):
        with_zaak = staging.links_from(batch, "Zaak")
        besluiten = {
            i: data | {"_id": i}
            for i, data in staging.records("Besluit", batch).items()
            if i not in with_zaak and mapping.decides(data)
        }
        if not besluiten:
            continue
        to_agendapunt = staging.links_from(besluiten, "Agendapunt")
        agendapunt_ids = {a for rows in to_agendapunt.values() for _e, a, _r in rows}
        agendapunten = staging.records(None, agendapunt_ids)
        zaken, lists_zaken, _besluiten = agendapunt_links(agendapunt_ids)
        for b_id, besluit in sorted(besluiten.items()):
            a_id = next((a for _e, a, _r in to_agendapunt.get(b_id, [])), None)
            if a_id and mapping.tied_zaken((), zaken[a_id], a_id in lists_zaken) is not None:
                continue  # tied to its agenda item's one Zaak (a motion there took it up, or it is no motion)
            agendapunt = (agendapunten.get(a_id, {}) | {"_id": a_id}) if a_id else None
            report_untied(report, reported, besluit, agendapunt, len(zaken[a_id]) if a_id else 0)


def load_motions(zaak_ids: list[str], report, reported: set | None = None) -> tuple[list[MotionValues], dict]:
    """Read a chunk of motion Zaken with everything related and map them. A motion's decision and
    votes come only from a Besluit tied to it (:class:`BesluitTies`); ``reported`` holds the
    Besluiten already reported as untied in this run."""
    zaken = {k: v for k, v in staging.records("Zaak", zaak_ids).items() if v.get("Soort") == "Motie"}
    links = staging.links_from(zaken)
    ties = BesluitTies(links, reported if reported is not None else set(), report)
    related_ids = {b_id for rows in links.values() for _e, b_id, _r in rows} | ties.record_ids()
    related = staging.records(None, related_ids)
    document_ids = [b for rows in links.values() for e, b, _r in rows if e == "Document"]
    versions = staging.linked_records(document_ids, "DocumentVersie", keys=("ExterneIdentifier",))
    deciding = {}
    for zaak_id in zaken:
        besluiten = [related[b] | {"_id": b} for b in ties.by_zaak.get(zaak_id, ()) if b in related]
        deciding[zaak_id] = (besluiten, mapping.deciding_besluit(besluiten))
    votes = staging.linked_records([d["_id"] for _b, d in deciding.values() if d], "Stemming", keys=mapping.VOTE_FIELDS)
    fractie_ids = {row.get("Fractie_Id") for rows in votes.values() for row in rows.values()}
    actor_people = set()
    for rows in links.values():
        for e, b, _r in rows:
            if e == "ZaakActor" and b in related:
                actor_people.add(related[b].get("Persoon_Id"))
                fractie_ids.add(related[b].get("Fractie_Id"))
    fracties = staging.records("Fractie", [f for f in fractie_ids if f])
    people = staging.records("Persoon", [p for p in actor_people if p])

    values = []
    for zaak_id, zaak in zaken.items():
        rows = links.get(zaak_id, [])
        docs = [related[b] | {"_id": b} for e, b, _r in rows if e == "Document" and b in related]
        dossiers = [related[b] for e, b, _r in rows if e == "Kamerstukdossier" and b in related]
        besluiten, besluit = deciding[zaak_id]
        v = MotionValues(tk_id=zaak_id, zaak_number=zaak.get("Nummer") or zaak_id, deleted=mapping.is_deleted(zaak))
        motion_docs = [d for d in docs if d.get("Soort") in mapping.MOTION_DOCUMENT_KINDS and not mapping.is_deleted(d)]
        motion_docs.sort(key=lambda d: d.get("Volgnummer") != zaak.get("Volgnummer"))
        dossier = dossiers[0] if dossiers else None
        for doc in motion_docs:
            for version in versions.get(doc["_id"], {}).values():
                doc.setdefault("ExterneIdentifier", version.get("ExterneIdentifier"))
            v.ref = mapping.document_ref(doc, dossier)
            if v.ref:
                break
        if v.ref is None and dossier and zaak.get("Volgnummer"):
            v.ref = mapping.document_ref({"Volgnummer": zaak["Volgnummer"]}, dossier)
        v.title = " ".join((zaak.get("Onderwerp") or zaak.get("Titel") or "").split())[:500]
        v.submitted_on = mapping.parse_date(zaak.get("GestartOp")) or (
            mapping.parse_date(motion_docs[0].get("Datum")) if motion_docs else None
        )
        v.cabinet_verdict = mapping.cabinet_verdict(zaak)[:120]
        v.dossier_title = (dossier or {}).get("Titel") or zaak.get("Titel") or ""
        v.dossier_tk_id = None
        v.status = mapping.motion_status(besluiten)
        v.besluit = besluit
        if besluit:
            v.vote_date = mapping.parse_date(besluit.get("GewijzigdOp"))
            v.vote_result = (besluit.get("BesluitTekst") or "")[:120]
            v.votes, problems = mapping.party_votes(
                sorted(votes.get(besluit["_id"], {}).values(), key=lambda row: str(row.get("Id")))
            )
            for problem in problems:
                report.problem(v.zaak_number, problem)
        elif not v.deleted:
            for agendapunt, untied in ties.undecidable(zaak_id, related):
                report.problem(
                    v.zaak_number,
                    (
                        f"status niet bepaald: {len(untied)} besluit(en) van agendapunt "
                        f"{agendapunt.get('Nummer') or agendapunt['_id']} horen bij geen Zaak in het bijzonder"
                    ),
                )
        actors = sorted(
            (related[b] for e, b, _r in rows if e == "ZaakActor" and b in related),
            key=lambda a: (a.get("Relatie") != "Indiener", a.get("ActorNaam") or ""),
        )
        for actor in actors:
            if mapping.is_deleted(actor) or actor.get("Relatie") not in ("Indiener", "Medeindiener"):
                continue
            person = people.get(str(actor.get("Persoon_Id")), {})
            parts = (
                mapping.person_name_parts(person)
                if person
                else mapping.person_name_parts({"Naam": actor.get("ActorNaam")})
            )
            v.submitters.append(
                (parts, actor.get("Persoon_Id"), actor.get("ActorFractie") or "", actor.get("Fractie_Id"))
            )
        v.replaces_ref = mapping.tvv_ref(zaak.get("Onderwerp")) or next(
            (mapping.tvv_ref(d.get("Onderwerp")) for d in motion_docs if mapping.tvv_ref(d.get("Onderwerp"))), None
        )
        v.letter_ids = [d["_id"] for d in docs if d.get("Soort") == mapping.LETTER_DOCUMENT_KIND]
        if v.ref is None and not v.deleted:
            report.problem(v.zaak_number, "geen Kamerstuknummer (Document of Kamerstukdossier ontbreekt); overgeslagen")
            continue
        values.append(v)
    return values, fracties


class MotionWriter:
    def __init__(self, report, refs: RefCache):
        self.report, self.refs = report, refs
        self.created_refs: list[str] = []
        self.reported_besluiten: set[str] = set()

    def apply_chunk(self, zaak_ids: list[str]) -> None:
        values, fracties = load_motions(zaak_ids, self.report, self.reported_besluiten)
        self.refs.parties_for([vote for v in values for vote in v.votes], fracties)
        self.refs.prepare_submitters([s for v in values for s in v.submitters])
        self.refs.dossiers_for([(v.ref, v.dossier_title) for v in values])
        by_tk = {str(m.tk_id): m for m in Motion.objects.filter(tk_id__in=[v.tk_id for v in values])}
        missing = [v for v in values if v.tk_id not in by_tk and v.ref]
        by_ref = {m.ref.kst_id: m for m in Motion.objects.filter(ref__in=[v.ref.kst_id for v in missing])}
        new = []
        for v in values:
            motion = by_tk.get(v.tk_id) or (by_ref.get(v.ref.kst_id) if v.ref else None)
            if motion is None:
                if v.deleted:
                    self.report.count("deleted_not_created")
                else:
                    new.append(v)
                continue
            if motion.tk_id is not None and str(motion.tk_id) != v.tk_id:
                self.report.problem(v.zaak_number, f"Kamerstuk {v.ref} hoort al bij een andere Zaak; overgeslagen")
                continue
            try:
                self.update(motion, v)
            except Exception as exc:  # noqa: BLE001 - one bad record must not stop the rest
                self.report.problem(v.zaak_number, f"niet bijgewerkt: {exc}")
        if len(new) >= common.BULK_MIN:
            self.create_bulk(new)
        else:
            for v in new:
                try:
                    self.create(v)
                except Exception as exc:  # noqa: BLE001
                    self.report.problem(v.zaak_number, f"niet aangemaakt: {exc}")

    def _reason(self, v: MotionValues) -> str:
        return _("Geïmporteerd uit %(source)s (Zaak %(zaak)s)") % {"source": SOURCE, "zaak": v.zaak_number}

    def _fields(self, v: MotionValues) -> dict:
        return {
            "tk_id": v.tk_id,
            "submitted_on": v.submitted_on,
            "cabinet_verdict": v.cabinet_verdict,
            "dossier": self.refs.dossier(v.ref, v.dossier_title),
            "vote_date": v.vote_date if v.besluit else None,
            "vote_result": v.vote_result if v.besluit else "",
            "replaces": Motion.objects.filter(ref=v.replaces_ref).first() if v.replaces_ref else None,
        }

    def _votes(self, motion, v: MotionValues) -> list[MotionVote]:
        return [
            MotionVote(
                motion=motion,
                party=self.refs.parties[vote["party"]],
                choice=vote["choice"],
                seats=vote["seats"],
                mistaken=vote["mistaken"],
            )
            for vote in v.votes
        ]

    def _submitters(self, v: MotionValues) -> list:
        found = []
        for parts, persoon_id, party_abbr, fractie_id in v.submitters:
            party = self.refs.party(party_abbr, fractie_id)
            person = self.refs.person(parts, persoon_id, party)
            if person and person not in [p for p, _ in found]:
                found.append((person, party))
        return found

    @transaction.atomic
    def create(self, v: MotionValues) -> Motion:
        motion = motion_create(
            ref=v.ref,
            title=v.title or str(v.ref),
            status=v.status,
            imported=True,
            reason=self._reason(v),
            submitters=self._submitters(v),
            **self._fields(v),
        )
        MotionVote.objects.bulk_create(self._votes(motion, v))
        self._after_create(motion, v)
        self.report.count("motions_created")
        return motion

    def create_bulk(self, values: list[MotionValues]) -> None:
        """The bulk path: the rows motion_create would write, with the same 'imported' creation
        event, in a handful of statements for the whole chunk."""
        with transaction.atomic():
            motions = []
            for v in values:
                motion = Motion(ref=v.ref, title=v.title or str(v.ref), status=v.status, **self._fields(v))
                motions.append(motion)
            Motion.objects.bulk_create(motions)
            submitters, votes, rows = [], [], []
            for motion, v in zip(motions, values):
                submitters.extend(
                    (motion.pk, person.pk, party.pk if party else None, position)
                    for position, (person, party) in enumerate(self._submitters(v))
                )
                votes.extend(
                    (motion.pk, self.refs.parties[x["party"]].pk, x["choice"], x["seats"], x["mistaken"])
                    for x in v.votes
                )
                rows.append(imported_row(motion, v.status, self._reason(v), occurred_on=motion.submitted_on))
            insert_rows(MotionSubmitter, ("motion", "person", "party", "position"), submitters)
            insert_rows(MotionVote, ("motion", "party", "choice", "seats", "mistaken"), votes)
            write_events(rows)
            for motion, v in zip(motions, values):
                self._after_create(motion, v)
        self.report.count("motions_created", len(values))

    def _after_create(self, motion, v: MotionValues) -> None:
        self.created_refs.append(motion.ref.kst_id)
        if motion.replaces_id:
            record_change(motion.replaces, _("Vervangen door de gewijzigde motie %(ref)s") % {"ref": motion.ref})

    def update(self, motion: Motion, v: MotionValues) -> None:
        with transaction.atomic():
            motion = Motion.objects.select_for_update().get(pk=motion.pk)
            if v.deleted:
                record_change(motion, _("Verwijderd in %(source)s; de motie blijft hier staan.") % {"source": SOURCE})
                self.report.count("motions_deleted_at_source")
                return
            changed = self._update_fields(motion, v)
            status_changed = self._update_status(motion, v)
            votes_changed = self._sync_votes(motion, v)
            if votes_changed and not status_changed:
                record_change(
                    motion, _("Stemmen per fractie bijgewerkt uit %(source)s") % {"source": SOURCE}, fields=["votes"]
                )
            if v.besluit is None:
                self._check_unsupported(motion, v)
        self.report.count("motions_updated" if (changed or status_changed or votes_changed) else "motions_unchanged")

    def _check_unsupported(self, motion: Motion, v: MotionValues) -> None:
        """A decided status that an earlier import set while no Besluit of this motion says so (the
        importer once gave every motion of a stemmingen agenda item all its Besluiten). The workflow
        does not go back to 'ingediend', so staff are told, by the run's problems."""
        if motion.status not in VOTE_OUTCOMES:
            return
        # The event that set it (not a field change recorded under the same status).
        last = (
            motion.events.filter(to_status=motion.status)
            .exclude(from_status=F("to_status"))
            .order_by("-at", "-id")
            .first()
        )
        by_import = (
            last is not None
            and last.by_id is None
            and (
                (last.kind == StatusEventBase.Kind.IMPORTED and not last.from_status)
                or (last.kind == StatusEventBase.Kind.STATUS and last.reason.endswith(f"({SOURCE})"))
            )
        )
        if by_import:
            self.report.problem(
                v.zaak_number,
                (
                    f"staat op '{motion.get_status_display()}' uit een eerdere import, maar geen Besluit van deze "
                    f"motie zegt dat; niet gewijzigd: laat de status en de {motion.votes.count()} stemmen controleren"
                ),
            )

    def _update_fields(self, motion: Motion, v: MotionValues) -> bool:
        wanted = self._fields(v)
        return apply_fields(
            motion,
            tk_id=v.tk_id,
            replace=[("title", v.title), ("submitted_on", v.submitted_on), ("cabinet_verdict", v.cabinet_verdict)],
            fill=[("dossier", wanted["dossier"]), ("replaces", wanted["replaces"])],
        )

    def _update_status(self, motion: Motion, v: MotionValues) -> bool:
        target, current = v.status, motion.status
        if target == current or target == MotionStatus.SUBMITTED:
            return False
        if current in (MotionStatus.IN_PROGRESS, MotionStatus.SETTLED) and target in (
            MotionStatus.ADOPTED,
            MotionStatus.TAKEN_OVER,
        ):
            return False  # staff have moved on from the House's decision
        reason = _("Besluit Tweede Kamer: %(text)s (%(source)s)") % {"text": v.vote_result or target, "source": SOURCE}
        try:
            with transaction.atomic():
                if current == MotionStatus.HELD and target in (
                    MotionStatus.ADOPTED,
                    MotionStatus.REJECTED,
                    MotionStatus.TAKEN_OVER,
                ):
                    motion_transition(motion=motion, to=MotionStatus.SUBMITTED, reason=reason)
                    motion.refresh_from_db()
                if motion.status == MotionStatus.SUBMITTED and target in VOTE_OUTCOMES:
                    motion_record_vote(
                        motion=motion,
                        outcome=target,
                        vote_date=v.vote_date,
                        result_text=v.vote_result,
                        reason=reason,
                        votes=[(self.refs.parties[x["party"]], x["choice"], x["seats"]) for x in v.votes],
                    )
                else:
                    motion_transition(motion=motion, to=target, reason=reason)
        except TransitionNotAllowed as exc:
            self.report.problem(v.zaak_number, f"status niet gewijzigd: {exc}")
            return False
        motion.refresh_from_db()
        self.report.count("motion_status_changes")
        return True

    def _sync_votes(self, motion: Motion, v: MotionValues) -> bool:
        if not v.votes:
            return False
        have = {(mv.party_id): mv for mv in motion.votes.all()}
        changed = False
        want_parties = set()
        for vote in self._votes(motion, v):
            want_parties.add(vote.party_id)
            old = have.get(vote.party_id)
            if old is None:
                vote.save()
                changed = True
            elif (old.choice, old.seats, old.mistaken) != (vote.choice, vote.seats, vote.mistaken):
                old.choice, old.seats, old.mistaken = vote.choice, vote.seats, vote.mistaken
                old.save(update_fields=["choice", "seats", "mistaken"])
                changed = True
        extra = [pk for party_id, mv in have.items() if party_id not in want_parties for pk in [mv.pk]]
        if extra:
            MotionVote.objects.filter(pk__in=extra).delete()
            changed = True
        return changed

    def link_replacements(self) -> None:
        """Modified motions staged before the motion they replace (t.v.v.) arrived."""
        if not self.created_refs:
            return
        for batch in staging.chunks(self.created_refs):
            for motion in Motion.objects.filter(tk_id__in=staging.naming("Zaak", batch), replaces__isnull=True):
                zaak = staging.records("Zaak", [motion.tk_id]).get(str(motion.tk_id), {})
                ref = mapping.tvv_ref(zaak.get("Onderwerp"))
                original = Motion.objects.filter(ref=ref).first() if ref else None
                if original and original.pk != motion.pk:
                    with transaction.atomic():
                        motion.replaces = original
                        motion.save(update_fields=["replaces", "updated_at"])
                        record_change(motion, changes_text([(_("vervangt (t.v.v.)"), None, original)]))
                        record_change(original, _("Vervangen door de gewijzigde motie %(ref)s") % {"ref": motion.ref})
