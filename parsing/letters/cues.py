"""The words that say what a sentence does: the letter speaking of itself ('hiermee', 'met deze
brief'), settling ('afgedaan', 'tegemoet gekomen', 'uitvoering'), and not (yet) settling ('niet',
'zal', 'later', 'kom ik ... terug')."""
from __future__ import annotations

import re

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
_FUTURE = re.compile(
    r"\b(?:zal|zullen|later|binnenkort|te zijner tijd|nog niet|op een later moment|in de loop van)\b", re.I
)
_MEETING = re.compile(
    r"\b(?:algemeen overleg|commissiedebat|notaoverleg|wetgevingsoverleg|schriftelijk overleg|plenaire? debat"
    r"|tweeminutendebat|dertigledendebat|vragenuur|begrotingsbehandeling|debat)\b",
    re.I,
)
