"""Writing what the source says into the tracker, through the apps' services.

Keyed on the source's Id (``tk_id``); an item staff made by hand is adopted when its Kamerstuk
(or TZ-number, or document number) matches. What the import never writes: ``responsible``,
``internal_notes``, a ministry already set, links staff confirmed, anything of the letter intake.
Field changes are recorded on the item's timeline as an 'imported' event naming old and new value;
status changes go through the workflow services; a deadline change through core.deadlines.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment
from commitments.services import commitment_create, commitment_transition
from core import deadlines, events
from core.models import Dossier, Ministry, Party, Person, StatusEventBase
from core.workflow import TransitionNotAllowed
from letters.models import Letter, LetterEvent, LetterLink, LetterStatus, LinkEffect
from letters.services import WORKFLOW_ORDER, letter_advance, letter_create, letter_link
from motions.models import Motion, MotionEvent, MotionStatus, MotionSubmitter, MotionVote
from motions.services import VOTE_OUTCOMES, motion_create, motion_record_vote, motion_transition
from parsing.kamerstuk import KamerstukRef
from tracker.resilience import publishing

from . import mapping, staging
from .models import CommitmentRelation

SOURCE = "open data TK"
# From this many new motions in one chunk on, they are created with bulk inserts (same rows and
# the same 'imported' creation event as motion_create(imported=True) writes, in a few statements).
BULK_MIN = 50


def record_change(item, reason: str, *, fields=(), is_public: bool | None = None):
    """A change from the source, on the item's timeline as an 'updated' event naming the fields (its
    status stays as it is), written like every event by core.events.record_event."""
    return events.record_event(item=item, kind=StatusEventBase.Kind.UPDATED, reason=reason, changed_fields=fields,
                               is_public=is_public)


def _letter_import_reason(number: str) -> str:
    return _("Geïmporteerd uit %(source)s (%(number)s)") % {"source": SOURCE, "number": number}


def _fmt(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    return str(value)


def _changes_text(changes: list[tuple[str, object, object]]) -> str:
    parts = [f"{label}: {_fmt(old)} → {_fmt(new)}" for label, old, new in changes]
    return _("Bijgewerkt uit %(source)s: %(changes)s") % {"source": SOURCE, "changes": "; ".join(parts)}


def apply_fields(item, *, replace=(), fill=(), tk_id=None) -> bool:
    """Write what the source says into ``item`` and record it on the timeline. ``replace``:
    ``[(field, value)]`` overwritten when the source has a value; ``fill``: ``[(fk field, value)]``
    set only while empty (a ministry or dossier staff chose is never replaced)."""
    changes, update = [], []

    def label(name):
        return str(item._meta.get_field(name).verbose_name)

    for name, new in replace:
        if new not in (None, "") and getattr(item, name) != new:
            changes.append((label(name), getattr(item, name), new))
            setattr(item, name, new)
            update.append(name)
    for name, new in fill:
        if new is not None and getattr(item, f"{name}_id") is None:
            changes.append((label(name), None, new))
            setattr(item, name, new)
            update.append(name)
    if tk_id and item.tk_id is None:
        changes.append((label("tk_id"), None, tk_id))
        item.tk_id = tk_id
        update.append("tk_id")
    if update:
        item.save(update_fields=[*update, "updated_at"])
        record_change(item, _changes_text(changes), fields=update)
    return bool(update)


def after_commit(written: list) -> None:
    """What core.events.record_event schedules for each event once it commits (the listeners:
    alerts, reminder clean-up), for the events a bulk path wrote (their broker messages over one
    connection)."""
    with publishing():
        for event in written:
            events.notify(event)


def insert_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert plain rows (foreign keys as ids) into ``model``'s table: COPY on PostgreSQL, so tens of
    thousands of votes cost no model instances; bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        attnames = [model._meta.get_field(f).attname for f in fields]
        model.objects.bulk_create([model(**dict(zip(attnames, row))) for row in rows], batch_size=200)
        return
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


# -- reference data ---------------------------------------------------------------------------------

class RefCache:
    """Parties, people and dossiers, found or made once per run."""

    def __init__(self):
        self.parties: dict[str, Party] = {}
        self.dossiers: dict[tuple, Dossier] = {}
        self.people: dict[tuple, Person] = {}

    def parties_for(self, votes: list[dict], fracties: dict[str, dict]) -> None:
        wanted = {v["party"]: v for v in votes if v["party"] not in self.parties}
        if not wanted:
            return
        by_tk = {str(p.tk_id): p for p in Party.objects.filter(
            tk_id__in=[v["fractie_id"] for v in wanted.values() if v.get("fractie_id")])}
        by_abbr = {p.abbreviation.lower(): p for p in Party.objects.filter(abbreviation__in=list(wanted))}
        new = []
        for abbr, vote in wanted.items():
            party = by_tk.get(str(vote.get("fractie_id"))) or by_abbr.get(abbr.lower())
            if party is None:
                fractie = fracties.get(str(vote.get("fractie_id")), {})
                party = Party(abbreviation=abbr[:40], name=(fractie.get("NaamNL") or abbr)[:200],
                              tk_id=vote.get("fractie_id") if vote.get("fractie_id") not in by_tk else None)
                new.append(party)
            elif party.tk_id is None and vote.get("fractie_id"):
                Party.objects.filter(pk=party.pk, tk_id__isnull=True).update(tk_id=vote["fractie_id"])
            self.parties[abbr] = party
        if new:
            Party.objects.bulk_create(new, ignore_conflicts=True)
            fresh = {p.abbreviation: p for p in Party.objects.filter(abbreviation__in=[p.abbreviation for p in new])}
            for abbr in wanted:
                if self.parties[abbr].pk is None:
                    self.parties[abbr] = fresh[abbr[:40]]

    def party(self, abbreviation: str, fractie_id=None, name: str = "") -> Party | None:
        if not abbreviation:
            return None
        self.parties_for([{"party": abbreviation, "fractie_id": fractie_id}], {str(fractie_id): {"NaamNL": name}})
        return self.parties.get(abbreviation)

    def dossiers_for(self, wanted: list[tuple[KamerstukRef | None, str]]) -> None:
        """Find or make the dossiers of these ``(ref, title)`` in a few statements; a new dossier
        takes the title of the first that names it."""
        todo = {}
        for ref, title in wanted:
            if ref is not None and (ref.dossier, ref.suffix or "") not in self.dossiers:
                todo.setdefault((ref.dossier, ref.suffix or ""), (title or "")[:500])
        if not todo:
            return
        numbers = sorted({number for number, _s in todo})

        def known():
            return {(d.number, d.suffix): d for d in Dossier.objects.filter(number__in=numbers)}

        found = known()
        new = [Dossier(number=n, suffix=s, title=t) for (n, s), t in todo.items() if (n, s) not in found]
        if new:
            Dossier.objects.bulk_create(new, ignore_conflicts=True)
            found = known()
        for key in todo:
            self.dossiers[key] = found[key]

    def dossier(self, ref: KamerstukRef | None, title: str = "") -> Dossier | None:
        if ref is None:
            return None
        self.dossiers_for([(ref, title)])
        return self.dossiers[(ref.dossier, ref.suffix or "")]

    @staticmethod
    def _person_key(parts: dict, tk_id) -> tuple:
        return (str(tk_id) if tk_id else "", parts["surname"].lower(), parts.get("initials", "").lower())

    def people_for(self, wanted: list[tuple[dict, object, Party | None]]) -> None:
        """Find or make the people of these ``(name parts, persoon id, party)``: by their Id, else by
        surname and initials (a person found so gets the Id), else new; a few statements for all."""
        todo = {}
        for parts, tk_id, party in wanted:
            if parts.get("surname"):
                key = self._person_key(parts, tk_id)
                if key not in self.people:
                    todo.setdefault(key, (parts, tk_id, party))
        if not todo:
            return
        by_tk = {str(p.tk_id): p for p in Person.objects.filter(tk_id__in=[t for _p, t, _y in todo.values() if t])}
        by_name: dict[tuple, Person] = {}
        surnames = sorted({parts["surname"].lower() for parts, _t, _y in todo.values()})
        for person in (Person.objects.annotate(lower_surname=Lower("surname"))
                       .filter(lower_surname__in=surnames).order_by("surname", "initials", "id")):
            by_name.setdefault((person.surname.lower(), person.initials.lower()), person)
        new, named = [], []
        for key, (parts, tk_id, party) in todo.items():
            person = by_tk.get(str(tk_id)) if tk_id else None
            if person is None:
                person = by_name.get(key[1:])
                if person is not None and tk_id and person.tk_id is None:
                    person.tk_id = tk_id
                    named.append(person)
            if person is None:
                person = Person(tk_id=tk_id, party=party, **{k: v[:f] for (k, v), f in zip(parts.items(), (120, 40, 40, 80))})
                new.append(person)
                by_name.setdefault((person.surname.lower(), person.initials.lower()), person)
            if tk_id:
                by_tk.setdefault(str(tk_id), person)
            self.people[key] = person
        for person in named:
            Person.objects.filter(pk=person.pk, tk_id__isnull=True).update(tk_id=person.tk_id)
        Person.objects.bulk_create(new)

    def person(self, parts: dict, tk_id=None, party: Party | None = None) -> Person | None:
        if not parts.get("surname"):
            return None
        self.people_for([(parts, tk_id, party)])
        return self.people[self._person_key(parts, tk_id)]

    def prepare_submitters(self, submitters: list[tuple]) -> None:
        """Parties and people of ``[(name parts, persoon id, party abbr, fractie id)]``, together."""
        self.parties_for([{"party": abbr, "fractie_id": fid} for _p, _t, abbr, fid in submitters if abbr], {})
        self.people_for([(parts, tk_id, self.parties.get(abbr) if abbr else None)
                         for parts, tk_id, abbr, _f in submitters])


# -- motions -------------------------------------------------------------------------------------------

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
                zaken = mapping.tied_zaken({z for _e, z, _r in own.get(b_id, [])}, self.agendapunt_zaken[a_id],
                                           a_id in lists_zaken)
                if zaken is None:
                    self.untied[a_id].add(b_id)
                    continue
                for zaak_id in zaken & self.by_zaak.keys():
                    self.by_zaak[zaak_id].add(b_id)
        self.zaak_agendapunten = {z: [b for e, b, _r in rows if e == "Agendapunt"] for z, rows in zaak_links.items()}
        self.reported, self.report = reported, report

    def record_ids(self) -> set:
        return ({b for ids in self.by_zaak.values() for b in ids} | {b for ids in self.untied.values() for b in ids}
                | set(self.agendapunt_besluiten))

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
    where = (f"agendapunt {agendapunt.get('Nummer') or agendapunt['_id']} met {zaken} zaken, geen Zaak-koppeling"
             if agendapunt else "geen Zaak en geen agendapunt")
    report.problem(f"Besluit {besluit['_id']}", f"{where}; '{besluit.get('BesluitSoort')}' beslist niets "
                   "(een import met de koppeling Besluit-Zaak beslist het)")


def report_untied_besluiten(report, reported: set, besluit_ids: list[str]) -> None:
    """Deciding Besluiten read in this run (``besluit_ids``) that no motion could take up: no Zaak
    link, and no Agendapunt with exactly one Zaak (in the network import, where Agendapunten are not
    read, any Besluit without its Zaak). Reported once each; they decide nothing."""
    for batch in staging.chunks([b for b in besluit_ids if b not in reported]):
        with_zaak = staging.links_from(batch, "Zaak")
        besluiten = {i: data | {"_id": i} for i, data in staging.records("Besluit", batch).items()
                     if i not in with_zaak and mapping.decides(data)}
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
            mapping.parse_date(motion_docs[0].get("Datum")) if motion_docs else None)
        v.cabinet_verdict = mapping.cabinet_verdict(zaak)[:120]
        v.dossier_title = (dossier or {}).get("Titel") or zaak.get("Titel") or ""
        v.dossier_tk_id = None
        v.status = mapping.motion_status(besluiten)
        v.besluit = besluit
        if besluit:
            v.vote_date = mapping.parse_date(besluit.get("GewijzigdOp"))
            v.vote_result = (besluit.get("BesluitTekst") or "")[:120]
            v.votes, problems = mapping.party_votes(sorted(votes.get(besluit["_id"], {}).values(),
                                                           key=lambda row: str(row.get("Id"))))
            for problem in problems:
                report.problem(v.zaak_number, problem)
        elif not v.deleted:
            for agendapunt, untied in ties.undecidable(zaak_id, related):
                report.problem(v.zaak_number, (
                    f"status niet bepaald: {len(untied)} besluit(en) van agendapunt "
                    f"{agendapunt.get('Nummer') or agendapunt['_id']} horen bij geen Zaak in het bijzonder"))
        actors = sorted((related[b] for e, b, _r in rows if e == "ZaakActor" and b in related),
                        key=lambda a: (a.get("Relatie") != "Indiener", a.get("ActorNaam") or ""))
        for actor in actors:
            if mapping.is_deleted(actor) or actor.get("Relatie") not in ("Indiener", "Medeindiener"):
                continue
            person = people.get(str(actor.get("Persoon_Id")), {})
            parts = mapping.person_name_parts(person) if person else mapping.person_name_parts(
                {"Naam": actor.get("ActorNaam")})
            v.submitters.append((parts, actor.get("Persoon_Id"), actor.get("ActorFractie") or "", actor.get("Fractie_Id")))
        v.replaces_ref = mapping.tvv_ref(zaak.get("Onderwerp")) or next(
            (mapping.tvv_ref(d.get("Onderwerp")) for d in motion_docs if mapping.tvv_ref(d.get("Onderwerp"))), None)
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
        if len(new) >= BULK_MIN:
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
            "tk_id": v.tk_id, "submitted_on": v.submitted_on, "cabinet_verdict": v.cabinet_verdict,
            "dossier": self.refs.dossier(v.ref, v.dossier_title), "vote_date": v.vote_date if v.besluit else None,
            "vote_result": v.vote_result if v.besluit else "",
            "replaces": Motion.objects.filter(ref=v.replaces_ref).first() if v.replaces_ref else None,
        }

    def _votes(self, motion, v: MotionValues) -> list[MotionVote]:
        return [MotionVote(motion=motion, party=self.refs.parties[vote["party"]], choice=vote["choice"],
                           seats=vote["seats"], mistaken=vote["mistaken"]) for vote in v.votes]

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
        motion = motion_create(ref=v.ref, title=v.title or str(v.ref), status=v.status, imported=True,
                               reason=self._reason(v), submitters=self._submitters(v), **self._fields(v))
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
                submitters.extend((motion.pk, person.pk, party.pk if party else None, position)
                                  for position, (person, party) in enumerate(self._submitters(v)))
                votes.extend((motion.pk, self.refs.parties[x["party"]].pk, x["choice"], x["seats"], x["mistaken"])
                             for x in v.votes)
                rows.append(MotionEvent(motion=motion, kind=StatusEventBase.Kind.IMPORTED, from_status="",
                                        to_status=v.status, reason=self._reason(v), occurred_on=motion.submitted_on))
            insert_rows(MotionSubmitter, ("motion", "person", "party", "position"), submitters)
            insert_rows(MotionVote, ("motion", "party", "choice", "seats", "mistaken"), votes)
            MotionEvent.objects.bulk_create(rows)
            transaction.on_commit(lambda: after_commit(rows))
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
                record_change(motion, _("Stemmen per fractie bijgewerkt uit %(source)s") % {"source": SOURCE},
                              fields=["votes"])
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
        last = motion.events.filter(to_status=motion.status).exclude(from_status=F("to_status")).order_by("-at", "-id").first()
        by_import = last is not None and last.by_id is None and (
            (last.kind == StatusEventBase.Kind.IMPORTED and not last.from_status)
            or (last.kind == StatusEventBase.Kind.STATUS and last.reason.endswith(f"({SOURCE})")))
        if by_import:
            self.report.problem(v.zaak_number, (
                f"staat op '{motion.get_status_display()}' uit een eerdere import, maar geen Besluit van deze "
                f"motie zegt dat; niet gewijzigd: laat de status en de {motion.votes.count()} stemmen controleren"))

    def _update_fields(self, motion: Motion, v: MotionValues) -> bool:
        wanted = self._fields(v)
        return apply_fields(
            motion, tk_id=v.tk_id,
            replace=[("title", v.title), ("submitted_on", v.submitted_on), ("cabinet_verdict", v.cabinet_verdict)],
            fill=[("dossier", wanted["dossier"]), ("replaces", wanted["replaces"])],
        )

    def _update_status(self, motion: Motion, v: MotionValues) -> bool:
        target, current = v.status, motion.status
        if target == current or target == MotionStatus.SUBMITTED:
            return False
        if current in (MotionStatus.IN_PROGRESS, MotionStatus.SETTLED) and target in (
                MotionStatus.ADOPTED, MotionStatus.TAKEN_OVER):
            return False  # staff have moved on from the House's decision
        reason = _("Besluit Tweede Kamer: %(text)s (%(source)s)") % {
            "text": v.vote_result or target, "source": SOURCE}
        try:
            with transaction.atomic():
                if current == MotionStatus.HELD and target in (
                        MotionStatus.ADOPTED, MotionStatus.REJECTED, MotionStatus.TAKEN_OVER):
                    motion_transition(motion=motion, to=MotionStatus.SUBMITTED, reason=reason)
                    motion.refresh_from_db()
                if motion.status == MotionStatus.SUBMITTED and target in VOTE_OUTCOMES:
                    motion_record_vote(motion=motion, outcome=target, vote_date=v.vote_date,
                                       result_text=v.vote_result, reason=reason,
                                       votes=[(self.refs.parties[x["party"]], x["choice"], x["seats"]) for x in v.votes])
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
                        record_change(motion, _changes_text([(_("vervangt (t.v.v.)"), None, original)]))
                        record_change(original, _("Vervangen door de gewijzigde motie %(ref)s") % {"ref": motion.ref})


# -- letters -------------------------------------------------------------------------------------------

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
        documents = {k: v for k, v in staging.records("Document", document_ids).items()
                     if v.get("Soort") == mapping.LETTER_DOCUMENT_KIND and (wanted or k not in self.done)}
        self.done.update(documents)
        links = staging.links_from(documents, ("Zaak", "Kamerstukdossier", "DocumentVersie"))
        related = staging.records(None, {b for rows in links.values() for e, b, _r in rows
                                         if e in ("Kamerstukdossier", "DocumentVersie")})
        values = []
        for doc_id, doc in documents.items():
            rows = links.get(doc_id, [])
            for e, b, _r in rows:
                if e == "DocumentVersie" and related.get(b, {}).get("ExterneIdentifier"):
                    doc.setdefault("ExterneIdentifier", related[b]["ExterneIdentifier"])
            dossier = next((related[b] for e, b, _r in rows if e == "Kamerstukdossier" and b in related), None)
            number = doc.get("DocumentNummer") or ""
            ref = mapping.document_ref(doc, dossier)
            values.append(LetterValues(
                doc_id=doc_id, doc=doc, number=number, ref=ref,
                subject=" ".join((doc.get("Onderwerp") or doc.get("Titel") or number).split())[:500],
                fields={"date": mapping.parse_date(doc.get("Datum")), "document_number": number[:30], "ref": ref},
                zaak_ids=[b for e, b, _r in rows if e == "Zaak"]))
        found = self._existing(values)
        self._find_motions(values)
        new = []
        for v in values:
            letter = found.get(v.doc_id)
            try:
                if mapping.is_deleted(v.doc):
                    if letter:
                        record_change(letter, _("Verwijderd in %(source)s; de brief blijft hier staan.") % {
                            "source": SOURCE})
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
        if len(bulk) >= BULK_MIN:
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
        by_ref = {letter.ref.kst_id: letter for letter in Letter.objects.filter(ref__in=refs, tk_id__isnull=True)} if refs else {}
        by_number = {}
        if numbers:
            for letter in Letter.objects.filter(document_number__in=numbers, tk_id__isnull=True).order_by("id"):
                by_number.setdefault(letter.document_number, letter)
        found, taken = {}, set()
        for v in values:
            letter = by_tk.get(v.doc_id)
            if letter is None:
                letter = next((c for c in ((by_ref.get(v.ref.kst_id) if v.ref else None), by_number.get(v.number))
                               if c is not None and c.pk not in taken), None)
            if letter is not None:
                taken.add(letter.pk)
                found[v.doc_id] = letter
        return found

    @staticmethod
    def _find_motions(values: list[LetterValues]) -> None:
        """Through the shared Zaak, and through the Kamerstukken the subject names."""
        named = {v.doc_id: [r.kst_id for r in mapping.subject_refs(v.doc.get("Onderwerp")) if r != v.ref]
                 for v in values}
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
            letter = letter_create(subject=v.subject, tk_id=v.doc_id, imported=True,
                                   reason=_letter_import_reason(v.number),
                                   dossier=self.refs.dossier(v.ref, v.doc.get("Titel")), **v.fields)
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
            letters = [Letter(subject=v.subject, tk_id=v.doc_id, dossier=self.refs.dossier(v.ref, v.doc.get("Titel")),
                              status=LetterStatus.SENT, sent_at=self._sent_at(v.doc), **v.fields) for v in values]
            Letter.objects.bulk_create(letters)
            rows, links = [], []
            for letter, v in zip(letters, values):
                reason = self._sent_reason(letter)
                steps = list(zip(WORKFLOW_ORDER, WORKFLOW_ORDER[1:]))
                rows.append(LetterEvent(letter_item=letter, kind=StatusEventBase.Kind.IMPORTED, from_status="",
                                        to_status=LetterStatus.DRAFT, reason=_letter_import_reason(v.number),
                                        is_public=False, occurred_on=letter.date))
                rows.extend(LetterEvent(letter_item=letter, kind=StatusEventBase.Kind.STATUS, from_status=a,
                                        to_status=b, reason=reason, is_public=b == LetterStatus.SENT,
                                        occurred_on=letter.date if b == LetterStatus.SENT else None)
                            for a, b in steps)
                links.extend((letter.pk, m.pk, LinkEffect.INFORMS, "", False) for m in v.motions)
            LetterEvent.objects.bulk_create(rows)
            insert_rows(LetterLink, ("letter", "motion", "effect", "new_deadline_phrase", "confirmed"), links)
            transaction.on_commit(lambda: after_commit(rows))
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
            letter.events.filter(kind=StatusEventBase.Kind.IMPORTED,
                                 reason=_letter_import_reason(letter.document_number)).exists()
            and not letter.events.filter(kind=StatusEventBase.Kind.STATUS).exclude(reason=reason).exists())
        if letter.status != LetterStatus.APPROVED and not made_by_import:
            self.report.problem(letter.document_number or str(letter.tk_id),
                                f"brief staat op '{letter.get_status_display()}' (door medewerkers); "
                                "niet op verzonden gezet: dat doen zij na vaststelling")
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


# -- commitments ---------------------------------------------------------------------------------------

RELATIONS = {"IsHerhalingVan": CommitmentRelation.Kind.REPEATS, "IsWijzigingVan": CommitmentRelation.Kind.CHANGES,
             "IsAanvullingOp": CommitmentRelation.Kind.SUPPLEMENTS}


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
        related = staging.records(None, {b for rows in links.values() for e, b, _r in rows if e in ("Fractie", "Persoon")})
        for tk_id, record in found.items():
            try:
                self.apply(tk_id, record, links.get(tk_id, []), related)
            except Exception as exc:  # noqa: BLE001 - one bad record must not stop the rest
                self.report.problem(record.get("Nummer") or tk_id, f"toezegging niet verwerkt: {exc}")

    def apply(self, tk_id, record, rows, related) -> None:
        number = (record.get("Nummer") or "").strip() or None
        commitment = (Commitment.objects.filter(tk_id=tk_id).first()
                      or (Commitment.objects.filter(number=number, tk_id__isnull=True).first() if number else None))
        if mapping.is_deleted(record):
            if commitment:
                record_change(commitment, _("Verwijderd in %(source)s; de toezegging blijft hier staan.") % {"source": SOURCE})
            self.report.count("commitments_deleted_at_source")
            return
        text = (record.get("Tekst") or "").strip()
        if not text:
            self.report.problem(number or tk_id, "toezegging zonder tekst; overgeslagen")
            return
        status = mapping.commitment_status(record.get("Status"))
        if status is None:
            self.report.problem(number or tk_id, f"status {record.get('Status')!r} onbekend; status niet overgenomen "
                                "(de waarde blijft bewaard in de bron)")
        ministry = self.ministry(record.get("Ministerie"))
        if record.get("Ministerie") and ministry is None:
            self.report.count("commitments_unknown_ministry")
        to_party = next((self.refs.party(related[b].get("Afkorting") or "", b, related[b].get("NaamNL") or "")
                         for e, b, r in rows if r == "ToegezegdAanFractie" and b in related), None)
        to_member = next((self.refs.person(mapping.person_name_parts(related[b]), b)
                          for e, b, r in rows if r == "ToegezegdAanPersoon" and b in related), None)
        made_by = self.refs.person(mapping.person_name_parts(record))
        deadline = mapping.commitment_deadline(record.get("DatumNakoming"))
        fields = {"made_by_function": (record.get("Functie") or "")[:200],
                  "made_on": mapping.parse_date(record.get("Aanmaakdatum"))}
        reason = _("Geïmporteerd uit %(source)s (%(number)s)") % {"source": SOURCE, "number": number or tk_id}
        with transaction.atomic():
            if commitment is None:
                commitment = commitment_create(
                    text=text, number=number, tk_id=tk_id, made_by=made_by, ministry=ministry, to_party=to_party,
                    to_member=to_member, deadline_phrase=mapping.deadline_phrase(deadline), imported=True,
                    status=status or "openstaand", reason=reason, **fields)
                self.report.count("commitments_created")
            else:
                self._update(commitment, tk_id, text, fields, ministry, deadline, status, made_by)
            self._relations(commitment, rows)
            letters = [self.letters.by_number(n) for n in mapping.letter_numbers(record.get("KamerbriefNakoming"))]
            for letter in filter(None, letters):
                self.letters.link(letter, [commitment])

    def _update(self, commitment, tk_id, text, fields, ministry, deadline, status, made_by) -> None:
        changed = apply_fields(commitment, tk_id=tk_id, replace=[("text", text), *fields.items()],
                               fill=[("ministry", ministry), ("made_by", made_by)])
        if deadline != commitment.deadline_date:
            deadlines.set_deadline(item=commitment, phrase=mapping.deadline_phrase(deadline),
                                   reason=_("Termijn volgens %(source)s") % {"source": SOURCE})
            changed = True
        if status and status != commitment.status:
            try:
                with transaction.atomic():
                    commitment_transition(commitment=commitment, to=status,
                                          reason=_("Status volgens %(source)s") % {"source": SOURCE})
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
