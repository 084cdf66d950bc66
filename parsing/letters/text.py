"""Page clean-up: from text as it comes out of a PDF (page headers, footnotes, hyphenation and
line breaks mixed in) to paragraphs, footnotes and sentences.

Markdown remnants are removed, ``<sup>n</sup>`` becomes a superscript digit, lines that repeat three
times or more (running page headers) are dropped, footnotes are recognised as lines ``n text`` whose
number is the next expected footnote number and whose marker ``n`` was seen glued to a word in the
body (or that directly follow another footnote); a footnote ends at a blank line, a running page
header, or -- when the extractor gives no blank lines -- a line that its next line's first word would
still have fitted on (:func:`_line_width`); body lines are joined with de-hyphenation (``Interna-`` +
``tionale``), and cut into paragraphs and sentences.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .common import _MAX_SENTENCE, _SUPERSCRIPTS, _squash
from .signature import _SIGN_ROLE

# -- text preparation --------------------------------------------------------------------------

_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS, "0123456789")
_TO_SUPERSCRIPT = str.maketrans("0123456789", _SUPERSCRIPTS)
_CHAR_FIXES = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\f": "\n",
        "\u00ad": None,
        "\u200b": None,
        "\ufeff": None,
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\u2010": "-",
        "\u2011": "-",
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
    cache: dict = field(default_factory=dict)  # what later parts compute once per letter
    _marker_sites: dict[int, list[tuple[_Sentence, int]]] | None = None

    def marker_sites(self) -> dict[int, list[tuple[_Sentence, int]]]:
        """Footnote number -> (body sentence, offset) of each marker pointing to it."""
        if self._marker_sites is None:
            self._marker_sites = {}
            for sentence in self.sentences:
                if sentence.footnote is None:
                    for marker in _MARKER.finditer(sentence.text):
                        self._marker_sites.setdefault(_marker_number(marker), []).append((sentence, marker.start()))
        return self._marker_sites


# A table row of a page converted to text or markdown ('| Tweede Kamer der Staten-Generaal | 2 |'):
# each cell becomes a line; separator rows ('|---|---|') go.
_TABLE_ROW = re.compile(r"^ {0,3}\|?(?:[^|\n]{0,300}\|){1,12}[^|\n]{0,300}$", re.M)
_TABLE_RULE = re.compile(r"^[ |:-]{3,}$")
# 'Nr.' on a line of its own and the number on the next, as text extracted from the official XML has it.
_NR_ALONE = re.compile(r"^( ?Nr\.?) *\n(\d{1,5})\b", re.M)


def _table_cells(match: re.Match) -> str:
    row = match.group(0)
    if "|" not in row:
        return row
    if _TABLE_RULE.match(row.strip()):
        return ""
    return "\n".join(cell.strip() for cell in row.strip().strip("|").split("|") if cell.strip())


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHAR_FIXES)
    if "|" in text:
        text = _TABLE_ROW.sub(_table_cells, text)
    text = _NR_ALONE.sub(r"\1 \2", text)
    text = _MD_SUP.sub(lambda m: m.group(1).translate(_TO_SUPERSCRIPT), text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_TAG.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    text = _MD_HEADING.sub("", text)
    return _MD_RULE.sub("", text)


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
                footnotes[number] = [line[match.end() :]]
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
        token = word.group(1).lstrip('(«"“„') if word else ""
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
