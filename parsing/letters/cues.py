"""The words that say what a sentence does: the letter speaking of itself ('hiermee', 'met deze
brief'), settling ('afgedaan', 'tegemoet gekomen', 'uitvoering'), and not (yet) settling ('niet',
'zal', 'later', 'kom ik ... terug')."""

from __future__ import annotations

import re

from .results import Note
from .vocab import words

_LETTER_SELF = words(
    r"hiermee|hierbij|hiermede|waarmee|daarmee|met (?:deze|bijgaande|de bijgaande) brief|in deze brief"
)
_SETTLE_STRONG = words(
    r"afgedaan|af te doen|als afgehandeld|tegemoet(?: ge)?komen|tegemoetgekomen|tegemoet te komen",
    r"kom ik [^.]{0,60}?tegemoet",
)
_SETTLE_WITH_SELF = words(
    r"uitvoering|invulling|voldaan|voldoe|voldoen|nagekomen|na te komen",
    r"kom ik [^.]{0,60}?\bna|gestand|uitgevoerd|beantwoord",
)
_NOT_YET = words(
    r"niet(?! alleen| enkel| eerder)|zal|zullen|later (?:dit|dat|in het|terug)|binnenkort|te zijner tijd",
    r"op een later moment|kom ik [^.]{0,40}?terug",
)
_FUTURE = words(r"zal|zullen|later|binnenkort|te zijner tijd|nog niet|op een later moment|in de loop van")
_MEETING = words(
    r"algemeen overleg|commissiedebat|notaoverleg|wetgevingsoverleg|schriftelijk overleg|plenaire? debat",
    r"tweeminutendebat|dertigledendebat|vragenuur|begrotingsbehandeling|debat",
)

# Negation and condition: a sentence with these never settles anything or sets a new deadline
# ('Het is daarom niet mogelijk, zoals eerder toegezegd, ...', 'Indien de Raad instemt, ...').
# 'niet alleen', 'niet later dan' (a deadline operator) and 'niet-' compounds are no negation.
_NEGATED = words(
    r"niet(?![-\w])(?! alleen| enkel| eerder dan| later dan| langer dan)(?: \w+)?|geen(?: \w+)?|nooit|onmogelijk"
)
_CONDITIONAL = re.compile(
    r"\b(?:indien|mits|tenzij|mocht(?:en)?|zodra|ingeval|in het geval dat|op voorwaarde dat)\b"
    r"|(?:^|[,;:(–-] ?)(?:als|wanneer)\b(?! gevolg| eerste| volgt| afgehandeld| afgedaan| onderdeel)",
    re.I,
)


def hedge(text: str) -> tuple[str, str] | None:
    """('negated', 'niet mogelijk') or ('conditional', 'Indien') when the sentence is negated or
    conditional, else None."""
    negated = _NEGATED.search(text)
    if negated:
        return "negated", negated.group(0)
    conditional = _CONDITIONAL.search(text)
    if conditional:
        return "conditional", conditional.group(0).lstrip(",;:(–- ")
    return None


def span(text: str, first: re.Match, second: re.Match) -> str:
    """The words from the first match to the end of the second ('Met deze brief geef ik invulling')."""
    start, end = min(first.start(), second.start()), max(first.end(), second.end())
    if end - start <= 160:
        return text[start:end]
    a, b = sorted((first, second), key=lambda match: match.start())
    return f"{a.group(0)} … {b.group(0)}"


def settle_words(text: str) -> str | None:
    """The words that say the letter settles what the sentence names; None when it does not
    ('niet', 'zal', 'later', a condition)."""
    if _NOT_YET.search(text) or hedge(text):
        return None
    strong = _SETTLE_STRONG.search(text)
    return strong.group(0) if strong else self_settling(text)


def self_settling(text: str) -> str | None:
    """'Met deze brief geef ik invulling', 'Hiermee voldoe ik': the letter speaking of itself and a
    settling word, as the words from one to the other."""
    own = _LETTER_SELF.search(text)
    settling = _SETTLE_WITH_SELF.search(text) if own else None
    return span(text, own, settling) if own and settling else None


def note_hedge(notes: dict, text: str) -> None:
    """Keep a :class:`Note` for a sentence whose finding was dropped because it is negated or
    conditional (one note per sentence; ``notes`` maps sentence -> Note, in order)."""
    found = hedge(text)
    if found and text not in notes and len(notes) < 200:
        notes[text] = Note(found[0], found[1], text)
