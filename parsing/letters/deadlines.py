"""New deadlines a letter promises: phrases found by :func:`parsing.deadlines.find_deadline_phrases`
in sentences that look ahead ('zal', 'verwacht', 'stuur', 'informeer', 'ontvangt u', ...), not
preceded by 'sinds/vanaf/tot', and whose latest date is not before the letter's date. A scheduled
meeting ('staat gepland voor 22 januari 2015') or a past event ('voor de zomer ontvangen') is no
promise."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from parsing.deadlines import DeadlineParseError, find_deadline_phrases, parse_deadline

from .common import _MAX_ITEMS, _squash
from .results import Deadline
from .text import _Doc

# A deadline is only a new promise when the sentence looks ahead.
_PROMISE = re.compile(
    r"\b(?:zal|zullen|zult|verwacht(?:e|en|ing)?|ontvangt|informeer|informeren|stuur|sturen|toesturen|toezenden"
    r"|zend|zenden|rapporteer|rapporteren|communiceren|gecommuniceerd|streef|streven|voornemens|kom ik"
    r"|opleveren|publiceren|verschijnt|aanbieden|bied ik|beschikbaar komen)\b",
    re.I,
)
_PAST_BEFORE_PHRASE = re.compile(r"\b(?:sinds|sedert|vanaf|per|tot|in de periode|jl\.?) ?$", re.I)
_PAST_AFTER_PHRASE = re.compile(r" ?(?:jl\.|jongstleden)", re.I)  # used with .match(text, end)


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
