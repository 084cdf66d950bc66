"""The Senate's real commitment records for the tests: the rappel page excerpts in
../shared/corpus/tk-opendata/toezeggingen/, read just far enough to build a commitment from them
(the full reader is parsing.rappel's job)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from parsing.deadlines import MONTH_NAMES

EXCERPTS = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "corpus"
    / "tk-opendata"
    / "toezeggingen"
    / "ek_toezeggingen_real_excerpts.txt"
)
KEYS = (
    "Nummer",
    "Status",
    "Datum toezegging",
    "Deadline",
    "Voormalige Verantwoordelijke(n)",
    "Huidige Verantwoordelijke(n)",
    "Commissie",
    "Soort activiteit",
    "Categorie",
    "Onderwerpen",
    "Kamerstukken",
)


def _date(text: str) -> dt.date:
    day, month, year = text.split()
    return dt.date(int(year), MONTH_NAMES.index(month) + 1, int(day))


def record(number: str = "T01237") -> dict:
    """The Kerngegevens, text and passages of one commitment of the first rappel page (key-value lines)."""
    page = EXCERPTS.read_text(encoding="utf-8")
    heading = re.search(rf"^Toezegging (?P<title>.+) \({number}\)\n\n(?P<text>.+?)\n", page, re.M)
    block = page[heading.end() : page.index("Uit de stukken", heading.end())]
    fields: dict[str, list[str]] = {}
    key = None
    for line in block.splitlines():
        line = line.strip()
        if not line or line == "Kerngegevens":
            continue
        key = next((k for k in KEYS if line.startswith(k + " ")), key)
        fields.setdefault(key, []).append(line[len(key) + 1 :] if line.startswith(key + " ") else line)
    passages_text = page[
        page.index("Uit de stukken", heading.end()) + len("Uit de stukken") : page.index(
            "Zie voor meer informatie", heading.end()
        )
    ]
    passages = re.findall(r"^(Kamerstukken I .+?):\n\n(.+?)$", passages_text, re.M)
    return {
        "title": heading["title"],
        "text": heading["text"].strip(),
        "number": fields["Nummer"][0],
        "status": fields["Status"][0],
        "made_on": _date(fields["Datum toezegging"][0]),
        "deadline": fields["Deadline"][0],
        "former": fields["Voormalige Verantwoordelijke(n)"],
        "current": fields["Huidige Verantwoordelijke(n)"],
        "committee": fields["Commissie"][0],
        "activity_type": fields["Soort activiteit"][0],
        "category": fields["Categorie"][0],
        "subjects": fields["Onderwerpen"],
        "dossiers": ["".join(re.search(r"\((\d{2})\.(\d{3})\)$", line).groups()) for line in fields["Kamerstukken"]],
        "kamerstukken": fields["Kamerstukken"],
        "passages": passages,
    }


def make_senate_commitment(ministry, *, number: str = "T01237", **overrides):
    """The real commitment as the services create it (its dossiers and passages included)."""
    from commitments.services import commitment_create
    from core.models import Chamber, Dossier

    rec = record(number)
    dossiers = [
        Dossier.objects.get_or_create(number=number, suffix="", defaults={"title": line.rsplit(" (", 1)[0]})[0]
        for number, line in zip(rec["dossiers"], rec["kamerstukken"])
    ]
    fields = {
        "chamber": Chamber.EERSTE_KAMER,
        "senate_number": rec["number"],
        "text": rec["text"],
        "ministry": ministry,
        "made_on": rec["made_on"],
        "deadline_phrase": rec["deadline"],
        "committee": rec["committee"],
        "activity_type": rec["activity_type"],
        "category": rec["category"],
        "subjects": rec["subjects"],
        "responsible_ministers": "\n".join(rec["current"]),
        "former_responsible_ministers": "\n".join(rec["former"]),
        "senate_dossiers": dossiers,
        "passages": rec["passages"],
        **overrides,
    }
    return commitment_create(**fields)


def rappel_record(title: str, number: str) -> str:
    """One open commitment (deadline 1 februari 2024, Minister van BZK) as a pasted rappel page lists it."""
    return (
        f"Toezegging {title} ({number})\nDe minister zegt toe.\nKerngegevens\nNummer {number}\n"
        "Status openstaand\nDatum toezegging 1 maart 2020\nDeadline 1 februari 2024\n"
        "Huidige Verantwoordelijke(n) Minister van Binnenlandse Zaken en Koninkrijksrelaties\n"
    )
