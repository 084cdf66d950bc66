"""The letter's heading: its own Kamerstuk number, its date and the ministry's internal reference.

Own reference (:func:`_own_ref`): a ``Nr. 123`` line at the top, or a Kamerstuk header (``Tweede Kamer,
vergaderjaar ..., 29 344, nr. 123``) at the top or repeated as a page header. When only the number is
printed, the dossier is inferred, in this order: a dossier heading line at the top (``29 344
Terugkeerbeleid``); a bare dossier mention (``Kamerstuk 29 344``) when it is the only one; a cited
document of one dossier whose number is just below the letter's own (at most
:data:`PRECEDING_NR_WINDOW` lower: documents of one dossier are numbered in order and letters cite
recent ones); the title of a dossier the caller knows (``dossier_titles``) named in the text.
Otherwise the dossier stays ``None``. ``OwnRef.source`` says which rule applied.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from datetime import date

from parsing.kamerstuk import KamerstukRef, KamerstukRefError

from .common import _MONTH, _squash, _to_date
from .people import _LO, _UP
from .references import _BARE_DOSSIER, _HOUSE_SESSION, _Found, _scan_kamerstukken
from .results import OwnRef
from .text import _Doc

#: How far below the letter's own number a cited document of the same dossier may be for the
#: own dossier to be inferred from it (see :func:`_own_ref`).
PRECEDING_NR_WINDOW = 20

_OWN_NR_LINE = re.compile(r"^Nr\. ?(\d{1,5})\b")
# '29 344 Terugkeerbeleid', '21 501-02 Raad Algemene Zaken', or the number alone with the title on the
# next line, as the official XML gives it ('36 592' / 'Defensienota 2024').
_DOSSIER_HEADING = re.compile(
    rf"^(\d{{2}}) ?(\d{{3}})(?:(?: |-)([IVXLC]{{1,6}}|[A-Z]|\d{{2}}))?(?: [{_UP}][{_LO}]{{2,}}|$)"
)
_TITLE_LINE = re.compile(rf"^[{_UP}][{_LO}]{{2,}}")
# The document's own id on a page copied from officielebekendmakingen.nl or a viewer ('kst-36592-18').
_KST_ID_LINE = re.compile(r"^(?:\S*/)?(kst-[0-9A-Za-z]{1,6}(?:-[0-9A-Za-z]{1,6}){1,11})(?:\.html|\.pdf)?$")
# Where the letter proper starts: what comes before it is the heading (or a web page's menus).
_LETTER_START = re.compile(r"^(?:Aan de |Geachte |Den Haag|'s-Gravenhage|Datum\b|Hierbij |Met deze brief)")
_TOP_LINES = 80
_KAMERSTUK_HEADER = re.compile(rf"^{_HOUSE_SESSION}")
_PLACE_DATE = re.compile(rf"(?:Den Haag|'s-Gravenhage),? (\d{{1,2}}) ({_MONTH}) (\d{{4}})(?!\d)", re.I)
_DATUM_FIELD = re.compile(rf"\bDatum:? (\d{{1,2}}) ({_MONTH}) (\d{{4}})(?!\d)")
_INTERNAL_REF = re.compile(r"\b(?:Onze referentie|Ons kenmerk|Kenmerk):? ([\w./-]{3,40})")
_WORDS = re.compile(r"\w+")


def _letter_date(doc: _Doc) -> date | None:
    text = _squash(" ".join(doc.lines[:400]))
    for pattern in (_PLACE_DATE, _DATUM_FIELD):
        for match in pattern.finditer(text):
            found = _to_date(*match.groups())
            if found is not None:
                return found
    return None


def _top(doc: _Doc) -> list[str]:
    """The non-empty lines above the letter proper (at most :data:`_TOP_LINES`)."""
    top: list[str] = []
    for line in doc.lines:
        if not line:
            continue
        if _LETTER_START.match(line) or len(top) >= _TOP_LINES:
            break
        top.append(line)
    return top


def _headings(lines: list[str]) -> list[tuple[str, str | None]]:
    """Dossier headings (number, toevoeging) in ``lines``, in order."""
    headings = []
    for index, line in enumerate(lines):
        match = _DOSSIER_HEADING.match(line)
        if not match or _OWN_NR_LINE.match(line):
            continue
        if len(line) <= 12 and not (index + 1 < len(lines) and _TITLE_LINE.match(lines[index + 1])):
            continue  # a number alone is a heading only with its title on the next line
        heading = (match.group(1) + match.group(2), match.group(3))
        if heading not in headings:
            headings.append(heading)
    return headings


def _own_ref(doc: _Doc, cited: list[_Found], dossier_titles: Mapping[str, str] | None) -> OwnRef | None:
    top = _top(doc)
    # 1. The document's own id above the letter, as on a page copied from the web.
    for line in top:
        match = _KST_ID_LINE.match(line)
        if match:
            try:
                ref = KamerstukRef.parse(match.group(1))
            except KamerstukRefError:
                continue
            return OwnRef(ref.dossier, ref.suffix, ref.nr, "kst-id")
    # 2. A Kamerstuk header at the top, or repeated as a running page header.
    header_counts: Counter[KamerstukRef] = Counter()
    for number, line in enumerate(line for line in doc.lines if line):
        if not _KAMERSTUK_HEADER.match(line):
            continue
        for found in _scan_kamerstukken(line):
            header_counts[found.ref] += 3 if number < 8 else 1
    for ref, weight in header_counts.most_common(1):
        if weight >= 2:
            return OwnRef(ref.dossier, ref.suffix, ref.nr, "header")
    # 3. 'Nr. 123' at the top, with the dossier from the headings above it, else inferred.
    nr = None
    for index, line in enumerate(top):
        nr_match = _OWN_NR_LINE.match(line)
        # in the first lines, or right under the heading (below a web page's menus)
        if nr_match and (index < 12 or _headings(top[max(0, index - 6) : index])):
            nr = nr_match.group(1)
            headings = _headings(top[:index])
            break
    if nr is None:
        return None
    if headings:
        (dossier, suffix), *others = headings
        return OwnRef(dossier, suffix, nr, "heading", tuple(number for number, _suffix in others))
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
