"""From Tweede Kamer OData records to the tracker's values. Plain functions on plain dicts: no
database, no network, so each rule can be read and tested on its own.

Rules (see ``shared/corpus/tk-opendata/observed_values.md``):

* A Besluit decides only the Zaak it belongs to (:func:`tied_zaken`): the Zaken of its own ``Zaak``
  link, or else the one Zaak of its Agendapunt when the Agendapunt's own Zaak list holds exactly
  one. A stemmingen agenda item holds many motions, each with its own Besluit; a Besluit there
  without a Zaak link belongs to none of them in particular and decides nothing.
  ``AgendapuntZaakBesluitVolgorde`` is no substitute: the service's metadata documents it only as an
  Int32, and in the real records it is a position within the agenda item (unique per Agendapunt,
  never more than its number of Zaken: 8, 9, 13 and 22 under one of 29 motions, up to 120 on
  procedural items), while an Agendapunt's Zaak list has no order property; reading a Zaak from
  the position would be a guess.
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
# The fields of a Stemming that :func:`party_votes` reads.
VOTE_FIELDS = (
    "Id",
    "Soort",
    "ActorFractie",
    "ActorNaam",
    "Persoon_Id",
    "Fractie_Id",
    "FractieGrootte",
    "Vergissing",
    "Verwijderd",
)

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

# Where a subject names Kamerstukken: after 'Kamerstuk(ken)' or 't.v.v.' ('t.v.v. Kamerstuk ...').
_REF_MARKER_RE = re.compile(r"(?:\bt\.v\.v\.|\bKamerstuk(?:ken)?\b)(?: Kamerstuk(?:ken)?\b)? ?", re.I)
_TVV_MARKER_RE = re.compile(r"\bt\.v\.v\.(?: Kamerstuk(?:ken)?\b)? ?", re.I)
# A named list ends at a bracket, a semicolon or the next marker.
_SEGMENT_END_RE = re.compile(r"[();]|\bKamerstuk|\bt\.v\.v\.", re.I)
_PIECE_SPLIT_RE = re.compile(r" (?:en|&) |,(?= ?\d)")
_MORE_NUMBERS_RE = re.compile(r"(?:nrs?\. ?)?([1-9]\d{0,4}[a-z]?)")
_COMMA_RE = re.compile(r",(?=\S)")
_DOSSIER_ONLY_RE = re.compile(r"\d{2} ?\d{3}[ -][IVXLC]+")
_MAX_REF_WORDS = 8
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


def tied_zaken(own_zaken, agendapunt_zaken=(), agendapunt_lists_zaken: bool = False) -> set | None:
    """The Zaken a Besluit decides: ``own_zaken`` (its ``Zaak`` link) when it has any, else the
    one Zaak of its Agendapunt if the Agendapunt's own Zaak list (``agendapunt_lists_zaken``: the
    Agendapunt was read with its Zaken) holds exactly one. ``None``: it cannot be tied to a Zaak."""
    if own_zaken:
        return set(own_zaken)
    if agendapunt_lists_zaken and len(set(agendapunt_zaken)) == 1:
        return set(agendapunt_zaken)
    return None


def decides(besluit: dict) -> bool:
    """Whether this Besluit decides a motion's status (a vote outcome, not a proposal or a delay)."""
    soort = besluit.get("BesluitSoort") or ""
    return (
        not is_deleted(besluit)
        and besluit.get("Status") == "Besluit"
        and (soort.startswith("Stemmen - ") or soort == "Overgenomen")
        and BESLUITSOORT_STATUS.get(soort) is not None
    )


def deciding_besluit(besluiten: list[dict]) -> dict | None:
    """The Besluit that decides the motion's status, per the rule of thumb (latest wins)."""
    candidates = [b for b in besluiten if decides(b)]
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
                "party": party,
                "fractie_id": row.get("Fractie_Id"),
                "choice": choice,
                "seats": row.get("FractieGrootte"),
                "mistaken": bool(row.get("Vergissing")),
            }
    for party, tally in members.items():
        if party in parties:
            continue
        counts = tally["counts"]
        parties[party] = {
            "party": party,
            "fractie_id": tally["fractie_id"],
            "choice": max(counts, key=counts.get),
            "seats": sum(counts.values()),
            "mistaken": False,
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


def _pieces(segment: str) -> list[str]:
    """'36672-5 en 6' -> ['36672-5', '6']; '32793, nr. 831' stays one piece (a comma starts a new
    piece only before a digit: '31066, nrs. 520, 548')."""
    return [p.strip(" ,.") for p in _PIECE_SPLIT_RE.split(segment)]


def _longest_ref(piece: str) -> tuple[KamerstukRef | None, bool]:
    """The longest start of ``piece`` that parsing.kamerstuk reads as one reference, and whether
    that was the whole piece ('36584-21 over de uitvoering' -> 36 584, nr. 21, False)."""
    words = piece.split()
    for end in range(min(len(words), _MAX_REF_WORDS), 0, -1):
        text = " ".join(words[:end])
        if _DOSSIER_ONLY_RE.fullmatch(text):
            return None, False  # '36740-IX': a dossier (a begroting chapter), not one Kamerstuk
        try:
            return KamerstukRef.parse(text), end == len(words)
        except KamerstukRefError:
            continue
    return None, False


def _named_refs(subject: str | None, marker: re.Pattern) -> list[KamerstukRef]:
    """Kamerstukken named after ``marker`` in a subject, read with parsing.kamerstuk:
    '(Kamerstuk 36600 XIV-61)', '(Kamerstuk 32793, nr. 831)', '(Kamerstuk 36584,nr. 9)',
    '(t.v.v. 36600 VIII-21)', '(Kamerstuk 36672-5 en 6)' (two: nrs. 5 and 6 of 36 672),
    '(Kamerstuk 36725-X-3 en Kamerstuk 36725-K-3)'. A bare dossier ('Kamerstuk 36755',
    'Kamerstuk 36740-IX') names no Kamerstuk."""
    text = " ".join(str(subject or "").split())
    if not text or not marker.search(text):
        return []
    text = _COMMA_RE.sub(", ", text)
    refs: list[KamerstukRef] = []
    for match in marker.finditer(text):
        tail = text[match.end() : match.end() + 200]
        stop = _SEGMENT_END_RE.search(tail)
        previous = None
        for piece in _pieces(tail[: stop.start()] if stop else tail):
            number = _MORE_NUMBERS_RE.fullmatch(piece)
            if number and previous is not None:
                ref = KamerstukRef.from_parts(previous.dossier, previous.suffix, number.group(1))
                whole = True
            else:
                ref, whole = _longest_ref(piece)
            if ref is None:
                break
            if ref not in refs:
                refs.append(ref)
            if not whole:
                break  # prose follows: what comes after 'en' is not a number of this dossier
            previous = ref
    return refs


def tvv_ref(subject: str | None) -> KamerstukRef | None:
    """The motion a modified motion replaces: '(t.v.v. 29023-472)', '(t.v.v. 36600 VIII-21)'."""
    found = _named_refs(subject, _TVV_MARKER_RE)
    return found[0] if found else None


def subject_refs(subject: str | None) -> list[KamerstukRef]:
    """Kamerstukken a letter's subject names: '(Kamerstuk 33835-242)', 'Kamerstuk 33576-436 en
    Kamerstuk 33576-437', '(t.v.v. 32847-1330)', '(Kamerstuk 36672-5 en 6)'."""
    return _named_refs(subject, _REF_MARKER_RE)


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
