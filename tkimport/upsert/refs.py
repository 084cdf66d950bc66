"""People, parties, dossiers and ministries of the source, looked up per chunk and made when missing."""

from __future__ import annotations

from django.db.models.functions import Lower

from core.models import Dossier, Party, Person
from parsing.kamerstuk import KamerstukRef


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
        by_tk = {
            str(p.tk_id): p
            for p in Party.objects.filter(tk_id__in=[v["fractie_id"] for v in wanted.values() if v.get("fractie_id")])
        }
        by_abbr = {p.abbreviation.lower(): p for p in Party.objects.filter(abbreviation__in=list(wanted))}
        new = []
        for abbr, vote in wanted.items():
            party = by_tk.get(str(vote.get("fractie_id"))) or by_abbr.get(abbr.lower())
            if party is None:
                fractie = fracties.get(str(vote.get("fractie_id")), {})
                party = Party(
                    abbreviation=abbr[:40],
                    name=(fractie.get("NaamNL") or abbr)[:200],
                    tk_id=vote.get("fractie_id") if vote.get("fractie_id") not in by_tk else None,
                )
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
        for person in (
            Person.objects.annotate(lower_surname=Lower("surname"))
            .filter(lower_surname__in=surnames)
            .order_by("surname", "initials", "id")
        ):
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
                person = Person(
                    tk_id=tk_id, party=party, **{k: v[:f] for (k, v), f in zip(parts.items(), (120, 40, 40, 80))}
                )
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
        self.people_for(
            [(parts, tk_id, self.parties.get(abbr) if abbr else None) for parts, tk_id, abbr, _f in submitters]
        )
