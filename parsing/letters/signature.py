"""Who signed the letter: 'De Staatssecretaris van Veiligheid en Justitie,' with the name on the same
or the next line; else the role printed at the top, or the 'BRIEF VAN DE MINISTER ...' heading."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .common import _MAX_ITEMS
from .people import _LO, _PREFIX, _UP
from .results import Signer

if TYPE_CHECKING:
    from .text import _Doc

_ROLE_WORD = r"(?:Minister-[Pp]resident|Minister|Staatssecretaris|Vice-[Mm]inister-[Pp]resident)"
_ROLE_TAIL = r"(?: (?:van|voor) [^\n,;:]{2,90})?"
# 'De Minister-President, Minister van Algemene Zaken, H.W.M. Schoof': a second role may follow the first.
_SIGN_ROLE = re.compile(
    rf"^(?:De|Het) (?P<role>{_ROLE_WORD}{_ROLE_TAIL}(?:, {_ROLE_WORD}{_ROLE_TAIL})?) ?,(?: (?P<name>.+))?$"
)
_SIGN_NAME = re.compile(
    rf"^(?:(?:mr|dr|drs|ir|prof|ing)\.? ){{0,3}}"
    rf"(?:(?:[{_UP}][{_LO}]{{0,2}}\. ?){{1,6}}|[{_UP}][{_LO}]+ )"
    rf"(?:{_PREFIX} ){{0,3}}[{_UP}][\w'’-]+(?: [{_UP}][\w'’-]+){{0,2}}$"
)
_ROLE_ONLY = re.compile(rf"^(?P<role>{_ROLE_WORD} (?:van|voor) [{_UP}][^,.:;]{{2,80}})$")
_BRIEF_VAN = re.compile(
    r"\bBRIEF VAN DE (?P<role>(?:MINISTER-PRESIDENT|MINISTER|STAATSSECRETARIS)(?: (?:VAN|VOOR) [A-Z&,' -]{2,90}?)?)(?= Aan |$|\.)"
)
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
