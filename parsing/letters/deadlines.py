"""New deadlines a letter promises: phrases found by :func:`parsing.deadlines.find_deadline_phrases`
in sentences that look ahead ('zal', 'verwacht', 'stuur', 'informeer', 'ontvangt u', ...), not
preceded by 'sinds/vanaf/tot', and whose latest date is not before the letter's date. A scheduled
meeting ('staat gepland voor 22 januari 2015', 'het commissiedebat ... op 16 april aanstaande') or a
past event ('voor de zomer ontvangen') is no promise, nor is a negated or conditional sentence ('Het is
niet mogelijk ... eind februari te informeren', 'Indien ..., stuur ik ...'): those become notes.

Relative phrases ('binnen twee weken', 'dit kwartaal') count from the letter's date. 'vóór het
commissiedebat' takes the date of a known debate (``debates``: (title, date) pairs) whose subject the
sentence names -- the day before it; without one the phrase is kept as written, with no date."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from parsing.deadlines import (
    MEETINGS,
    DeadlineParseError,
    ParsedDeadline,
    find_deadline_phrases,
    parse_deadline,
    standalone_phrase,
)

from .common import _squash, _until_full
from .cues import hedge, note_hedge
from .results import Deadline
from .text import _Doc
from .vocab import words

# A deadline is only a new promise when the sentence looks ahead.
_PROMISE = words(
    r"zal|zullen|zult|verwacht(?:e|en|ing)?|ontvangt|informeer|informeren|stuur|sturen|toesturen|toezenden",
    r"zend|zenden|rapporteer|rapporteren|communiceren|gecommuniceerd|streef|streven|voornemens|kom ik",
    r"opleveren|publiceren|verschijnt|aanbieden|bied ik|beschikbaar komen",
)
_PAST_BEFORE_PHRASE = re.compile(r"\b(?:sinds|sedert|vanaf|per|tot|in de periode|jl\.?) ?$", re.I)
_PAST_AFTER_PHRASE = re.compile(r" ?(?:jl\.|jongstleden)", re.I)  # used with .match(text, end)


# A date right after a meeting is when the meeting takes place, not a promise ('informatie ten behoeve
# van het commissiedebat Vreemdelingen- en asielbeleid op 16 april aanstaande').
_MEETING_BEFORE = words(
    r"commissiedebat|debat|overleg|notaoverleg|wetgevingsoverleg|bijeenkomst|vergadering|Raad|Europese Raad",
    r"top|conferentie|hoorzitting|rondetafelgesprek|briefing|werkbezoek|stemmingen|begrotingsbehandeling",
    after=r"(?P<between>[^,;:.()]{0,100})$",
)
_SCHEDULED = words(
    r"gepland|plaatsvinden|plaatsvindt|vindt plaats|vinden plaats|gehouden|georganiseerd|geagendeerd",
    r"staat op de agenda",
)
# Operators that make a phrase a deadline by themselves, whatever precedes it.
_DEADLINE_OPERATOR = re.compile(
    r"^(?:in de loop van|gedurende|uiterlijk|ten laatste|niet later dan|ruim|ruimschoots|nog|tijdig|v[oó][oó]r"
    r"|voorafgaand|binnen|kort na|direct na|vlak na|na)\b",
    re.I,
)
_EVENT_PHRASE = re.compile(
    rf"^(?:{'|'.join(('uiterlijk ', 'ruim ', 'ruimschoots ', 'nog ', 'tijdig ', ''))})?"
    rf"(?:v[oó][oó]r|voorafgaand aan) (?:het|de) (?P<meeting>{'|'.join(MEETINGS)})$",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]{3,}")
_TITLE_STOPWORDS = frozenset(
    {"over", "van", "het", "een", "der", "den", "voor", "met", "inzake", "aan", "and"}
    | {word for meeting in MEETINGS for word in meeting.split()}
)


def _scheduled(text: str, phrase: str, start: int) -> bool:
    """The phrase dates a meeting or a planned event rather than promising something by then."""
    if _DEADLINE_OPERATOR.match(phrase):
        return False
    before = _MEETING_BEFORE.search(text, max(0, start - 140), start)
    if before and len(before.group("between").split()) <= 10:
        return True
    return bool(_SCHEDULED.search(text))


def _debate_for(
    meeting: str, after: str, letter_date: date | None, debates: Sequence[tuple[str, date]]
) -> tuple[str, date] | None:
    """The one known debate of this kind after the letter's date whose subject the sentence names
    ('vóór het commissiedebat Vreemdelingen- en asielbeleid' -> 'Commissiedebat Vreemdelingen- en
    asielbeleid', 16 April); None when there is none or more than one."""
    named = {word.lower() for word in _WORD.findall(after)}
    found = []
    for title, day in debates:
        if letter_date is not None and day <= letter_date:
            continue
        words = {word.lower() for word in _WORD.findall(title)}
        subject = words - _TITLE_STOPWORDS
        if meeting.lower().split()[-1] in title.lower() and subject and subject <= named:
            found.append((title, day))
    return found[0] if len(found) == 1 else None


def _new_deadlines(
    doc: _Doc, letter_date: date | None, recesses: Mapping | None, debates: Sequence[tuple[str, date]] = ()
) -> list[Deadline]:
    deadlines: list[Deadline] = []
    notes = doc.cache.setdefault("notes", {})
    seen: set[tuple[str, date | None]] = set()
    for sentence in _until_full(doc.sentences, deadlines):
        text = sentence.text
        if sentence.footnote is not None or not _PROMISE.search(text):
            continue
        hedged = hedge(text)
        for phrase, start, end in find_deadline_phrases(text):
            if (
                _PAST_BEFORE_PHRASE.search(text, max(0, start - 20), start)
                or _PAST_AFTER_PHRASE.match(text, end)
                or _scheduled(text, phrase, start)
            ):
                continue
            event = _EVENT_PHRASE.match(_squash(phrase))
            debate = None
            if event:
                debate = _debate_for(event.group("meeting"), text[end : end + 160], letter_date, debates)
                latest, earliest, precision = (debate[1] - timedelta(days=1), None, "day") if debate else (None,) * 3
            else:
                try:
                    parsed = parse_deadline(phrase, recesses=recesses, today=letter_date)
                except (DeadlineParseError, ValueError):
                    continue
                latest, earliest, precision = parsed.latest, parsed.earliest, parsed.precision.value
            if latest is not None and letter_date is not None and latest < letter_date:
                continue  # a date in the past is not a promise
            if hedged:
                note_hedge(notes, text)  # 'Indien de Raad instemt, stuur ik ...': no promise
                break
            key = (_squash(phrase).lower(), latest)
            if key in seen:
                continue
            seen.add(key)
            deadlines.append(
                Deadline(
                    phrase=phrase,
                    latest=latest,
                    text=text,
                    earliest=earliest,
                    precision=precision,
                    event=debate[0] if debate else None,
                    standalone=_standalone(phrase, latest, earliest, precision, recesses),
                )
            )
    return deadlines


def _standalone(phrase, latest, earliest, precision, recesses) -> str | None:
    """The phrase itself when it reads without the letter's date, else one that does."""
    if latest is None:
        return None
    try:
        if parse_deadline(phrase, recesses=recesses).latest == latest:
            return phrase
    except (DeadlineParseError, ValueError):
        pass
    return standalone_phrase(ParsedDeadline(phrase, precision, latest, earliest))
