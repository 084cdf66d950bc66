"""Small pieces the parts of the letter analyser share: Dutch month names and dates, whitespace,
limits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from ..deadlines import MONTH_NAMES

#: At most this many motion mentions are read per sentence, and texts kept per motion.
_MAX_MENTIONS = 20

#: At most this many motions, commitments, requests and deadlines are reported (a real letter
#: has a handful; the cap keeps merging repeated mentions linear on any input).
_MAX_ITEMS = 200

#: Sentences longer than this are cut (at a space) so that per-sentence work stays bounded.
_MAX_SENTENCE = 1500

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

_MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_DATE_RE = re.compile(rf"(?<!\d)(\d{{1,2}}) ({_MONTH}) (\d{{4}})(?!\d)", re.I)


def _to_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), _MONTHS[month.lower()], int(day))
    except (KeyError, ValueError):
        return None


def _squash(text: str) -> str:
    return " ".join(text.split())


def _until_full(sentences: Iterable, found: list) -> Iterator:
    """The sentences one by one, stopping once ``found`` holds :data:`_MAX_ITEMS` items."""
    for sentence in sentences:
        if len(found) >= _MAX_ITEMS:
            return
        yield sentence
