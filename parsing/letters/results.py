"""What the letter analyser reports: plain dataclasses with ``to_dict()`` (dates as ISO strings,
Kamerstuk references as dicts), so a result can be stored as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from parsing.kamerstuk import KamerstukRef

from .people import member_surname


def _ref_dict(ref: KamerstukRef | None) -> dict | None:
    if ref is None:
        return None
    return {
        "dossier": ref.dossier,
        "suffix": ref.suffix,
        "nr": ref.nr,
        "kst_id": ref.kst_id,
        "chamber": ref.house,
        "dossiers": list(ref.dossiers),
    }


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
    source: str  # how the dossier was found: see parsing.letters.heading
    other_dossiers: tuple[str, ...] = ()  # further dossier headings above 'Nr.' (a letter in two dossiers)

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
    evidence: str | None = None  # the sentence the finding rests on: the settling one, else the first
    settled_by: str | None = None  # the words that say the letter settles it

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
    evidence: str | None = None  # the sentence the finding rests on: the settling one, else ``text``
    settled_by: str | None = None  # the words that say the letter settles it


@dataclass
class Request(_Serialisable):
    """A request of the House ("heeft uw Kamer om een reactie gevraagd") the letter answers."""

    text: str
    ref: KamerstukRef | None
    settles: bool
    members: list[str] = field(default_factory=list)  # 'het lid Timmermans verzocht ...'
    evidence: str | None = None
    settled_by: str | None = None


@dataclass(frozen=True)
class Deadline(_Serialisable):
    """A new promise with a deadline. ``latest`` is None for a meeting the caller does not know
    ('vóór het commissiedebat'): the phrase is kept as written. ``standalone`` is a phrase that reads
    to the same date without the letter's date ('binnen twee weken' -> 'uiterlijk 19 maart 2024')."""

    phrase: str
    latest: date | None
    text: str
    earliest: date | None = None
    precision: str | None = None
    event: str | None = None  # the known debate a 'vóór het commissiedebat' was tied to
    standalone: str | None = None


@dataclass(frozen=True)
class SenateCommitment(_Serialisable):
    """A Senate commitment named by its T-number ('toezegging T02615')."""

    number: str
    text: str


@dataclass(frozen=True)
class Note(_Serialisable):
    """A sentence staff should read themselves: it would have settled something or set a deadline,
    but is negated ('niet mogelijk') or conditional ('indien', 'mocht')."""

    kind: str  # 'negated' or 'conditional'
    words: str
    text: str


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
    senate_commitments: list[SenateCommitment] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
