"""The Eerste Kamer's rappel: the Senate's list of a ministry's open commitments, read from its text.

Twice a year the Senate sends each ministry its *rappel* ("Rappelabele toezeggingen Binnenlandse
Zaken en Koninkrijksrelaties (Rappel toezeggingen september 2025)"): one record per commitment, each
with a heading ``Toezegging <title> (<Kamerstuk>) (T01237)``, the commitment text, its "Kerngegevens"
(Nummer, Status, Datum toezegging, Deadline, Voormalige/Huidige Verantwoordelijke(n), Commissie, Soort
activiteit, Categorie, Onderwerpen, Kamerstukken) and the passages "Uit de stukken" it was read from.

:func:`read_rappel` takes the text of such a page as staff copy it from a browser (one field a line,
``Label value``, list values continuing on the next lines) or as a text rendering of its table
(``Label | value |``), or the saved HTML page (:func:`html_to_text`, stdlib ``html.parser``).

The committee's answer to a rappel ("Korte aantekeningen": "toezegging T02881 als "deels voldaan" te
blijven beschouwen met als nieuwe deadline 1 januari 2023") is read too, as
:class:`CommitteeDecision` records: a number, the status the committee keeps, a new deadline.

Choices made here:

* Nothing is invented. A record whose text ends early (an elision ``[...]`` or the end of the text
  inside it) is marked ``truncated``; a required field that is absent is listed in ``missing``; a
  field whose value cannot be read (an unknown status, a date that is no date) is left empty and
  explained in ``problems``. Callers use only records that are :attr:`RappelRecord.usable`.
* Dates are Dutch day dates ('7 april 2009'); anything vaguer is a problem, not a guess.
* Dossier numbers are written as the Tweede Kamer writes them: ``31.544`` becomes ``31 544``.
* A page of more than :data:`MAX_TEXT_LENGTH` characters is refused (:class:`RappelError`): a
  rappel of a hundred commitments is far smaller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from html.parser import HTMLParser

from parsing.deadlines import DeadlineParseError, Precision, parse_deadline
from parsing.kamerstuk import KamerstukRef, KamerstukRefError

__all__ = [
    "MAX_TEXT_LENGTH",
    "STATUSES",
    "CommitteeDecision",
    "CommitteeRef",
    "KamerstukEntry",
    "Passage",
    "RappelError",
    "RappelPage",
    "RappelRecord",
    "html_to_text",
    "read_rappel",
]

#: The longest text read (characters); a saved page is stripped to text first.
MAX_TEXT_LENGTH = 2_000_000
#: At most this many commitments a page.
MAX_RECORDS = 2_000
#: The Senate's statuses, as written.
STATUSES = ("openstaand", "deels voldaan", "voldaan", "niet voldaan", "vervallen")

_T_NUMBER = r"T\d{5}"
_HEADING_RE = re.compile(rf"Toezegging\s+(?P<title>.+?)\s+\((?P<number>{_T_NUMBER})\)\s*$")
_HEADER_RE = re.compile(r"Rappelabele toezeggingen\s+(?P<ministry>.+?)\s+\((?P<rappel>Rappel [^()]+)\)\s*$")
_UNTIL_RE = re.compile(r"rappel tot\s+(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{2}|\d{4})\b")
_ELISION_RE = re.compile(r"\[\s*(?:\.\.\.|…)")
_TABLE_RULE_RE = re.compile(r"[-|:\s]+")
# A dossier as the Senate writes it in a heading or a Kamerstukken line: '31.544', '35.925 VII',
# '32.213 (R1903)'.
_DOSSIER_RE = re.compile(r"(?<!\d)(\d{2})[. ]?(\d{3})(?!\d)(?:\s(?P<suffix>[IVXLC]{1,5}[A-Z]?|[A-Z]))?(?![\w.])")
_TRAILING_PARENS_RE = re.compile(r"\s*\((?P<inner>(?:[^()]|\([^()]*\))*)\)?\s*$")
_COMMITTEE_RE = re.compile(r"(?P<name>.+?)\s*\((?P<abbreviation>[A-Za-z/&\- ]{2,20})\)\s*$")
_CITATION_RE = re.compile(r"(?:Kamerstukken|Handelingen|Aanhangsel)\b.{0,180}$")
_PAGE_RE = re.compile(r"(?:,|\s-)\s*(?:p\.|blz\.|pag\.)\s*(?P<page>\d{1,4}(?:\s?-\s?\d{1,4})?)\s*:?\s*$")
_STOP_SECTIONS = ("Brondocumenten", "Historie")

# Labels of the Kerngegevens, longest first so 'Huidige Verantwoordelijke(n)' wins over
# 'Verantwoordelijke(n)'. The attribute each fills, and whether it takes several lines.
_LABELS = {
    "Voormalige Verantwoordelijke(n)": ("former_responsible", True),
    "Huidige Verantwoordelijke(n)": ("responsible", True),
    "Verantwoordelijke(n)": ("responsible", True),
    "Datum toezegging": ("promised_on", False),
    "Soort activiteit": ("activity", False),
    "Kamerstukken": ("kamerstukken", True),
    "Onderwerpen": ("subjects", True),
    "Kamerleden": ("members", True),
    "Categorie": ("category", False),
    "Commissie": ("committees", True),
    "Deadline": ("deadline", False),
    "Status": ("status", False),
    "Nummer": ("number", False),
}
_LABEL_RE = re.compile(r"(?P<label>" + "|".join(re.escape(label) for label in _LABELS) + r")(?:\s+(?P<value>.*))?$")
#: The fields a record must have to be used.
REQUIRED = ("number", "status", "promised_on", "deadline", "responsible")


class RappelError(ValueError):
    """Raised for input that cannot be read as a rappel at all (too long, not text)."""


@dataclass(frozen=True)
class CommitteeRef:
    """'commissie voor Binnenlandse Zaken (BIZA)'."""

    name: str
    abbreviation: str | None = None


@dataclass(frozen=True)
class KamerstukEntry:
    """One line of 'Kamerstukken': the dossier's title and its numbers ('31 544')."""

    title: str
    dossiers: tuple[str, ...]


@dataclass(frozen=True)
class Passage:
    """A passage 'Uit de stukken': where it was said and what."""

    citation: str
    text: str
    reference: KamerstukRef | None = None
    page: str | None = None


@dataclass(frozen=True)
class RappelRecord:
    """One commitment of a rappel page, as far as the page shows it."""

    number: str
    title: str
    text: str = ""
    heading_reference: str | None = None
    status: str | None = None
    promised_on: date | None = None
    deadline: date | None = None
    deadline_written: str | None = None  # as the page writes it: '1 januari 2024'
    former_responsible: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    committees: tuple[CommitteeRef, ...] = ()
    activity: str | None = None
    category: str | None = None
    subjects: tuple[str, ...] = ()
    kamerstukken: tuple[KamerstukEntry, ...] = ()
    passages: tuple[Passage, ...] = ()
    remarks: tuple[str, ...] = ()
    truncated: bool = False
    missing: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        """Every required field was read and none was unreadable."""
        return not self.missing and not self.problems

    @property
    def dossiers(self) -> tuple[str, ...]:
        """Every dossier number of its Kamerstukken, each once, in the order written."""
        return tuple(dict.fromkeys(number for entry in self.kamerstukken for number in entry.dossiers))


@dataclass(frozen=True)
class CommitteeDecision:
    """What a committee decided about one commitment after a rappel."""

    number: str
    text: str
    status: str | None = None
    deadline: date | None = None
    deadline_written: str | None = None


@dataclass(frozen=True)
class RappelPage:
    """What :func:`read_rappel` read: the header and the records (or the committee's decisions)."""

    ministry: str | None = None
    rappel: str | None = None
    rappel_until: date | None = None
    records: tuple[RappelRecord, ...] = ()
    decisions: tuple[CommitteeDecision, ...] = ()
    title: str | None = None
    meeting_date: date | None = None

    @property
    def found_nothing(self) -> bool:
        return not self.records and not self.decisions

    @property
    def message(self) -> str | None:
        """A sentence for staff when nothing was found."""
        if self.found_nothing:
            return "Geen toezeggingen gevonden: verwacht de tekst van een rappelpagina van de Eerste Kamer."
        return None


# -- HTML -------------------------------------------------------------------------------------------

_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_CELLS = frozenset({"td", "th", "dd", "dt"})
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg"})


class _TextExtractor(HTMLParser):
    """Text of a page: one line a block; a table row or a term/description pair on one line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._skipping = 0
        self._in_row = False

    def _break(self) -> None:
        text = " ".join("".join(self._line).split())
        if text:
            self.lines.append(text)
        self._line = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "tr":
            self._break()
            self._in_row = True
        elif tag in _CELLS and self._in_row:
            self._line.append(" ")
        elif tag in _CELLS and tag == "dd":
            self._line.append(" ")
        elif tag in _BLOCKS and not (tag in _CELLS and self._in_row):
            if tag != "dd":
                self._break()

    def handle_startendtag(self, tag, attrs) -> None:
        if tag == "br":
            self._break()

    def handle_endtag(self, tag) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "tr":
            self._break()
            self._in_row = False
        elif tag in _BLOCKS and tag not in _CELLS and tag != "dt":
            self._break()

    def handle_data(self, data) -> None:
        if not self._skipping:
            self._line.append(data)

    def text(self) -> str:
        self._break()
        return "\n".join(self.lines)


def html_to_text(html: str) -> str:
    """The text of a saved rappel page, one block a line, for :func:`read_rappel`."""
    if not isinstance(html, str):
        raise RappelError("Verwacht de tekst van een HTML-pagina.")
    _check_length(html)
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.text()


# -- reading ----------------------------------------------------------------------------------------


def _check_length(text: str) -> None:
    if len(text) > MAX_TEXT_LENGTH:
        raise RappelError(
            f"De tekst is te lang ({len(text):,} tekens; hoogstens {MAX_TEXT_LENGTH:,}): "
            "plak één rappelpagina tegelijk."
        )


def _day(value: str) -> date | None:
    """'7 april 2009' -> date; anything that is not one day -> None."""
    try:
        parsed = parse_deadline(value.strip())
    except DeadlineParseError:
        return None
    return parsed.latest if parsed.precision is Precision.DAY else None


def _dossier(match: re.Match) -> str:
    head = f"{match.group(1)} {match.group(2)}"
    return f"{head} {match.group('suffix')}" if match.group("suffix") else head


def _kamerstuk_entry(line: str) -> KamerstukEntry:
    """'Europees voorstel voor richtlijn gelijke behandeling (31.544)' -> title and ('31 544',)."""
    match = _TRAILING_PARENS_RE.search(line)
    if match and _DOSSIER_RE.search(match.group("inner")):
        return KamerstukEntry(
            line[: match.start()].strip(), tuple(_dossier(m) for m in _DOSSIER_RE.finditer(match.group("inner")))
        )
    return KamerstukEntry(line.strip(), ())


def _committee(line: str) -> CommitteeRef:
    match = _COMMITTEE_RE.fullmatch(line.strip())
    if match:
        return CommitteeRef(match.group("name"), match.group("abbreviation").strip())
    return CommitteeRef(line.strip())


def _citation(line: str) -> Passage:
    citation = line.strip().rstrip(":").strip()
    page_match = _PAGE_RE.search(line.strip())
    try:
        reference = KamerstukRef.parse(citation)
    except KamerstukRefError:
        reference = None
    return Passage(
        citation=citation, text="", reference=reference, page=page_match.group("page") if page_match else None
    )


def _cells(line: str) -> list[str] | None:
    """'Nummer | T01970 |' -> ['Nummer', 'T01970']; None for a line that is not a table row."""
    if "|" not in line:
        return None
    return [cell.strip() for cell in line.split("|") if cell.strip()]


def _header(lines: list[str]) -> tuple[str | None, str | None, date | None]:
    ministry = rappel = until = None
    for line in lines:
        if ministry is None and (match := _HEADER_RE.search(line)):
            ministry, rappel = match.group("ministry"), match.group("rappel")
        if until is None and (match := _UNTIL_RE.search(line)):
            year = int(match.group("y"))
            year += 2000 if year < 100 else 0
            try:
                until = date(year, int(match.group("m")), int(match.group("d")))
            except ValueError:
                until = None
    return ministry, rappel, until


class _RecordBuilder:
    """Collects the lines of one record and turns them into a :class:`RappelRecord`."""

    def __init__(self, number: str, title: str) -> None:
        self.number = number
        self.title = title
        self.heading_reference: str | None = None
        match = _TRAILING_PARENS_RE.search(title)
        if match and _DOSSIER_RE.search(match.group("inner")):
            self.title = title[: match.start()].strip()
            self.heading_reference = match.group("inner").strip()
        self.state = "text"
        self.text: list[str] = []
        self.values: dict[str, list[str]] = {}
        self.label: str | None = None
        self.passages: list[list] = []  # [Passage, [lines]]
        self.remarks: list[str] = []
        self.truncated = False

    def add(self, line: str) -> None:
        if self.state == "done":
            return
        stripped = line.strip()
        if stripped in _STOP_SECTIONS:
            self.state = "done"
            return
        if stripped in ("Kerngegevens", "Uit de stukken"):
            self.state = "fields" if stripped == "Kerngegevens" else "sources"
            self.label = None
            return
        cells = _cells(stripped)
        if cells and cells[0] in _LABELS and self.state != "sources":
            self.state = "fields"
            self._field(cells[0], " ".join(cells[1:]), table=True)
            return
        if cells is not None and _TABLE_RULE_RE.fullmatch(stripped):
            return  # a table rule '---|---|'
        if self.state == "text":
            label = _LABEL_RE.match(stripped)
            if label and label.group("label") == "Nummer":
                self.state = "fields"
            elif stripped:
                self.text.append(stripped)
                return
        if self.state == "fields":
            label = _LABEL_RE.match(stripped)
            if label:
                self._field(label.group("label"), label.group("value") or "")
                return
            if not stripped:
                self.label = None
                return
            if self.label is not None and _LABELS[self.label][1]:
                self.values[self.label].append(stripped)
                return
            self.state = "sources"
        if self.state == "sources" and stripped:
            self._source_line(stripped)

    def _field(self, label: str, value: str, *, table: bool = False) -> None:
        self.label = None if table else label
        self.values.setdefault(label, [])
        if value.strip():
            self.values[label].append(value.strip())

    def _source_line(self, line: str) -> None:
        if _CITATION_RE.match(line) and (line.endswith(":") or not self.passages or self.passages[-1][1]):
            self.passages.append([_citation(line), []])
        elif line.startswith("Zie voor meer informatie"):
            self.remarks.append(line)
        elif self.passages:
            self.passages[-1][1].append(line)
        else:
            self.remarks.append(line)

    def build(self) -> RappelRecord:
        problems: list[str] = []
        value = {label: " ".join(lines) for label, lines in self.values.items()}
        number = value.get("Nummer")
        if number is not None and number != self.number:
            problems.append(f"Nummer {number!r} verschilt van het nummer in de kop {self.number!r}.")
        status = value.get("Status")
        if status is not None and status.lower() not in STATUSES:
            problems.append(f"Onbekende status {status!r}; verwacht een van: {', '.join(STATUSES)}.")
            status = None
        dates = {}
        for label in ("Datum toezegging", "Deadline"):
            written = value.get(label)
            dates[label] = _day(written) if written else None
            if written and dates[label] is None:
                problems.append(f"{label} {written!r} is geen datum zoals '1 januari 2024'.")
        responsible = self.values.get("Huidige Verantwoordelijke(n)", []) + self.values.get("Verantwoordelijke(n)", [])
        present = {
            "number": number is not None,
            "status": status is not None or "Status" in self.values,
            "promised_on": "Datum toezegging" in self.values,
            "deadline": "Deadline" in self.values,
            "responsible": bool(responsible),
        }
        return RappelRecord(
            number=self.number,
            title=self.title,
            text=" ".join(self.text),
            heading_reference=self.heading_reference,
            status=status.lower() if status else None,
            promised_on=dates["Datum toezegging"],
            deadline=dates["Deadline"],
            deadline_written=value.get("Deadline") if dates["Deadline"] else None,
            former_responsible=tuple(self.values.get("Voormalige Verantwoordelijke(n)", [])),
            responsible=tuple(responsible),
            members=tuple(self.values.get("Kamerleden", [])),
            committees=tuple(_committee(line) for line in self.values.get("Commissie", [])),
            activity=value.get("Soort activiteit") or None,
            category=value.get("Categorie") or None,
            subjects=tuple(self.values.get("Onderwerpen", [])),
            kamerstukken=tuple(_kamerstuk_entry(line) for line in self.values.get("Kamerstukken", [])),
            passages=tuple(
                Passage(passage.citation, " ".join(lines), passage.reference, passage.page)
                for passage, lines in self.passages
            ),
            remarks=tuple(self.remarks),
            truncated=self.truncated,
            missing=tuple(name for name in REQUIRED if not present[name]),
            problems=tuple(problems),
        )


# -- committee decisions ----------------------------------------------------------------------------

_QUOTES = "\"'“”‘’„"
_DECISION_STATUS_RE = re.compile(
    rf"\bals\s+[{_QUOTES}]?(?P<status>deels voldaan|niet voldaan|voldaan|openstaand|vervallen)\b"
)
_NEW_DEADLINE_RE = re.compile(
    r"(?:nieuwe deadline|deadline te verschuiven naar|deadline verschoven naar)\s+(?P<date>\d{1,2}\s+[a-z]+\s+\d{4})"
)
_MEETING_RE = re.compile(r"^Korte aantekeningen vergadering .+? van (?P<date>\d{1,2}\s+[a-z]+\s+\d{4})\s*$")
_CLAUSE_SPLIT_RE = re.compile(r"(?<=[.;])\s+(?=[A-Z\-–])")


def _decisions(lines: list[str]) -> list[CommitteeDecision]:
    found: dict[str, CommitteeDecision] = {}
    for line in lines:
        for clause in _CLAUSE_SPLIT_RE.split(line.strip()):
            numbers = re.findall(_T_NUMBER, clause)
            if not numbers:
                continue
            status_match = _DECISION_STATUS_RE.search(clause)
            deadline_match = _NEW_DEADLINE_RE.search(clause)
            status = status_match.group("status") if status_match else None
            deadline = _day(deadline_match.group("date")) if deadline_match else None
            written = deadline_match.group("date") if deadline else None
            for number in numbers:
                known = found.get(number)
                if known and status is None and deadline is None:
                    continue  # a heading '1. T01222' before the decision itself
                found[number] = CommitteeDecision(number, clause.strip(), status, deadline, written)
    return list(found.values())


def read_rappel(text: str) -> RappelPage:
    """Read a rappel page's text (or a committee's decisions on a rappel); see the module docstring.

    Raises :class:`RappelError` for input that is not text or is too long; text without a commitment
    gives a page whose :attr:`~RappelPage.found_nothing` is true.
    """
    if not isinstance(text, str):
        raise RappelError("Verwacht tekst.")
    _check_length(text)
    if "<" in text and re.search(r"<(?:html|body|div|table|p|h[1-6])\b", text[:5000], re.IGNORECASE):
        text = html_to_text(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n")
    ministry, rappel, until = _header(lines[:50])
    records: list[RappelRecord] = []
    builder: _RecordBuilder | None = None
    for line in lines:
        heading = _HEADING_RE.match(line.strip())
        if heading:
            if builder is not None:
                records.append(builder.build())
            if len(records) >= MAX_RECORDS:
                raise RappelError(f"Meer dan {MAX_RECORDS} toezeggingen op één pagina: plak een rappel tegelijk.")
            builder = _RecordBuilder(heading.group("number"), heading.group("title"))
        elif builder is not None and _ELISION_RE.match(line.strip()):
            builder.truncated = True
            records.append(builder.build())
            builder = None
        elif builder is not None:
            builder.add(line)
    if builder is not None:
        record = builder.build()
        if record.missing:  # the text ends inside the record
            record = replace(record, truncated=True)
        records.append(record)
    if records:
        return RappelPage(ministry=ministry, rappel=rappel, rappel_until=until, records=tuple(records))
    meeting = next((m for line in lines[:10] if (m := _MEETING_RE.match(line.strip()))), None)
    decisions = _decisions(lines)
    return RappelPage(
        decisions=tuple(decisions[:MAX_RECORDS]),
        title=meeting.group(0).strip() if meeting else None,
        meeting_date=_day(meeting.group("date")) if meeting else None,
    )
