"""Members of parliament as letters name them: 'het lid Van Hijum (CDA)', 'de leden Ceder (CU) en
Dierderik van Dijk (SGP)', 'Klaver c.s.'. Names are kept as written; :func:`member_surname` gives the
comparable surname, so a misspelt first name does not split a motion."""

from __future__ import annotations

import re

from .common import _SUPERSCRIPTS

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_PREFIX_WORDS = (
    "van",
    "de",
    "der",
    "den",
    "ter",
    "ten",
    "te",
    "het",
    "'t",
    "in",
    "op",
    "von",
    "di",
    "du",
    "la",
    "le",
    "el",
    "al",
)
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
# 'Marijnissen c.s. en Klaver c.s.': 'c.s.' may follow every name of a list.
_MEMBERS = rf"{_MEMBER}(?: c\.s\.)?(?:(?:, | en | & ){_MEMBER}(?: c\.s\.)?){{0,12}}"
_MEMBER_STOPWORDS = frozenset(
    "kamer tweede eerste regering kabinet minister staatssecretaris voorzitter europese europees nederland "
    "nederlandse commissie rijksoverheid staten-generaal kamerstuk kamerstukken handelingen zie de het een "
    "in op met deze dit dat die hierin daarin hiermee voor van en over inzake".split()
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
