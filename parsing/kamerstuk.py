"""Kamerstuk references as a value type.

A Kamerstuk is identified by its dossier number (``33750``), an optional
toevoeging (``VI``, ``XV``, ``-32``, ``A`` or a rijkswet number ``R2064``) and
its ondernummer (``63``, ``12a`` or an Eerste Kamer letter such as ``E``).

The accepted written forms follow the grammar in
``shared/corpus/tk-opendata/kamerstuk_reference_grammar.md``: citations such as
``Kamerstukken II 2013/14, 19 637, nr. 1901``, the document header
``Tweede Kamer, vergaderjaar 2025–2026, 36 871, nr. 67``, compact forms such as
``21501-32-1740`` and officielebekendmakingen ids such as ``kst-33750-VI-63``.

Choices made here:

* The dossier number has exactly five digits (``33 750``, ``33.750``, ``33750``).
  Every dossier since the 1970s has five digits, and refusing four-digit numbers
  keeps dates such as ``2026-12`` from being read as a reference.
* A compact ``DDDDD-NN-NNN`` is ambiguous (toevoeging ``-32`` or ondernummer?):
  three parts are read as dossier-toevoeging-ondernummer, two parts as
  dossier-ondernummer (``33835-24`` is dossier 33835, nr. 24).
* Without ``nr.``, an ondernummer is only accepted in compact form (``-63``) or,
  for Eerste Kamer letters, after a comma (``35 925, E``); a bare number after a
  comma (``12.345,67``) looks like an amount and is refused.
* ``kst_id`` omits a rijkswet R-number (``kst-34356-3``, not
  ``kst-34356-R2064-3``), as tkapi and officielebekendmakingen.nl do: the R-number
  is an alias printed in parentheses and the five-digit dossier number is unique on
  its own, so the URL stays the real one. The price: for a rijkswet reference
  ``parse(ref.kst_id)`` has ``suffix=None``; for every other reference
  ``parse(ref.kst_id) == ref``. ``parse`` also accepts ``kst-34356-R2064-3``.
* A page reference (``, p. 2``, ``blz. 3``, ``pag. 3``, ``pagina 3``, ``bladzijde 3``,
  ``p. 17, 19-22``), one trailing period and one pair of surrounding parentheses are
  tolerated and dropped; anything else after the ondernummer (``nrs. 520 en 548``) is
  refused. The chamber may be written before the vergaderjaar without 'Kamerstukken'
  (``TK 2008-2009, 31 700 VI, nr. 12``), or in full after it (``Kamerstukken Eerste
  Kamer 2014-15, 31 145, AA``); ``hoofdstuk`` may precede a begroting chapter
  (``19 700 hoofdstuk XV, nr. 2``).

Both chambers (:attr:`KamerstukRef.house`):

* An ondernummer in capitals (``A``, ``C``, ``CK``) is a Senate (Eerste Kamer) document:
  the Tweede Kamer numbers its documents. The Senate writes it after a comma
  (``Kamerstukken I 2020/21, 35 570, C``).
* The Senate lists every dossier a document belongs to, separated by a slash:
  ``22 112 / 31 544, CK`` or ``35925 VII / 35925 IV, A``. The first is the dossier, the
  others are ``also`` and take part in equality: they are part of the citation.
* The stored id of a Senate reference follows the kst pattern with every dossier in the
  order written: ``kst-35570-C``, ``kst-22112-31544-CK``, ``kst-35925-VII-35925-IV-A``
  (a five-digit segment starts a dossier; the last segment is the ondernummer), so a
  Tweede Kamer reference keeps its id (``kst-33750-VI-63``) and ``parse(ref.kst_id) ==
  ref`` holds for both. :attr:`~KamerstukRef.url` names the document by its first
  dossier, as officielebekendmakingen.nl does.
* A written chamber ('I', 'Eerste Kamer', 'EK') is kept in ``chamber`` as written, outside
  equality, and makes :attr:`~KamerstukRef.house` the Eerste Kamer too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["EERSTE_KAMER", "TWEEDE_KAMER", "KamerstukRef", "KamerstukRefError"]

#: :attr:`KamerstukRef.house` values.
TWEEDE_KAMER = "TK"
EERSTE_KAMER = "EK"

_EXAMPLES = "verwacht bijvoorbeeld '33 750 VI, nr. 63' of 'kst-33750-VI-63'"
_MAX_LENGTH = 200

_DOSSIER_RE = re.compile(r"[1-9]\d{4}", re.ASCII)
# Toevoeging: a begroting chapter in roman numerals, optionally with a letter ('VI', 'XVIII',
# 'IXB'), one or two letters for the begrotingsfondsen ('A', 'B', 'J'), two digits ('08', '32')
# or a rijkswet number ('R2064'). The written form may be all lower case ('vi').
_LETTERS_SUFFIX = r"[IVXLC]{1,5}[A-Z]?|[A-Z]{1,2}"
_SUFFIX_RE = re.compile(rf"{_LETTERS_SUFFIX}|\d{{2}}|R\d{{3,4}}", re.ASCII)
_RIJKSWET_RE = re.compile(r"R\d{3,4}", re.ASCII)
_NR_RE = re.compile(r"[1-9]\d{0,4}[a-z]?|[A-Z]{1,3}", re.ASCII)
# Not toevoegingen: the "nr" marker and the chamber abbreviations.
_RESERVED_SUFFIXES = frozenset({"NR", "TK", "EK"})

_NR_VALUE = r"[1-9]\d{0,4}[a-zA-Z]?|[A-Z]{1,3}"
_SESSION_VALUE = r"\d{4}\ ?[/-]\ ?\d{2}(?:\d{2})?"
_PAGES = r"\d{1,4}(?:\ ?-\ ?\d{1,4})?(?:(?:,\ ?|\ en\ )\d{1,4}(?:\ ?-\ ?\d{1,4})?){0,10}"
_DOSSIER_HEAD = rf"""\d{{2}}[ .]?\d{{3}}
    (?:\ ?\(R\ ?\d{{3,4}}\)|[ .-]R\d{{3,4}}(?![\dA-Za-z])
      |[ .-](?!(?i:nrs?|nummer)\b)(?:{_LETTERS_SUFFIX}|{_LETTERS_SUFFIX.lower()})(?![\dA-Za-z])|-\d{{2}}(?!\d))?"""
_REFERENCE_RE = re.compile(
    rf"""
    (?:t\.v\.v\.\ ?)?
    (?:
        kst-
      | (?i:kamerstuk(?:ken)?)
        (?:\ (?P<chamber>II|I|TK|EK|(?i:tweede|eerste)\ (?i:kamer)))?
        (?:,?\ (?:(?i:vergaderjaar|zitting)\ )?(?P<session>{_SESSION_VALUE}))?
        ,?\ 
      | (?P<house>(?i:tweede|eerste))\ (?i:kamer)(?:\ (?i:der\ staten-generaal))?
        (?:,?\ (?:(?i:vergaderjaar|zitting)\ )?(?P<house_session>{_SESSION_VALUE}))?
        ,?\ 
      | (?P<short>TK|EK)\ (?P<short_session>{_SESSION_VALUE}),?\ 
    )?
    (?P<d1>\d{{2}})[ .]?(?P<d2>\d{{3}})
    (?:
        \ ?\((?P<rijkswet>R\ ?\d{{3,4}})\)
      | [ .-](?P<rijkswet_bare>R\d{{3,4}})(?![\dA-Za-z])
      | (?:[ .-]|\ (?i:hoofdstuk)\ )(?!(?i:nrs?|nummer)\b)(?P<letters>{_LETTERS_SUFFIX}|{_LETTERS_SUFFIX.lower()})(?![\dA-Za-z])
      | -(?P<digits>\d{{2}})(?!\d)
    )?
    (?P<more>(?:\ ?/\ ?{_DOSSIER_HEAD}){{1,5}})?
    (?:
        ,?\ (?i:nrs?\.?|nummer)\ ?(?P<nr>{_NR_VALUE})
      | -(?P<nr_compact>{_NR_VALUE})
      | ,\ (?P<nr_letters>[A-Z]{{1,3}})
    )
    (?:,?\ (?i:p\.|pp\.|pag\.|pagina's|pagina|bladzijden|bladzijde|blz\.)\ ?{_PAGES})?
    """,
    re.VERBOSE | re.ASCII,
)
# One further dossier in the 'more' group: '/ 31 544', '/ 35925 IV'.
_MORE_DOSSIER_RE = re.compile(
    rf"/\ ?(?P<d1>\d{{2}})[ .]?(?P<d2>\d{{3}})(?:\ ?\((?P<rijkswet>R\ ?\d{{3,4}})\)|[ .-](?P<suffix>R\d{{3,4}}"
    rf"|{_LETTERS_SUFFIX}|{_LETTERS_SUFFIX.lower()}|\d{{2}}))?",
    re.VERBOSE | re.ASCII,
)
_KST_ID_RE = re.compile(r"kst-[0-9A-Za-z]{1,6}(?:-[0-9A-Za-z]{1,6}){1,11}", re.ASCII)
_CHAMBERS = {
    "II": "II",
    "TK": "II",
    "TWEEDE": "II",
    "TWEEDE KAMER": "II",
    "I": "I",
    "EK": "I",
    "EERSTE": "I",
    "EERSTE KAMER": "I",
}
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2012": "-"})


class KamerstukRefError(ValueError):
    """Raised for text that is not a single Kamerstuk reference, or for invalid parts."""


def _not_a_reference(text: object, detail: str | None = None) -> KamerstukRefError:
    reason = f": {detail}" if detail else ""
    return KamerstukRefError(f"{text!r} is geen Kamerstuk-verwijzing{reason}; {_EXAMPLES}")


def _normalise_text(text: str) -> str:
    text = " ".join(text.translate(_DASHES).split())
    if text.endswith("."):
        text = text[:-1].rstrip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text


def _normalise_session(value: str) -> str:
    """'2013/14', '2013-2014' or '2025–2026' -> '2013-2014' (TK ``Vergaderjaar`` format)."""
    match = re.fullmatch(r"(\d{4}) ?[/-] ?(\d{2}|\d{4})", value.translate(_DASHES).strip(), re.ASCII)
    if not match:
        raise KamerstukRefError(f"ongeldig vergaderjaar {value!r}: verwacht bijvoorbeeld '2013/14' of '2013-2014'")
    first = int(match.group(1))
    second = int(match.group(2))
    if len(match.group(2)) == 2:
        second += first // 100 * 100
        if second < first:
            second += 100
    if second != first + 1:
        raise KamerstukRefError(
            f"ongeldig vergaderjaar {value!r}: verwacht twee opeenvolgende jaren, bijvoorbeeld '2013/14' of '2013-2014'"
        )
    return f"{first}-{second}"


def _normalise_suffix(suffix: str | None) -> str | None:
    if suffix is None:
        return None
    suffix = "".join(suffix.split()).strip("-.").upper()
    if suffix.startswith("(") and suffix.endswith(")"):  # tkapi Toevoeging '(R2064)'
        suffix = suffix[1:-1]
    return suffix or None


def _normalise_nr(nr: str) -> str:
    if nr[:1].isdigit():
        return nr.lower()
    return nr


def _head(dossier: str, suffix: str | None) -> str:
    """'33 750 VI', '21 501-32', '36 871', '34 356 (R2064)'."""
    spaced = f"{dossier[:-3]} {dossier[-3:]}"
    if suffix is None:
        return spaced
    if _RIJKSWET_RE.fullmatch(suffix):
        return f"{spaced} ({suffix})"
    if suffix.isdigit():
        return f"{spaced}-{suffix}"
    return f"{spaced} {suffix}"


def _id_parts(dossier: str, suffix: str | None) -> list[str]:
    return [dossier] if suffix is None or _RIJKSWET_RE.fullmatch(suffix) else [dossier, suffix]


@dataclass(frozen=True)
class KamerstukRef:
    """One Kamerstuk: dossier number, optional toevoeging and ondernummer.

    ``chamber`` ('II' or 'I') and ``session`` (vergaderjaar as '2013-2014') are kept
    when the written form names them, but do not take part in equality or hashing.
    ``also`` holds the further dossiers (number, toevoeging) a Senate document names
    (``22 112 / 31 544, CK``); they do take part.
    """

    dossier: str
    suffix: str | None
    nr: str
    chamber: str | None = field(default=None, compare=False)
    session: str | None = field(default=None, compare=False)
    also: tuple[tuple[str, str | None], ...] = ()

    def __post_init__(self) -> None:
        _check_dossier(self.dossier, self.suffix)
        if not isinstance(self.nr, str) or not _NR_RE.fullmatch(self.nr):
            raise KamerstukRefError(
                f"ongeldig ondernummer {self.nr!r}: verwacht een nummer zoals '63' of '12a', "
                "of Eerste Kamer-letters zoals 'E' of 'CK'"
            )
        if self.chamber not in (None, "I", "II"):
            raise KamerstukRefError(f"ongeldige kamer {self.chamber!r}: verwacht 'II', 'I' of None")
        if self.session is not None:
            if not isinstance(self.session, str) or _normalise_session(self.session) != self.session:
                raise KamerstukRefError(f"ongeldig vergaderjaar {self.session!r}: verwacht de vorm '2013-2014' of None")
        if not isinstance(self.also, tuple) or len(self.also) > 5:
            raise KamerstukRefError(
                f"ongeldige verdere dossiers {self.also!r}: verwacht hoogstens vijf (dossier, toevoeging)"
            )
        for item in self.also:
            if not isinstance(item, tuple) or len(item) != 2:
                raise KamerstukRefError(f"ongeldig verder dossier {item!r}: verwacht (dossier, toevoeging)")
            _check_dossier(*item)
        if self.also and not self.nr.isupper():
            raise KamerstukRefError(
                f"{self.nr!r} met meer dossiers: alleen Eerste Kamer-stukken (een letter zoals 'CK') noemen er meer"
            )

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_parts(
        cls,
        dossier: str | int,
        suffix: str | None,
        nr: str | int,
        *,
        chamber: str | None = None,
        session: str | None = None,
        also=(),
    ) -> KamerstukRef:
        """Build a reference from loose parts, e.g. TK OData ``Kamerstukdossier.Nummer``,
        ``Toevoeging`` and ``Volgnummer``.

        Spaces and dots in ``dossier`` are ignored ('33 750', '33.750'); ``suffix`` may be
        None, '' or tkapi's '(R2064)'; ``nr`` may be an int; ``session`` may be written as
        '2013/14'; ``also`` lists further dossiers as (dossier, suffix) pairs.
        """
        chamber_value = None if chamber in (None, "") else _CHAMBERS.get(str(chamber).strip().upper(), chamber)
        session_value = None if session in (None, "") else _normalise_session(str(session))
        return cls(
            dossier=_normalise_dossier(dossier),
            suffix=_normalise_suffix(suffix),
            nr=_normalise_nr(str(nr).strip()),
            chamber=chamber_value,
            session=session_value,
            also=tuple((_normalise_dossier(number), _normalise_suffix(extra)) for number, extra in also),
        )

    @classmethod
    def parse(cls, text: str) -> KamerstukRef:
        """Parse one written Kamerstuk reference; raise :class:`KamerstukRefError` otherwise."""
        if not isinstance(text, str):
            raise _not_a_reference(text, "verwacht tekst")
        if len(text) > _MAX_LENGTH:
            raise _not_a_reference(text[:40] + "...", f"langer dan {_MAX_LENGTH} tekens")
        written = _normalise_text(text)
        if _KST_ID_RE.fullmatch(written):
            return cls._parse_kst_id(text, written)
        match = _REFERENCE_RE.fullmatch(written)
        if match is None:
            raise _not_a_reference(text)
        groups = match.groupdict()
        suffix = groups["rijkswet"] or groups["rijkswet_bare"] or groups["letters"] or groups["digits"]
        nr = groups["nr"] or groups["nr_compact"] or groups["nr_letters"]
        chamber = groups["chamber"] or groups["house"] or groups["short"]
        session = groups["session"] or groups["house_session"] or groups["short_session"]
        also = [
            (more["d1"] + more["d2"], more["rijkswet"] or more["suffix"])
            for more in _MORE_DOSSIER_RE.finditer(groups["more"] or "")
        ]
        try:
            return cls.from_parts(
                groups["d1"] + groups["d2"],
                suffix,
                nr,
                chamber=_CHAMBERS[" ".join(chamber.upper().split())] if chamber else None,
                session=session,
                also=also,
            )
        except KamerstukRefError as error:
            raise _not_a_reference(text, str(error)) from None

    @classmethod
    def _parse_kst_id(cls, text: str, written: str) -> KamerstukRef:
        """'kst-33750-VI-63', 'kst-34356-R2064-3', 'kst-22112-31544-CK': a five-digit segment
        starts a dossier, the one after it may be its toevoeging, the last is the ondernummer."""
        *heads, nr = written[4:].split("-")
        dossiers: list[list] = []
        for segment in heads:
            if len(segment) == 5 and segment.isdigit():
                dossiers.append([segment, None])
            elif dossiers and dossiers[-1][1] is None:
                dossiers[-1][1] = segment
            else:
                raise _not_a_reference(text)
        if not dossiers:
            raise _not_a_reference(text)
        try:
            return cls.from_parts(dossiers[0][0], dossiers[0][1], nr, also=[tuple(d) for d in dossiers[1:]])
        except KamerstukRefError as error:
            raise _not_a_reference(text, str(error)) from None

    # -- presentation -------------------------------------------------------------

    @property
    def is_rijkswet(self) -> bool:
        """True when the toevoeging is a rijkswet R-number such as 'R2064'."""
        return self.suffix is not None and _RIJKSWET_RE.fullmatch(self.suffix) is not None

    @property
    def house(self) -> str:
        """:data:`EERSTE_KAMER` for a Senate document (a lettered ondernummer, several dossiers
        or the chamber written as 'I'), else :data:`TWEEDE_KAMER`."""
        if self.nr.isupper() or self.also or self.chamber == "I":
            return EERSTE_KAMER
        return TWEEDE_KAMER

    @property
    def dossiers(self) -> tuple[str, ...]:
        """Every dossier number the reference names, the first first."""
        return (self.dossier, *(number for number, _suffix in self.also))

    @property
    def canonical(self) -> str:
        """'33 750 VI, nr. 63', '21 501-32, nr. 1703', '36 871, nr. 67', '34 356 (R2064), nr. 3';
        a Senate document of several dossiers as the Senate writes it: '22 112 / 31 544, CK'."""
        if self.also:
            heads = [_head(self.dossier, self.suffix), *(_head(*item) for item in self.also)]
            return f"{' / '.join(heads)}, {self.nr}"
        return f"{_head(self.dossier, self.suffix)}, nr. {self.nr}"

    @property
    def display(self) -> str:
        """The reference as the House that numbered the document writes it: the Tweede Kamer's
        canonical form ('33 750 VI, nr. 63'), the Senate's letters after a comma ('34 775, J',
        '22 112 / 31 544, CK')."""
        if self.house == EERSTE_KAMER and not self.nr[:1].isdigit():
            heads = [_head(self.dossier, self.suffix), *(_head(*item) for item in self.also)]
            return f"{' / '.join(heads)}, {self.nr}"
        return self.canonical

    @property
    def kst_id(self) -> str:
        """'kst-33750-VI-63', 'kst-36871-67', 'kst-35570-C', 'kst-22112-31544-CK'; a rijkswet
        R-number is left out ('kst-34356-3')."""
        parts = _id_parts(self.dossier, self.suffix)
        for item in self.also:
            parts += _id_parts(*item)
        return "kst-" + "-".join([*parts, self.nr])

    @property
    def url(self) -> str:
        """The document on zoek.officielebekendmakingen.nl (named by its first dossier)."""
        return f"https://zoek.officielebekendmakingen.nl/kst-{'-'.join([*_id_parts(self.dossier, self.suffix), self.nr])}.html"

    def __str__(self) -> str:
        return self.canonical


def _normalise_dossier(dossier: str | int) -> str:
    return re.sub(r"[\s.]", "", str(dossier))


def _check_dossier(dossier: object, suffix: object) -> None:
    if not isinstance(dossier, str) or not _DOSSIER_RE.fullmatch(dossier):
        raise KamerstukRefError(f"ongeldig dossiernummer {dossier!r}: verwacht vijf cijfers, bijvoorbeeld '33750'")
    if suffix is not None and (
        not isinstance(suffix, str) or not _SUFFIX_RE.fullmatch(suffix) or suffix in _RESERVED_SUFFIXES
    ):
        raise KamerstukRefError(
            f"ongeldige toevoeging {suffix!r}: verwacht None, een Romeins cijfer zoals 'VI' of 'XVIII' "
            "(eventueel met een letter, 'IXB'), een of twee hoofdletters zoals 'A', twee cijfers zoals '32', "
            "of een rijkswetnummer zoals 'R2064'"
        )
