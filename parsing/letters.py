"""Analyse the text of a government letter (Kamerbrief) or decision memo (beslisnota).

``analyse_letter(text)`` reads plain text as it comes out of a PDF -- page headers, footnotes,
hyphenation and line breaks mixed in -- and reports what a careful reader finds:

* the letter's own Kamerstuk number, its date and who signed it;
* every Kamerstuk and (Aanhangsel) Handelingen reference it cites;
* the motions it names (with submitters, parties and the cited Kamerstuk) and whether the letter
  says it settles them;
* the commitments (toezeggingen) it answers, and the requests of the House it answers;
* the new promises it makes with a (vague) deadline ("in de loop van 2027").

Plain Python, no Django. Every regular expression is compiled once at import, has no nested
quantifier over the same characters, and runs over whitespace-collapsed text, on windows of
bounded size where it has to look around a match, so the analysis is linear in the input.

Heuristics:

* Text preparation (:func:`_prepare`): markdown remnants are removed, ``<sup>n</sup>`` becomes a
  superscript digit, lines that repeat three times or more (running page headers) are dropped,
  footnotes are recognised as lines ``n text`` whose number is the next expected footnote number
  and whose marker ``n`` was seen glued to a word in the body (or that directly follow another
  footnote); a footnote ends at a blank line, a running page header, or -- when the extractor
  gives no blank lines -- a line that its next line's first word would still have fitted on
  (:func:`_line_width`); body lines are joined with de-hyphenation (``Interna-`` + ``tionale``), and cut into
  paragraphs and sentences. References are scanned in the joined paragraphs and footnotes, so
  line breaks, hyphenation and page breaks inside a reference do not hide it.
* Kamerstuk references (:func:`_scan_kamerstukken`): a five-digit dossier ('33 750', '33.750',
  '33750') followed by a toevoeging and 'nr./nrs.' or a compact '-242'; an amount ('€ 33.750'),
  a number inside a longer number or id, and a spaced compact form without 'Kamerstuk' are
  refused. The letter's own number is left out. Cited twice -> listed once.
* Own reference (:func:`_own_ref`): a ``Nr. 123`` line at the top, or a Kamerstuk header
  (``Tweede Kamer, vergaderjaar ..., 29 344, nr. 123``) at the top or repeated as a page header.
  When only the number is printed, the dossier is inferred, in this order: a dossier heading line
  at the top (``29 344 Terugkeerbeleid``); a bare dossier mention (``Kamerstuk 29 344``) when it
  is the only one; a cited document of one dossier whose number is just below the letter's own
  (at most :data:`PRECEDING_NR_WINDOW` lower: documents of one dossier are numbered in order and
  letters cite recent ones); the title of a dossier the caller knows (``dossier_titles``) named
  in the text. Otherwise the dossier stays ``None``. ``OwnRef.source`` says which rule applied.
* Motions: 'motie (van het lid|van de leden) NAMES', 'motie-NAME', 'motie NAME c.s.', and
  '(het lid|de leden) NAMES ... motie' ('door de leden Ceder (CU) en ... ingediende motie').
  Mentions of one motion are merged (same Kamerstuk, or the same submitters by surname). The
  ref is the first Kamerstuk cited after the mention in the sentence, else in a footnote marked
  after it. A motion is settled when a sentence naming it -- or 'de/deze motie' right after it
  was named -- says 'afgedaan' / 'tegemoet gekomen', or 'hiermee/met deze brief ... uitvoering/
  invulling/voldaan', and not 'niet', 'zal', 'later', 'kom ik ... terug'.
* Member names are kept as written; :func:`member_surname` gives the comparable surname
  ("Dierderik van Dijk" -> "Van Dijk"), so a misspelt first name does not split a motion.
* Commitments: sentences with 'toegezegd', 'toezegging', 'zegde ... toe'. Settled when the
  sentence says so ('zoals toegezegd stuur ik u hierbij', 'hiermee kom ik de toezegging na'), or
  when a past commitment is the letter's occasion: it stands in the opening paragraph and nothing
  in the sentence points ahead ('zal', 'later', 'in de loop van'). A later 'zoals toegezegd'
  without its own ref, date or meeting is the same commitment.
* New deadlines: phrases found by :func:`parsing.deadlines.find_deadline_phrases` in sentences
  that look ahead ('zal', 'verwacht', 'stuur', 'informeer', 'ontvangt u', ...), not preceded by
  'sinds/vanaf/tot', and whose latest date is not before the letter's date. A scheduled meeting
  ('staat gepland voor 22 januari 2015') or a past event ('voor de zomer ontvangen') is no promise.
* Requests ('heeft uw Kamer om een reactie gevraagd', 'de vaste commissie ... heeft mij
  verzocht'): settled when in the opening paragraph or said to be answered by this letter.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date

from parsing.deadlines import DeadlineParseError, find_deadline_phrases, parse_deadline
from parsing.kamerstuk import KamerstukRef, KamerstukRefError

__all__ = [
    "Commitment",
    "Deadline",
    "HandelingenRef",
    "KamerstukCitation",
    "LetterAnalysis",
    "Motion",
    "OwnRef",
    "PRECEDING_NR_WINDOW",
    "Request",
    "Signer",
    "analyse_letter",
    "member_surname",
]

#: How far below the letter's own number a cited document of the same dossier may be for the
#: own dossier to be inferred from it (see :func:`_own_ref`).
PRECEDING_NR_WINDOW = 20

#: At most this many motion mentions are read per sentence, and texts kept per motion.
_MAX_MENTIONS = 20

#: At most this many motions, commitments, requests and deadlines are reported (a real letter
#: has a handful; the cap keeps merging repeated mentions linear on any input).
_MAX_ITEMS = 200

#: Sentences longer than this are cut (at a space) so that per-sentence work stays bounded.
_MAX_SENTENCE = 1500

# -- dates -------------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "januari", "februari", "maart", "april", "mei", "juni", "juli",
            "augustus", "september", "oktober", "november", "december",
        ),
        start=1,
    )
}
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_DATE_RE = re.compile(rf"(?<!\d)(\d{{1,2}}) ({_MONTH}) (\d{{4}})(?!\d)", re.I)


def _to_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), _MONTHS[month.lower()], int(day))
    except (KeyError, ValueError):
        return None


# -- result types ------------------------------------------------------------------------------


def _ref_dict(ref: KamerstukRef | None) -> dict | None:
    if ref is None:
        return None
    return {"dossier": ref.dossier, "suffix": ref.suffix, "nr": ref.nr, "kst_id": ref.kst_id}


def _jsonable(value: object) -> object:
    if isinstance(value, KamerstukRef):
        return _ref_dict(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, _Serialisable):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value


class _Serialisable:
    """``to_dict()`` for the result dataclasses: dates as ISO strings, refs as dicts."""

    _properties: tuple[str, ...] = ()  # computed values to add to the dict

    def to_dict(self) -> dict:
        data = {item.name: _jsonable(getattr(self, item.name)) for item in fields(self)}  # type: ignore[arg-type]
        for name in self._properties:
            data[name] = _jsonable(getattr(self, name))
        return data


@dataclass(frozen=True)
class OwnRef(_Serialisable):
    """The letter's own Kamerstuk number; ``dossier`` is None when it could not be inferred."""

    dossier: str | None
    suffix: str | None
    nr: str
    source: str  # how the dossier was found: see analyse_letter's module docs

    @property
    def kamerstuk(self) -> KamerstukRef | None:
        if self.dossier is None:
            return None
        return KamerstukRef(self.dossier, self.suffix, self.nr)


@dataclass(frozen=True)
class Signer(_Serialisable):
    name: str | None
    role: str | None


@dataclass(frozen=True)
class KamerstukCitation(_Serialisable):
    ref: KamerstukRef
    text: str  # as written (line breaks and hyphenation undone)
    date: date | None = None  # 'd.d. 21 november 2013' right after the reference

    def to_dict(self) -> dict:
        data = _ref_dict(self.ref)
        data.update(text=self.text, date=_jsonable(self.date))
        return data


@dataclass(frozen=True)
class HandelingenRef(_Serialisable):
    chamber: str | None  # 'II', 'I' or None when not written
    session: str  # '2015/16'
    nrs: tuple[str, ...]
    text: str
    aanhangsel: bool = False
    item: str | None = None
    members: tuple[str, ...] = ()  # 'Kamervragen lid Azmani', 'het lid Azmani (VVD)¹'
    parties: tuple[str, ...] = ()


@dataclass
class Motion(_Serialisable):
    members: list[str]
    parties: list[str]
    ref: KamerstukRef | None
    settles: bool
    texts: list[str] = field(default_factory=list)  # the sentences that mention it
    member_parties: list[str | None] = field(default_factory=list)  # party per member
    adopted_on: date | None = None  # 'Op 31 maart jl. is ... motie aangenomen'

    _properties = ("surnames",)

    @property
    def surnames(self) -> list[str]:
        return [member_surname(name) for name in self.members]


@dataclass
class Commitment(_Serialisable):
    text: str
    ref: KamerstukRef | None
    settles: bool
    made_on: date | None = None
    made_at: str | None = None


@dataclass
class Request(_Serialisable):
    """A request of the House ("heeft uw Kamer om een reactie gevraagd") the letter answers."""

    text: str
    ref: KamerstukRef | None
    settles: bool


@dataclass(frozen=True)
class Deadline(_Serialisable):
    phrase: str
    latest: date
    text: str
    earliest: date | None = None
    precision: str | None = None


@dataclass
class LetterAnalysis(_Serialisable):
    own_ref: OwnRef | None = None
    date: date | None = None
    signed_by: Signer | None = None
    signers: list[Signer] = field(default_factory=list)
    internal_ref: str | None = None
    kamerstuk_refs: list[KamerstukCitation] = field(default_factory=list)
    handelingen_refs: list[HandelingenRef] = field(default_factory=list)
    motions: list[Motion] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    new_deadlines: list[Deadline] = field(default_factory=list)


# -- text preparation --------------------------------------------------------------------------

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS, "0123456789")
_TO_SUPERSCRIPT = str.maketrans("0123456789", _SUPERSCRIPTS)
_CHAR_FIXES = str.maketrans(
    {
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\f": "\n",
        "\u00ad": None, "\u200b": None, "\ufeff": None, "\ufb01": "fi", "\ufb02": "fl",
        "\u2010": "-", "\u2011": "-",
    }
)
_MD_SUP = re.compile(r"<sup>\s{0,3}(\d{1,3})\s{0,3}</sup>", re.I)
_MD_LINK = re.compile(r"\[([^\[\]\n]{0,200})\]\([^()\s]{0,500}\)")
_MD_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?: [^<>\n]{0,200})?/?>")
_MD_EMPHASIS = re.compile(r"\*\*|__")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6} ?", re.M)
_MD_RULE = re.compile(r"^ {0,3}(?:-{3,}|\*{3,}|_{3,}|={3,}) {0,10}$", re.M)
_TRAILING_PAGE_NR = re.compile(r" ?\d{1,3}$")

_FOOTNOTE_LINE = re.compile(rf"^ ?(?:(\d{{1,3}})|([{_SUPERSCRIPTS}]{{1,3}})) (?=\S)")
# A footnote marker: digits glued to a word or closing punctuation, or superscript digits.
_MARKER = re.compile(
    rf"(?:(?<=[^\W\d_])|(?<=[)\]»”\"’])|(?<=[^\W\d_][.,;:]))(\d{{1,2}})(?!\d)|([{_SUPERSCRIPTS}]{{1,3}})"
)
_BULLET = re.compile(r"^(?:[•●▪◦·‣∙*]|-(?= )|–(?= )|\d{1,2}[.)](?= [A-Z]))")
_TERMINAL = re.compile(rf"[.!?:;][»”\"’)\]]?[\d{_SUPERSCRIPTS}]{{0,2}}$")


@dataclass
class _Sentence:
    text: str
    index: int  # document order
    paragraph: int  # -1 for footnote sentences
    footnote: int | None = None


@dataclass
class _Doc:
    lines: list[str]  # cleaned lines, page headers kept
    body_paragraphs: list[str]
    footnotes: dict[int, str]
    sentences: list[_Sentence]
    opening_paragraph: int | None
    _footnote_refs: dict[int, KamerstukRef | None] | None = None
    _marker_sites: dict[int, list[tuple[_Sentence, int]]] | None = None

    def footnote_ref(self, number: int) -> KamerstukRef | None:
        """The first Kamerstuk ref in footnote ``number`` (each footnote is scanned once)."""
        if self._footnote_refs is None:
            self._footnote_refs = {}
            for key, note in self.footnotes.items():
                found = _scan_kamerstukken(note)
                self._footnote_refs[key] = found[0].ref if found else None
        return self._footnote_refs.get(number)

    def marker_sites(self) -> dict[int, list[tuple[_Sentence, int]]]:
        """Footnote number -> (body sentence, offset) of each marker pointing to it."""
        if self._marker_sites is None:
            self._marker_sites = {}
            for sentence in self.sentences:
                if sentence.footnote is None:
                    for marker in _MARKER.finditer(sentence.text):
                        self._marker_sites.setdefault(_marker_number(marker), []).append((sentence, marker.start()))
        return self._marker_sites


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHAR_FIXES)
    text = _MD_SUP.sub(lambda m: m.group(1).translate(_TO_SUPERSCRIPT), text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_TAG.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    text = _MD_HEADING.sub("", text)
    return _MD_RULE.sub("", text)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _repeated_lines(lines: list[str]) -> set[str]:
    """Running page headers and footers: short lines seen three times or more.

    A trailing page number is ignored when counting, so 'Tweede Kamer, vergaderjaar 2014-2015,
    29 344, nr. 123 2' and '... nr. 123 3' count as one line.
    """
    counts: Counter[str] = Counter()
    for line in lines:
        if 0 < len(line) <= 100:
            counts[_TRAILING_PAGE_NR.sub("", line)] += 1
    return {line for line, count in counts.items() if count >= 3 and line}


def _join(pieces: list[str]) -> str:
    """Join line pieces undoing end-of-line hyphenation ('Interna-' + 'tionale', '33835-' + '242')."""
    out: list[str] = []
    for piece in pieces:
        if out and piece and len(out[-1]) >= 2 and out[-1].endswith("-"):
            before, after = out[-1][-2], piece[0]
            suspended = piece.startswith(("en ", "of ", "en,", "tot "))  # 'terugkeer- en ...'
            if before.isalpha() and before.islower() and after.isalpha() and after.islower() and not suspended:
                out[-1] = out[-1][:-1]
                out.append("")  # glue: no space
            elif before.isalnum() and after.isalnum() and not suspended:
                out.append("")
            else:
                out.append(" ")
        elif out:
            out.append(" ")
        out.append(piece)
    return "".join(out)


def _line_width(lines: list[str]) -> int:
    """The text's line width in characters: the length that nine in ten non-empty lines do not
    exceed (wrapped text fills its lines up to about this; a text with one line per paragraph
    gets a large width). Counted per length, so linear in the number of lines."""
    counts = Counter(len(line) for line in lines if line)
    remaining = sum(counts.values()) // 10
    for length in sorted(counts, reverse=True):
        remaining -= counts[length]
        if remaining < 0:
            return length
    return 0


def _prepare(text: str) -> _Doc:
    raw_lines = _clean(text).split("\n")
    lines = [_squash(line) for line in raw_lines]
    headers = _repeated_lines(lines)

    footnotes: dict[int, list[str]] = {}
    blocks: list[tuple[list[str], bool]] = []  # (lines, starts after a gap)
    seen_markers: set[int] = set()
    last_footnote = 0
    current_footnote: int | None = None
    in_footnote_zone = False
    gap = True
    # Extractors that mark a new page with one leading space let a footnote go on after a
    # blank line (the rest of the page's footnotes); without that signal a blank line ends it.
    page_marks = any(raw.startswith(" ") and raw[1:2].strip() for raw in raw_lines)
    width = _line_width(lines)
    footnote_gap = False
    for raw, line in zip(raw_lines, lines):
        if not line:
            footnote_gap = current_footnote is not None
            gap = True
            continue
        if _TRAILING_PAGE_NR.sub("", line) in headers:
            # A running page header or footer is a page break: the footnotes at the foot of the
            # page end here, blank lines or not (pypdf gives none), so the next page's body text
            # is not read as the rest of the last footnote.
            current_footnote = None
            continue
        match = _FOOTNOTE_LINE.match(line)
        if match:
            number = int((match.group(1) or match.group(2)).translate(_FROM_SUPERSCRIPT))
            if number == last_footnote + 1 and (number in seen_markers or in_footnote_zone):
                last_footnote = current_footnote = number
                footnotes[number] = [line[match.end():]]
                in_footnote_zone = True
                footnote_gap = False
                gap = True
                continue
        page_start = raw.startswith(" ") and raw[1:2].strip() != ""
        if current_footnote is not None and not page_start and not _BULLET.match(line):
            previous = footnotes[current_footnote][-1]
            unfinished = not _TERMINAL.search(previous)
            # Without a blank line the footnote goes on only when its last line was wrapped: had
            # this line's first word fitted on it, the line ended there on purpose and this is
            # the body again (pypdf gives no blank line between a page's footnotes and the
            # next page's text).
            wrapped = len(previous) + 1 + len(line.split(" ", 1)[0]) > width
            if (not footnote_gap and wrapped) or (page_marks and unfinished):
                footnotes[current_footnote].append(line)
                footnote_gap = False
                continue
        current_footnote = None
        in_footnote_zone = False
        seen_markers.update(_markers(line))
        # A header line ('Den Haag, 18 december 2014', 'Aan de Voorzitter ...') stands alone even
        # when the extractor dropped the blank lines around it.
        header_line = len(line) < 120 and bool(_HEADER_START.match(line) or _SIGN_ROLE.match(line))
        if gap or header_line or _BULLET.match(line) or not blocks:
            blocks.append(([line], gap or header_line))
        else:
            blocks[-1][0].append(line)
        gap = header_line

    # Paragraphs: a gap (blank line, footnotes, page header) ends a paragraph when the text
    # before it is finished (terminal punctuation) or is a short heading-like block.
    paragraphs: list[list[str]] = []
    length = 0  # of the current paragraph
    for block_lines, after_gap in blocks:
        if paragraphs and not _BULLET.match(block_lines[0]):
            last = paragraphs[-1][-1]
            finished = bool(_TERMINAL.search(last)) or (length < 120 and not last.endswith(("-", ",")))
            if not (after_gap and finished):
                paragraphs[-1].extend(block_lines)
                length += sum(len(line) + 1 for line in block_lines)
                continue
        paragraphs.append(list(block_lines))
        length = sum(len(line) + 1 for line in block_lines)
    body = [_join(paragraph) for paragraph in paragraphs]
    notes = {number: _join(parts) for number, parts in footnotes.items()}

    sentences: list[_Sentence] = []
    for number, paragraph in enumerate(body):
        for sentence in _split_sentences(paragraph):
            sentences.append(_Sentence(sentence, len(sentences), number))
    for number, note in notes.items():
        for sentence in _split_sentences(note):
            sentences.append(_Sentence(sentence, len(sentences), -1, number))

    opening = None
    for number, paragraph in enumerate(body):
        if len(paragraph) >= 80 and _HAS_SENTENCE_END.search(paragraph) and not _HEADER_START.match(paragraph):
            opening = number
            break
    return _Doc(lines, body, notes, sentences, opening)


_HAS_SENTENCE_END = re.compile(r"[a-z)»”][.!?](?: |$)")
_HEADER_START = re.compile(
    r"(?:Nr\. ?\d|BRIEF VAN|Aan de |Den Haag|'s-Gravenhage|Datum\b|Onze referentie|Betreft|Onderwerp)"
)
_ABBREVIATIONS = frozenset(
    "nr nrs no blz p pag d.d n.a.v o.a c.s t.v.v jl j.l i.v.m m.b.t t.a.v bijv bv b.v dhr mevr mr dr "
    "drs ir ing prof art zgn resp ca vs st stb stcrt e.a m.i.v i.c.m z.s.m incl excl vgl jr sr red "
    "min max mln mld e.d a.s mw hr nl ned".split()
)
_SENTENCE_END = re.compile(rf"[.!?][»”\"’)\]]{{0,2}}[\d{_SUPERSCRIPTS}]{{0,2}} (?=[«\"“„(•A-ZÀ-Þ])")
_WORD_BEFORE = re.compile(r"(\S{1,30})$")


def _split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; one longer than :data:`_MAX_SENTENCE` is cut at a space."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        word = _WORD_BEFORE.search(paragraph, max(start, match.start() - 30), match.start() + 1)
        token = word.group(1).lstrip("(«\"“„") if word else ""
        if token.endswith(".") and (
            token[:-1].lower() in _ABBREVIATIONS or _INITIALS.match(token[:-1].lower()) or _NAME_INITIALS.match(token)
        ):
            continue
        bounds.append((start, match.end() - 1))
        start = match.end()
    bounds.append((start, len(paragraph)))
    out: list[str] = []
    for start, end in bounds:
        while end - start > _MAX_SENTENCE:
            cut = paragraph.rfind(" ", start, start + _MAX_SENTENCE)
            cut = cut if cut > start + _MAX_SENTENCE // 2 else start + _MAX_SENTENCE
            out.append(paragraph[start:cut].strip())
            start = cut
        out.append(paragraph[start:end].strip())
    return [sentence for sentence in out if sentence]


_NAME_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.){1,6}$")  # 'F.', 'K.H.D.M.', 'Th.'
_INITIALS = re.compile(r"^(?:[a-z]{1,2}\.){1,5}[a-z]{1,2}$")


def _marker_number(match: re.Match) -> int:
    return int((match.group(1) or match.group(2)).translate(_FROM_SUPERSCRIPT))


def _markers(text: str, start: int = 0) -> list[int]:
    return [_marker_number(match) for match in _MARKER.finditer(text, start)]


# -- Kamerstuk references ----------------------------------------------------------------------

# A dossier number: five digits, written '33 750', '33.750' or '33750'; not inside a longer
# number, an amount ('1.233.750') or an id.
_DOSSIER = re.compile(r"(?<![\w.,/€$£-])(\d{2})([ .]?)(\d{3})(?![\d])")
_NR_VALUE = rf"(?:\d{{1,5}}[a-z]?|[A-Z]{{1,3}})(?![\w])(?! {_MONTH})"
_KST_TAIL = re.compile(
    rf"""
    (?:\ ?\((?P<rijkswet>R\ ?\d{{3,4}})\))?
    (?:(?:\ |-)(?!nrs?\b|[Nn]r\b)(?P<suffix>[IVXLC]{{1,6}}[A-Z]?|[A-Z]{{1,2}}|(?<=-)\d{{2}})(?![\w]))?
    (?:
        (?:,\ ?|\ )(?P<kw>[Nn]rs?\.?|[Nn]ummers?)\ ?(?P<nrs>{_NR_VALUE}(?:(?:\ ?,\ ?|\ en\ |\ &\ ){_NR_VALUE}){{0,30}})
      | -(?P<compact>\d{{1,4}}[a-z]?)(?![\w-])
    )
    """,
    re.X,
)
_NR_SPLIT = re.compile(r" ?, ?| en | & ")
_SESSION = r"\d{4} ?[/–-] ?\d{2,4}"  # vergaderjaar: 2013/14, 2025–2026
_HOUSE_SESSION = r"(?:Tweede|Eerste) Kamer,? (?:der Staten-Generaal,? )?(?:vergaderjaar|zitting) "
_KST_LEAD = re.compile(
    rf"(?:(?:[Kk]amerstuk(?:ken)?)(?: (?:II|I|TK|EK))?(?:,? (?:vergaderjaar |zitting )?{_SESSION})?,? ?"
    rf"|{_HOUSE_SESSION}{_SESSION},? ?"
    r"|t\.v\.v\.? ?)$"
)
_KST_ID = re.compile(r"\bkst-(\d{5})(?:-(\d{2}|[A-Z]{1,6}))?-(\d{1,5}[a-z]?)(?![\w-])")
_CURRENCY_BEFORE = re.compile(r"(?:€|EUR|euro|\$|£|ƒ) ?$", re.I)
_AFTER_DATE = re.compile(rf"\)? ?(?:\([^()]{{0,30}}\) )?(?:d\.d\.|van) (\d{{1,2}}) ({_MONTH}) (\d{{4}})", re.I)
_SESSION_IN_LEAD = re.compile(r"(\d{4}) ?[/–-] ?(\d{2,4})")  # _SESSION with groups
_CHAMBER_IN_LEAD = re.compile(r"\b(II|I|TK|EK|Tweede|Eerste)\b")


@dataclass(frozen=True)
class _Found:
    ref: KamerstukRef
    start: int
    end: int
    text: str
    date: date | None


def _scan_kamerstukken(text: str) -> list[_Found]:
    """Every Kamerstuk reference in whitespace-collapsed ``text``, in order."""
    found: list[_Found] = []
    for match in _DOSSIER.finditer(text):
        start = match.start()
        if _CURRENCY_BEFORE.search(text, max(0, start - 6), start):
            continue
        lead = None
        window = text[max(0, start - 80) : start]
        if "amer" in window or "t.v.v" in window:
            lead = _KST_LEAD.search(window)
        tail = _KST_TAIL.match(text, match.end())
        if tail is None:
            continue
        if tail.group("compact") and (lead is None and match.group(2)):
            continue  # '33 835-242' without 'Kamerstuk' is too loose; '33835-242' is fine
        if tail.group("compact") is None and match.group(2) == "." and lead is None and tail.group("kw") is None:
            continue
        suffix = tail.group("rijkswet") or tail.group("suffix")
        if tail.group("compact"):
            nrs = [tail.group("compact")]
        else:
            nrs = _NR_SPLIT.split(tail.group("nrs"))
            if not tail.group("kw").lower().startswith(("nrs", "nummers")):
                nrs = nrs[:1]
        lead_text = lead.group(0) if lead else ""
        chamber = session = None
        if lead:
            session_match = _SESSION_IN_LEAD.search(lead_text)
            session = "/".join(session_match.groups()) if session_match else None
            chamber_match = _CHAMBER_IN_LEAD.search(lead_text)
            chamber = chamber_match.group(1) if chamber_match else None
        begin = start - len(lead_text)
        written = text[begin : tail.end()]
        after = _AFTER_DATE.match(text, tail.end())
        cited_on = _to_date(*after.groups()) if after else None
        for nr in nrs:
            try:
                ref = KamerstukRef.from_parts(
                    match.group(1) + match.group(3), suffix, nr, chamber=chamber, session=session
                )
            except (KamerstukRefError, ValueError):
                continue
            found.append(_Found(ref, begin, tail.end(), written.strip(" ,"), cited_on))
    for match in _KST_ID.finditer(text):
        try:
            ref = KamerstukRef.from_parts(match.group(1), match.group(2), match.group(3))
        except (KamerstukRefError, ValueError):
            continue
        found.append(_Found(ref, match.start(), match.end(), match.group(0), None))
    found.sort(key=lambda item: item.start)
    return found


_BARE_DOSSIER = re.compile(
    rf"[Kk]amerstuk(?:ken)?(?: (?:II|I))?(?:,? {_SESSION},?)? (\d{{2}}) ?(\d{{3}})(?![\d])(?!,? ?[Nn]rs?\b)(?![ -]?[A-Z\d])"
)

# -- Handelingen references --------------------------------------------------------------------

_HANDELINGEN = re.compile(
    rf"""
    (?P<aanhangsel>Aanhangsel\ (?:van\ de\ |bij\ de\ )?)?Handelingen
    (?:,?\ (?P<chamber>II|I|Tweede\ Kamer|Eerste\ Kamer))?
    (?:,?\ (?:vergaderjaar|zitting))?
    ,?\ (?P<first>\d{{4}})\ ?[/–-]\ ?(?P<second>\d{{2,4}})(?!\d)
    (?:,?\ (?P<chamber2>II|I))?
    ,?\ (?P<kw>[Nn]rs?\.|[Nn]ummers?)\ ?(?P<nrs>\d{{1,5}}(?!\d)(?:(?:\ ?,\ ?|\ en\ |\ &\ )\d{{1,5}}(?!\d)(?!\ {_MONTH})){{0,30}})
    (?:,?\ item\ (?P<item>\d{{1,3}}))?
    """,
    re.X,
)
_CHAMBER_NAMES = {"II": "II", "I": "I", "Tweede Kamer": "II", "Eerste Kamer": "I"}


def _session(first: str, second: str) -> str:
    return f"{first}/{second[-2:]}"


# -- people and motions ------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_PREFIX_WORDS = ("van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "von", "di", "du", "la", "le", "el", "al")
_PREFIX = r"(?:[Vv]an|[Dd]e[nr]?|[Tt]e[nr]?|[Hh]et|'t|[Ii]n|[Oo]p|[Vv]on|[Dd][iu]|[Ll][ae]|El|Al)"
# A capitalised name word that is not a prefix ('Van', 'De'), so that every name has exactly one
# parse (first name? prefixes, surname) and a failed match cannot backtrack through alternatives.
_CAPWORD = (
    rf"(?!(?:Van|De|Den|Der|Te|Ten|Ter|Het|In|Op|Von|Di|Du|La|Le|El|Al)(?![{_LO}'’-]))"
    rf"[{_UP}][{_LO}'’]+(?:-[{_UP}]?[{_LO}'’]+){{0,3}}"
)
_NAME = rf"(?:{_CAPWORD} )?(?:{_PREFIX} ){{0,3}}{_CAPWORD}"
_PARTY_BODY = rf"(?!Kamerstuk|Handelingen|[Zz]ie\b|[Bb]ijlage)[{_UP}\d][\w/&+.-]{{0,20}}(?: [\w/&+.-]{{1,20}}){{0,4}}"
_PARTY = rf"\((?P<party>{_PARTY_BODY})\)"
_MEMBER_RE = re.compile(rf"(?P<name>{_NAME})(?: ?{_PARTY})?")
_MEMBER = rf"{_NAME}(?: ?\({_PARTY_BODY}\))?(?:\d{{1,2}}|[{_SUPERSCRIPTS}]{{1,3}})?"
_MEMBERS = rf"{_MEMBER}(?:(?:, | en | & ){_MEMBER}){{0,12}}(?P<cs> c\.s\.)?"
_MOTION_NAMED = re.compile(
    rf"\b[Mm]oties?(?:-| )(?:van )?(?:(?:het lid|de leden) )?(?P<members>{_MEMBERS})"
)
_MOTION_BY = re.compile(
    rf"\b(?:het lid|de leden) (?P<members>{_MEMBERS}) (?:[{_LO}]+ ){{0,3}}?[Mm]oties?(?![{_UP}{_LO}])"
)
_MOTION_ANAPHOR = re.compile(
    rf"\b(?:[Dd]e|[Dd]eze|[Dd]ie|(?:boven)?genoemde|voornoemde|bedoelde|betreffende) (?:gewijzigde )?motie(?![{_UP}{_LO}])"
)
_MEMBER_STOPWORDS = frozenset(
    "kamer tweede eerste regering kabinet minister staatssecretaris voorzitter europese europees nederland "
    "nederlandse commissie rijksoverheid staten-generaal kamerstuk kamerstukken handelingen zie de het een "
    "in op met deze dit dat die hierin daarin hiermee voor van en over inzake".split()
)
_LETTER_SELF = re.compile(
    r"\b(?:hiermee|hierbij|hiermede|waarmee|daarmee|met (?:deze|bijgaande|de bijgaande) brief|in deze brief)\b", re.I
)
_SETTLE_STRONG = re.compile(
    r"\b(?:afgedaan|af te doen|als afgehandeld|tegemoet(?: ge)?komen|tegemoetgekomen|tegemoet te komen|kom ik [^.]{0,60}?tegemoet)\b",
    re.I,
)
_SETTLE_WITH_SELF = re.compile(
    r"\b(?:uitvoering|invulling|voldaan|voldoe|voldoen|nagekomen|na te komen|kom ik [^.]{0,60}?\bna|gestand|uitgevoerd|beantwoord)\b",
    re.I,
)
_NOT_YET = re.compile(
    r"\b(?:niet(?! alleen| enkel| eerder)|zal|zullen|later (?:dit|dat|in het|terug)|binnenkort|te zijner tijd"
    r"|op een later moment|kom ik [^.]{0,40}?terug)\b",
    re.I,
)


def member_surname(name: str) -> str:
    """The comparable surname: drops a leading first name and capitalises the prefix.

    'Dierderik van Dijk' -> 'Van Dijk', 'Van Hijum' -> 'Van Hijum', 'Ceder' -> 'Ceder'.
    A misspelt first name therefore does not keep two mentions of one member apart.
    """
    tokens = name.split()
    if len(tokens) >= 2 and tokens[0].lower() not in _PREFIX_WORDS:
        tokens = tokens[1:]
    surname = " ".join(tokens)
    return surname[:1].upper() + surname[1:]


def _parse_members(members_text: str) -> list[tuple[str, str | None]]:
    members: list[tuple[str, str | None]] = []
    for match in _MEMBER_RE.finditer(members_text):
        name = match.group("name")
        if name.split()[-1].lower() in _MEMBER_STOPWORDS or not name[0].isupper():
            continue
        party = match.group("party")
        if party is not None and not any(ch.isalpha() for ch in party):
            party = None
        members.append((name, party))
    return members


# -- commitments, requests, deadlines ----------------------------------------------------------

_COMMITMENT = re.compile(
    r"\b(?:toegezegd|toezegging(?:en)?|zegde (?:ik|het kabinet|de minister|de staatssecretaris)\b[^.]{0,80}?\btoe\b"
    r"|zeg(?:de)? ik (?:u(?:w Kamer)? )?toe|zoals (?:ik )?(?:heb )?beloofd)",
    re.I,
)
_COMMITMENT_SETTLED_NOW = re.compile(
    r"\bzoals (?:ik )?(?:u |uw Kamer )?(?:heb |is )?(?:toegezegd|beloofd)\b[^.]{0,80}?"
    r"\b(?:informeer|stuur|zend|bied|ontvangt|treft|geef|doe)\b",
    re.I,
)
_COMMITMENT_ANAPHOR = re.compile(
    r"\b(?:zoals (?:ik )?(?:u |uw Kamer )?(?:heb |is )?toegezegd|(?:deze|die|de|bovengenoemde|genoemde) toezegging)\b",
    re.I,
)
# A commitment made before this letter ('heb ik toegezegd', 'toezegging gedaan', 'zegde ik toe').
_PAST_COMMITMENT = re.compile(r"\b(?:toegezegd|toezegging (?:is )?gedaan|zegde\b[^.]{0,80}?\btoe)\b", re.I)
_FUTURE = re.compile(
    r"\b(?:zal|zullen|later|binnenkort|te zijner tijd|nog niet|op een later moment|in de loop van)\b", re.I
)
_MEETING = re.compile(
    r"\b(?:algemeen overleg|commissiedebat|notaoverleg|wetgevingsoverleg|schriftelijk overleg|plenaire? debat"
    r"|tweeminutendebat|dertigledendebat|vragenuur|begrotingsbehandeling|debat)\b",
    re.I,
)
_REQUEST = re.compile(
    r"\b(?:uw Kamer|de (?:vaste )?commissie(?: voor(?: [\w&-]{1,30}){1,5}?)?) (?:heeft |had )?(?:mij |het kabinet |de regering )?"
    r"(?:om|verzocht|gevraagd|vroeg|verzoekt|vraagt)\b"
    r"|\b(?:verzoek|vraag) van (?:uw Kamer|de (?:vaste )?commissie)\b",
    re.I,
)
_ASKED_BY_MINISTER = re.compile(r"\b(?:verzoek|vraag|verzoeken|vragen|wil)(?: ik| wij| het kabinet)? $", re.I)
# A deadline is only a new promise when the sentence looks ahead.
_PROMISE = re.compile(
    r"\b(?:zal|zullen|zult|verwacht(?:e|en|ing)?|ontvangt|informeer|informeren|stuur|sturen|toesturen|toezenden"
    r"|zend|zenden|rapporteer|rapporteren|communiceren|gecommuniceerd|streef|streven|voornemens|kom ik"
    r"|opleveren|publiceren|verschijnt|aanbieden|bied ik|beschikbaar komen)\b",
    re.I,
)
_PAST_BEFORE_PHRASE = re.compile(r"\b(?:sinds|sedert|vanaf|per|tot|in de periode|jl\.?) ?$", re.I)
_PAST_AFTER_PHRASE = re.compile(r" ?(?:jl\.|jongstleden)", re.I)  # used with .match(text, end)


# -- the analyser ------------------------------------------------------------------------------

_OWN_NR_LINE = re.compile(r"^Nr\. ?(\d{1,5})\b")
_DOSSIER_HEADING = re.compile(rf"^(\d{{2}}) ?(\d{{3}})(?: ([IVXLC]{{1,6}}|[A-Z]))?(?: [{_UP}][{_LO}]{{2,}})")
_KAMERSTUK_HEADER = re.compile(rf"^{_HOUSE_SESSION}")
_PLACE_DATE = re.compile(rf"(?:Den Haag|'s-Gravenhage),? (\d{{1,2}}) ({_MONTH}) (\d{{4}})(?!\d)", re.I)
_DATUM_FIELD = re.compile(rf"\bDatum:? (\d{{1,2}}) ({_MONTH}) (\d{{4}})(?!\d)")
_INTERNAL_REF = re.compile(r"\b(?:Onze referentie|Ons kenmerk|Kenmerk):? ([\w./-]{3,40})")
_ROLE_WORD = r"(?:Minister-[Pp]resident|Minister|Staatssecretaris|Vice-[Mm]inister-[Pp]resident)"
_ROLE_TAIL = r"(?: (?:van|voor) [^\n,;:]{2,90})?"
_SIGN_ROLE = re.compile(rf"^(?:De|Het) (?P<role>{_ROLE_WORD}{_ROLE_TAIL}) ?,(?: (?P<name>.+))?$")
_SIGN_NAME = re.compile(
    rf"^(?:(?:mr|dr|drs|ir|prof|ing)\.? ){{0,3}}"
    rf"(?:(?:[{_UP}][{_LO}]{{0,2}}\. ?){{1,6}}|[{_UP}][{_LO}]+ )"
    rf"(?:{_PREFIX} ){{0,3}}[{_UP}][\w'’-]+(?: [{_UP}][\w'’-]+){{0,2}}$"
)
_ROLE_ONLY = re.compile(rf"^(?P<role>{_ROLE_WORD} (?:van|voor) [{_UP}][^,.:;]{{2,80}})$")
_BRIEF_VAN = re.compile(
    r"\bBRIEF VAN DE (?P<role>(?:MINISTER-PRESIDENT|MINISTER|STAATSSECRETARIS)(?: (?:VAN|VOOR) [A-Z&,' -]{2,90}?)?)(?= Aan |$|\.)"
)
_WORDS = re.compile(r"\w+")
_LOWER_ROLE_WORDS = frozenset({"van", "voor", "en", "de", "der", "het"})


def _title_case_role(role: str) -> str:
    words = role.lower().split()
    return " ".join(
        word if index and word in _LOWER_ROLE_WORDS else word[:1].upper() + word[1:] for index, word in enumerate(words)
    )


def _signers(doc: _Doc) -> list[Signer]:
    lines = [line for line in doc.lines if line]
    signers: list[Signer] = []
    for index, line in enumerate(lines):
        match = _SIGN_ROLE.match(line)
        if not match:
            continue
        # 'De Staatssecretaris van ...,' then the name on the same or the next line; a role
        # line without a name after it is running text, not a signature.
        name = match.group("name")
        if name is None and index + 1 < len(lines):
            name = lines[index + 1]
        if name and _SIGN_NAME.match(name.strip()) and len(signers) < _MAX_ITEMS:
            signers.append(Signer(name.strip(), match.group("role").strip()))
    if signers:
        return signers
    for line in lines[:12]:
        match = _ROLE_ONLY.match(line)
        if match:
            return [Signer(None, match.group("role"))]
    if doc.body_paragraphs:
        match = _BRIEF_VAN.search(doc.body_paragraphs[0][:300])
        if match:
            return [Signer(None, _title_case_role(match.group("role")))]
    return []


def _letter_date(doc: _Doc) -> date | None:
    text = _squash(" ".join(doc.lines[:400]))
    for pattern in (_PLACE_DATE, _DATUM_FIELD):
        for match in pattern.finditer(text):
            found = _to_date(*match.groups())
            if found is not None:
                return found
    return None


def _own_ref(doc: _Doc, cited: list[_Found], dossier_titles: Mapping[str, str] | None) -> OwnRef | None:
    top = [line for line in doc.lines if line][:8]
    # 1. A Kamerstuk header at the top, or repeated as a running page header.
    header_counts: Counter[KamerstukRef] = Counter()
    for number, line in enumerate(line for line in doc.lines if line):
        if not _KAMERSTUK_HEADER.match(line):
            continue
        for found in _scan_kamerstukken(line):
            header_counts[found.ref] += 3 if number < 8 else 1
    for ref, weight in header_counts.most_common(1):
        if weight >= 2:
            return OwnRef(ref.dossier, ref.suffix, ref.nr, "header")
    # 2. 'Nr. 123' at the top, with the dossier inferred.
    nr = None
    heading: tuple[str, str | None] | None = None
    for line in top:
        heading_match = _DOSSIER_HEADING.match(line)
        if heading_match and heading is None and not _OWN_NR_LINE.match(line):
            heading = (heading_match.group(1) + heading_match.group(2), heading_match.group(3))
        nr_match = _OWN_NR_LINE.match(line)
        if nr_match:
            nr = nr_match.group(1)
            break
    if nr is None:
        return None
    if heading is not None:
        return OwnRef(heading[0], heading[1], nr, "heading")
    text = " ".join(doc.body_paragraphs) + " " + " ".join(doc.footnotes.values())
    bare = {m.group(1) + m.group(2) for m in _BARE_DOSSIER.finditer(text)}
    if len(bare) == 1:
        return OwnRef(bare.pop(), None, nr, "bare-dossier-mention")
    own = int(nr)
    below: dict[str, int] = {}
    for found in cited:
        if found.ref.nr.isdigit() and own - PRECEDING_NR_WINDOW <= int(found.ref.nr) < own:
            key = found.ref.dossier + "|" + (found.ref.suffix or "")
            below[key] = max(below.get(key, 0), int(found.ref.nr))
    if len(below) == 1:
        dossier, suffix = next(iter(below)).split("|")
        return OwnRef(dossier, suffix or None, nr, "preceding-nr")
    if dossier_titles:
        words = " " + " ".join(_WORDS.findall(text.lower())) + " "
        scores = []
        for dossier, title in dossier_titles.items():
            title_words = " ".join(_WORDS.findall(str(title).lower()))
            count = words.count(" " + title_words + " ") if title_words else 0
            if count:
                scores.append((count, dossier))
        scores.sort(reverse=True)
        if scores and (len(scores) == 1 or scores[0][0] > scores[1][0]):
            return OwnRef(re.sub(r"[\s.]", "", scores[0][1]), None, nr, "dossier-title")
    return OwnRef(None, None, nr, "none")


class _SentenceRefs:
    """The Kamerstuk refs of one sentence and of the footnotes it marks, scanned once."""

    def __init__(self, sentence: _Sentence, doc: _Doc) -> None:
        self.found = _scan_kamerstukken(sentence.text)
        self.notes: list[tuple[int, KamerstukRef]] = []
        for marker in _MARKER.finditer(sentence.text):
            ref = doc.footnote_ref(_marker_number(marker))
            if ref is not None:
                self.notes.append((marker.start(), ref))

    def cited_with(self, offset: int = 0) -> KamerstukRef | None:
        """The ref cited with something at ``offset``: the first one in the sentence after it,
        else the first footnote marked after it, else the last one in the sentence before it."""
        for item in self.found:
            if item.start >= offset:
                return item.ref
        for position, ref in self.notes:
            if position >= offset:
                return ref
        if self.found:
            return self.found[-1].ref
        return None


def _motion_settled(text: str) -> bool:
    if _NOT_YET.search(text):
        return False
    if _SETTLE_STRONG.search(text):
        return True
    return bool(_LETTER_SELF.search(text) and _SETTLE_WITH_SELF.search(text))


def _surname_keys(motion: Motion) -> frozenset[str]:
    return frozenset(surname.lower() for surname in motion.surnames)


class _Motions:
    """The motions of a letter, each mention folded into the motion it names again: the same
    Kamerstuk, or the same submitters (one list of surnames contains the other) without a
    conflicting Kamerstuk. At most :data:`_MAX_ITEMS` motions."""

    def __init__(self) -> None:
        self.items: list[Motion] = []
        self._keys: list[frozenset[str]] = []
        self._by_ref: dict[KamerstukRef, int] = {}

    def add(self, new: Motion) -> Motion | None:
        index = self._by_ref.get(new.ref) if new.ref is not None else None
        new_keys = _surname_keys(new)
        if index is None and new_keys:
            for position, keys in enumerate(self._keys):
                compatible = self.items[position].ref is None or new.ref is None
                if compatible and (new_keys <= keys or keys <= new_keys):
                    index = position
                    break
        if index is None:
            if len(self.items) >= _MAX_ITEMS:
                return None
            self.items.append(new)
            self._keys.append(new_keys)
            if new.ref is not None:
                self._by_ref[new.ref] = len(self.items) - 1
            return new
        motion = self.items[index]
        _fold_motion(motion, new)
        self._keys[index] = _surname_keys(motion)
        if motion.ref is not None:
            self._by_ref.setdefault(motion.ref, index)
        return motion


def _fold_motion(motion: Motion, new: Motion) -> None:
    if len(new.members) > len(motion.members):
        old = {member_surname(name).lower(): party for name, party in zip(motion.members, motion.member_parties)}
        motion.members = list(new.members)
        motion.member_parties = [
            party or old.get(member_surname(name).lower()) for name, party in zip(new.members, new.member_parties)
        ]
    else:
        extra = {member_surname(name).lower(): party for name, party in zip(new.members, new.member_parties)}
        motion.member_parties = [
            party or extra.get(member_surname(name).lower()) for name, party in zip(motion.members, motion.member_parties)
        ]
    motion.parties = list(dict.fromkeys(party for party in motion.member_parties if party))
    motion.ref = motion.ref or new.ref
    motion.settles = motion.settles or new.settles
    motion.adopted_on = motion.adopted_on or new.adopted_on
    for text in new.texts:
        if len(motion.texts) < _MAX_MENTIONS and text not in motion.texts:
            motion.texts.append(text)


_ADOPTED = re.compile(r"\baangenomen\b")
_DAY_MONTH = re.compile(rf"(?<!\d)(\d{{1,2}}) ({_MONTH})(?: (\d{{4}}))?(?!\d)", re.I)


def _adopted_on(text: str, letter_date: date | None) -> date | None:
    """The date in a sentence saying the motion was adopted; 'op 31 maart jl.' takes the year
    from the letter's date (the last such day on or before it)."""
    if not _ADOPTED.search(text):
        return None
    for match in _DAY_MONTH.finditer(text):
        day, month, year = match.groups()
        if year is not None:
            return _to_date(day, month, year)
        if letter_date is not None:
            found = _to_date(day, month, str(letter_date.year))
            if found is not None and found > letter_date:
                found = _to_date(day, month, str(letter_date.year - 1))
            return found
    return None


def _motions(doc: _Doc, letter_date: date | None) -> list[Motion]:
    motions = _Motions()
    last: Motion | None = None
    pending_settle = False
    for sentence in doc.sentences:
        text = sentence.text
        if "otie" not in text:
            continue
        mentions = []
        for pattern in (_MOTION_NAMED, _MOTION_BY):
            for match in pattern.finditer(text):
                members = _parse_members(match.group("members"))
                if members:
                    mentions.append((match.start(), match.end(), members))
        if not mentions:
            if _MOTION_ANAPHOR.search(text) and sentence.footnote is None and _motion_settled(text):
                # 'waarmee de motie wordt afgedaan': the motion named last (or, if none yet, first).
                if last is not None:
                    last.settles = True
                    if len(last.texts) < _MAX_MENTIONS and text not in last.texts:
                        last.texts.append(text)
                else:
                    pending_settle = True
            continue
        mentions.sort(key=lambda mention: mention[0])
        settles = sentence.footnote is None and _motion_settled(text)
        refs = _SentenceRefs(sentence, doc)
        for start, _end, members in mentions[:_MAX_MENTIONS]:
            names = [name for name, _ in members]
            member_parties = [party for _, party in members]
            motion = Motion(
                members=names,
                parties=list(dict.fromkeys(party for party in member_parties if party)),
                ref=refs.cited_with(start),
                settles=settles,
                texts=[text],
                member_parties=member_parties,
                adopted_on=_adopted_on(text, letter_date),
            )
            last = motions.add(motion) or last
    if pending_settle and motions.items:
        motions.items[0].settles = True
    return motions.items


def _commitments(doc: _Doc, letter_date: date | None) -> list[Commitment]:
    commitments: list[Commitment] = []
    for sentence in doc.sentences:
        text = sentence.text
        if len(commitments) >= _MAX_ITEMS:
            break
        if not _COMMITMENT.search(text):
            continue
        ref = _SentenceRefs(sentence, doc).cited_with(0)
        explicit = bool(
            (_LETTER_SELF.search(text) and _SETTLE_WITH_SELF.search(text)) or _COMMITMENT_SETTLED_NOW.search(text)
        )
        occasion = (
            sentence.paragraph == doc.opening_paragraph
            and sentence.footnote is None
            and bool(_PAST_COMMITMENT.search(text))
        )
        settles = sentence.footnote is None and (explicit or occasion) and not _FUTURE.search(text)
        made_on = None
        for date_match in _DATE_RE.finditer(text):
            candidate = _to_date(*date_match.groups())
            if candidate is not None and (letter_date is None or candidate <= letter_date):
                made_on = candidate
                break
        meeting = _MEETING.search(text)
        # The same commitment again: the same ref, or 'zoals toegezegd' / 'deze toezegging'
        # without anything that names another one.
        same = next((c for c in commitments if ref is not None and c.ref == ref), None)
        if same is None and commitments and ref is None and made_on is None and meeting is None:
            same = commitments[-1] if _COMMITMENT_ANAPHOR.search(text) else None
        if same is not None:
            same.settles = same.settles or settles
            continue
        commitments.append(Commitment(text, ref, settles, made_on, meeting.group(0).lower() if meeting else None))
    return commitments


def _requests(doc: _Doc) -> list[Request]:
    requests: list[Request] = []
    for sentence in doc.sentences:
        text = sentence.text
        if len(requests) >= _MAX_ITEMS:
            break
        if sentence.footnote is not None or "otie" in text:
            continue
        match = _REQUEST.search(text)
        if not match or _ASKED_BY_MINISTER.search(text, max(0, match.start() - 25), match.start()):
            continue  # 'Ik verzoek uw Kamer om ...' is the government asking
        settles = not _FUTURE.search(text) and (
            sentence.paragraph == doc.opening_paragraph
            or bool(_LETTER_SELF.search(text) and _SETTLE_WITH_SELF.search(text))
        )
        requests.append(Request(text, _SentenceRefs(sentence, doc).cited_with(0), settles))
    return requests


def _new_deadlines(doc: _Doc, letter_date: date | None, recesses: Mapping | None) -> list[Deadline]:
    deadlines: list[Deadline] = []
    seen: set[tuple[str, date]] = set()
    for sentence in doc.sentences:
        text = sentence.text
        if len(deadlines) >= _MAX_ITEMS:
            break
        if sentence.footnote is not None or not _PROMISE.search(text):
            continue
        for phrase, start, end in find_deadline_phrases(text):
            if (
                _PAST_BEFORE_PHRASE.search(text, max(0, start - 20), start) or _PAST_AFTER_PHRASE.match(text, end)
            ):
                continue
            try:
                parsed = parse_deadline(phrase, recesses=recesses, today=letter_date)
            except (DeadlineParseError, ValueError):
                continue
            if letter_date is not None and parsed.latest < letter_date:
                continue  # a date in the past is not a promise
            key = (_squash(phrase).lower(), parsed.latest)
            if key in seen:
                continue
            seen.add(key)
            deadlines.append(
                Deadline(
                    phrase=phrase,
                    latest=parsed.latest,
                    text=text,
                    earliest=parsed.earliest,
                    precision=getattr(parsed.precision, "value", parsed.precision),
                )
            )
    return deadlines


def _handelingen(doc: _Doc) -> list[HandelingenRef]:
    refs: list[HandelingenRef] = []
    seen: set[tuple] = set()
    sources: list[tuple[str, int | None]] = [(paragraph, None) for paragraph in doc.body_paragraphs]
    sources += [(note, number) for number, note in doc.footnotes.items()]
    for text, footnote in sources:
        for match in _HANDELINGEN.finditer(text):
            nrs = _NR_SPLIT.split(match.group("nrs"))
            if not match.group("kw").lower().startswith(("nrs", "nummers")):
                nrs = nrs[:1]
            chamber = match.group("chamber") or match.group("chamber2")
            session = _session(match.group("first"), match.group("second"))
            key = (_CHAMBER_NAMES.get(chamber) if chamber else None, session, tuple(nrs), bool(match.group("aanhangsel")))
            if key in seen:
                continue
            seen.add(key)
            before = text[max(0, match.start() - 300) : match.start()]
            members, parties = _questioners(doc, before, footnote)
            refs.append(
                HandelingenRef(
                    chamber=key[0],
                    session=session,
                    nrs=tuple(nrs),
                    text=match.group(0),
                    aanhangsel=key[3],
                    item=match.group("item"),
                    members=members,
                    parties=parties,
                )
            )
    return refs


_LID_BEFORE_MARKER = re.compile(rf"\b(?:het )?lid (?P<members>{_MEMBER})$")
_LID_IN_TEXT = re.compile(rf"\b(?:[Kk]amer)?(?:lid|leden) (?P<members>{_MEMBERS})")


def _questioners(doc: _Doc, before: str, footnote: int | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Members who asked the questions a Handelingen ref points to: 'lid Azmani' in the text
    before it, or 'het lid Azmani (VVD)¹' right before the footnote marker in the body."""
    members: list[tuple[str, str | None]] = []
    for match in _LID_IN_TEXT.finditer(before):
        members = _parse_members(match.group("members"))
    for sentence, position in doc.marker_sites().get(footnote, [])[:_MAX_MENTIONS] if footnote else []:
        near = _LID_BEFORE_MARKER.search(sentence.text, max(0, position - 120), position)
        parsed = _parse_members(near.group("members")) if near else []
        if parsed and (not members or member_surname(parsed[0][0]) == member_surname(members[0][0])):
            return tuple(name for name, _ in parsed), tuple(party for _, party in parsed if party)
    return tuple(name for name, _ in members), tuple(party for _, party in members if party)


def analyse_letter(
    text: str,
    *,
    dossier_titles: Mapping[str, str] | None = None,
    recesses: Mapping | None = None,
) -> LetterAnalysis:
    """Analyse one letter's text.

    ``dossier_titles`` ({'29344': 'Terugkeerbeleid'}) optionally names the dossiers the caller
    tracks; it is used only to infer the own dossier when the letter prints just 'Nr. 131'.
    ``recesses`` is passed to :func:`parsing.deadlines.parse_deadline` ('voor het zomerreces').
    Phrases without a year ('voor de zomer') are resolved against the letter's own date.
    """
    if not isinstance(text, str):
        raise TypeError("analyse_letter expects the letter's text as str")
    doc = _prepare(text)
    analysis = LetterAnalysis()
    analysis.date = _letter_date(doc)
    analysis.signers = _signers(doc)
    analysis.signed_by = analysis.signers[0] if analysis.signers else None
    internal = _INTERNAL_REF.search(_squash(" ".join(doc.lines[:400])))
    analysis.internal_ref = internal.group(1) if internal else None

    cited: list[_Found] = []
    for source in list(doc.body_paragraphs) + list(doc.footnotes.values()):
        cited.extend(_scan_kamerstukken(source))
    analysis.own_ref = _own_ref(doc, cited, dossier_titles)
    own = analysis.own_ref.kamerstuk if analysis.own_ref else None
    seen: set[KamerstukRef] = set()
    for found in cited:
        if found.ref in seen or found.ref == own:
            continue
        seen.add(found.ref)
        analysis.kamerstuk_refs.append(KamerstukCitation(found.ref, found.text, found.date))

    analysis.handelingen_refs = _handelingen(doc)
    analysis.motions = _motions(doc, analysis.date)
    analysis.commitments = _commitments(doc, analysis.date)
    analysis.requests = _requests(doc)
    analysis.new_deadlines = _new_deadlines(doc, analysis.date, recesses)
    return analysis
