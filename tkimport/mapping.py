"""From Tweede Kamer OData records to the tracker's values. Plain functions on plain dicts: no
database, no network, so each rule can be read and tested on its own.

Rules (see ``shared/corpus/tk-opendata/observed_values.md``):

* A motion's outcome is the BesluitSoort of its latest Besluit with Status 'Besluit' whose
  BesluitSoort starts with 'Stemmen - ' or is 'Overgenomen'. 'Stemmen - uitstellen' (vote postponed),
  'Stemmen - gestaakt' (a tie: the Reglement van Orde has the vote taken again) and
  'Stemmen - vastgesteld' (not a motion outcome) decide nothing: the motion keeps its status.
  Besluiten with another Status ('Voorstel', 'Concept voorstel', ...) or Verwijderd are ignored.
* Unknown values (a Kabinetsappreciatie no list knows, a new BesluitSoort) are kept as they are or
  left undecided; they never raise.
"""
from __future__ import annotations

import datetime as dt
import re

from parsing.kamerstuk import KamerstukRef, KamerstukRefError

# BesluitSoort -> motion status (values of motions.models.MotionStatus); None: decides nothing.
BESLUITSOORT_STATUS = {
    "Ingediend": "ingediend",
    "Stemmen - aangenomen": "aangenomen",
    "Stemmen - zonder stemming aannemen": "aangenomen",
    "Stemmen - verworpen": "verworpen",
    "Stemmen - niet aangenomen": "verworpen",
    "Stemmen - aangehouden": "aangehouden",
    "Stemmen - aangehouden (al tijdens debat)": "aangehouden",
    "Stemmen - ingetrokken": "ingetrokken",
    "Stemmen - ingetrokken (al tijdens debat)": "ingetrokken",
    "Stemmen - vervallen": "vervallen",
    "Overgenomen": "overgenomen",
    "Stemmen - uitstellen": None,
    "Stemmen - gestaakt": None,
    "Stemmen - vastgesteld": None,
}

VOTE_CHOICE = {"Voor": "voor", "Tegen": "tegen", "Niet deelgenomen": "niet_deelgenomen"}

# Toezegging.Status (an open set; sources differ) -> commitment status; unknown -> None (kept, reported).
COMMITMENT_STATUS = {
    "openstaand": "openstaand",
    "deels afgedaan": "deels_voldaan",
    "deels voldaan": "deels_voldaan",
    "afgedaan": "voldaan",
    "voldaan": "voldaan",
    "nagekomen": "voldaan",
    "vervallen": "vervallen",
}

MOTION_DOCUMENT_KINDS = ("Motie", "Motie (gewijzigd/nader)")
LETTER_DOCUMENT_KIND = "Brief regering"

_COMPACT_REF = r"\d{5}(?:-[0-9A-Z]{1,5})?-\d{1,5}[a-z]?"
_SUBJECT_REF_RE = re.compile(rf"(?:Kamerstuk(?:ken)?|t\.v\.v\.)\s+({_COMPACT_REF})")
_TVV_RE = re.compile(rf"t\.v\.v\.\s*({_COMPACT_REF})")
_NO_DATE = dt.date(1, 1, 1)


def parse_datetime(value) -> dt.datetime | None:
    """OData DateTimeOffset ('2024-04-09T16:13:36.017+02:00', '...Z', 7 fractional digits) or None."""
    if not value:
        return None
    text = str(value).replace("Z", "+00:00")
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_date(value) -> dt.date | None:
    moment = parse_datetime(value)
    return moment.date() if moment else None


def is_deleted(record: dict) -> bool:
    return bool(record.get("Verwijderd"))


def deciding_besluit(besluiten: list[dict]) -> dict | None:
    """The Besluit that decides the motion's status, per the rule of thumb (latest wins)."""
    candidates = [
        b for b in besluiten
        if not is_deleted(b) and b.get("Status") == "Besluit"
        and ((b.get("BesluitSoort") or "").startswith("Stemmen - ") or b.get("BesluitSoort") == "Overgenomen")
        and BESLUITSOORT_STATUS.get(b.get("BesluitSoort")) is not None
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda b: (b.get("GewijzigdOp") or "", b.get("AgendapuntZaakBesluitVolgorde") or 0))


def motion_status(besluiten: list[dict]) -> str:
    """'ingediend' unless a deciding Besluit says otherwise."""
    besluit = deciding_besluit(besluiten)
    return BESLUITSOORT_STATUS[besluit["BesluitSoort"]] if besluit else "ingediend"


def party_votes(stemmingen: list[dict]) -> tuple[list[dict], list[str]]:
    """Votes per party from the Stemming rows of one Besluit. Party rows (Persoon_Id empty) give
    the party's vote and seats; hoofdelijk rows (one per member) are counted per party and the
    party gets its majority's choice. Returns ``(votes, problems)``; a row with an unknown or empty
    Soort is left out and named in ``problems``."""
    problems: list[str] = []
    parties: dict[str, dict] = {}
    members: dict[str, dict] = {}
    for row in stemmingen:
        if is_deleted(row):
            continue
        choice = VOTE_CHOICE.get(row.get("Soort") or "")
        party = (row.get("ActorFractie") or row.get("ActorNaam") or "").strip()
        if choice is None or not party:
            problems.append(f"Stemming {row.get('Id')}: onbekende stem {row.get('Soort')!r} van {party or '?'}")
            continue
        if row.get("Persoon_Id"):
            tally = members.setdefault(party, {"fractie_id": row.get("Fractie_Id"), "counts": {}})
            tally["counts"][choice] = tally["counts"].get(choice, 0) + 1
        else:
            parties[party] = {
                "party": party, "fractie_id": row.get("Fractie_Id"), "choice": choice,
                "seats": row.get("FractieGrootte"), "mistaken": bool(row.get("Vergissing")),
            }
    for party, tally in members.items():
        if party in parties:
            continue
        counts = tally["counts"]
        parties[party] = {
            "party": party, "fractie_id": tally["fractie_id"], "choice": max(counts, key=counts.get),
            "seats": sum(counts.values()), "mistaken": False,
        }
    return sorted(parties.values(), key=lambda v: v["party"]), problems


def cabinet_verdict(zaak: dict) -> str:
    """Kabinetsappreciatie as given, known or not ('Ontijdig', 'Overbodig', tomorrow's value)."""
    return (zaak.get("Kabinetsappreciatie") or "").strip()


def document_ref(document: dict, dossier: dict | None = None) -> KamerstukRef | None:
    """A document's own Kamerstuk number: its publication id ('kst-21501-08-943') when known, else
    the Kamerstukdossier's Nummer and Toevoeging with the document's Volgnummer."""
    ident = document.get("ExterneIdentifier")
    if ident and str(ident).startswith("kst-"):
        try:
            return KamerstukRef.parse(ident)
        except KamerstukRefError:
            pass
    if dossier and dossier.get("Nummer") and document.get("Volgnummer"):
        try:
            return KamerstukRef.from_parts(dossier["Nummer"], dossier.get("Toevoeging"), document["Volgnummer"])
        except KamerstukRefError:
            return None
    return None


def tvv_ref(subject: str | None) -> KamerstukRef | None:
    """The motion a modified motion replaces: '(t.v.v. 29023-472)'."""
    match = _TVV_RE.search(subject or "")
    if not match:
        return None
    try:
        return KamerstukRef.parse(match.group(1))
    except KamerstukRefError:
        return None


def subject_refs(subject: str | None) -> list[KamerstukRef]:
    """Kamerstukken a letter's subject names: '(Kamerstuk 33835-242)', 'Kamerstuk 33576-436 en
    Kamerstuk 33576-437', '(t.v.v. 32847-1330)'."""
    refs = []
    for match in _SUBJECT_REF_RE.finditer(subject or ""):
        try:
            ref = KamerstukRef.parse(match.group(1))
        except KamerstukRefError:
            continue
        if ref not in refs:
            refs.append(ref)
    return refs


def commitment_status(value: str | None) -> str | None:
    return COMMITMENT_STATUS.get((value or "").strip().lower())


def commitment_deadline(value) -> dt.date | None:
    """DatumNakoming is not nullable in the source: 0001-01-01 means 'no deadline'."""
    day = parse_date(value) if not str(value or "").startswith("0001-01-01") else None
    return None if day in (None, _NO_DATE) else day


def deadline_phrase(day: dt.date | None) -> str:
    """A phrase core.deadlines parses to exactly that day."""
    return f"{day:%d-%m-%Y}" if day else ""


def letter_numbers(value) -> list[str]:
    """KamerbriefNakoming may repeat (a list, or several numbers in one string)."""
    values = value if isinstance(value, list) else [value]
    numbers: list[str] = []
    for item in values:
        for number in re.findall(r"\d{4}D\d{3,6}", str(item or "")):
            if number not in numbers:
                numbers.append(number)
    return numbers


def person_name_parts(record: dict) -> dict:
    """Name fields of a Persoon or of a Toezegging's bewindspersoon."""
    surname = (record.get("Achternaam") or "").strip()
    if not surname and record.get("Naam"):
        surname = str(record["Naam"]).split(",")[0].strip()
    return {
        "surname": surname,
        "initials": (record.get("Initialen") or "").strip(),
        "prefix": (record.get("Tussenvoegsel") or "").strip(),
        "first_name": (record.get("Roepnaam") or record.get("Voornaam") or "").strip(),
    }
