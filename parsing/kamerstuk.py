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
* A page reference (``, p. 2`` / ``blz. 3``), one trailing period and one pair of
  surrounding parentheses are tolerated and dropped; anything else after the
  ondernummer (``nrs. 520 en 548``, a second dossier) is refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["KamerstukRef", "KamerstukRefError"]

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
_REFERENCE_RE = re.compile(
    rf"""
    (?:t\.v\.v\.\ ?)?
    (?:
        kst-
      | (?i:kamerstuk(?:ken)?)
        (?:\ (?P<chamber>II|I|TK|EK))?
        (?:,?\ (?:(?i:vergaderjaar|zitting)\ )?(?P<session>{_SESSION_VALUE}))?
        ,?\ 
      | (?P<house>(?i:tweede|eerste))\ (?i:kamer)(?:\ (?i:der\ staten-generaal))?
        (?:,?\ (?:(?i:vergaderjaar|zitting)\ )?(?P<house_session>{_SESSION_VALUE}))?
        ,?\ 
    )?
    (?P<d1>\d{{2}})[ .]?(?P<d2>\d{{3}})
    (?:
        \ ?\((?P<rijkswet>R\ ?\d{{3,4}})\)
      | [ .-](?P<rijkswet_bare>R\d{{3,4}})(?![\dA-Za-z])
      | [ .-](?!(?i:nrs?|nummer)\b)(?P<letters>{_LETTERS_SUFFIX}|{_LETTERS_SUFFIX.lower()})(?![\dA-Za-z])
      | -(?P<digits>\d{{2}})(?!\d)
    )?
    (?:
        ,?\ (?i:nrs?\.?|nummer)\ ?(?P<nr>{_NR_VALUE})
      | -(?P<nr_compact>{_NR_VALUE})
      | ,\ (?P<nr_letters>[A-Z]{{1,3}})
    )
    (?:,?\ (?i:p\.|blz\.)\ ?\d{{1,4}}(?:-\d{{1,4}})?)?
    """,
    re.VERBOSE | re.ASCII,
)
_CHAMBERS = {"II": "II", "TK": "II", "TWEEDE": "II", "I": "I", "EK": "I", "EERSTE": "I"}
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
        raise KamerstukRefError(
            f"ongeldig vergaderjaar {value!r}: verwacht bijvoorbeeld '2013/14' of '2013-2014'"
        )
    first = int(match.group(1))
    second = int(match.group(2))
    if len(match.group(2)) == 2:
        second += first // 100 * 100
        if second < first:
            second += 100
    if second != first + 1:
        raise KamerstukRefError(
            f"ongeldig vergaderjaar {value!r}: verwacht twee opeenvolgende jaren, "
            "bijvoorbeeld '2013/14' of '2013-2014'"
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


@dataclass(frozen=True)
class KamerstukRef:
    """One Kamerstuk: dossier number, optional toevoeging and ondernummer.

    ``chamber`` ('II' or 'I') and ``session`` (vergaderjaar as '2013-2014') are kept
    when the written form names them, but do not take part in equality or hashing.
    """

    dossier: str
    suffix: str | None
    nr: str
    chamber: str | None = field(default=None, compare=False)
    session: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.dossier, str) or not _DOSSIER_RE.fullmatch(self.dossier):
            raise KamerstukRefError(
                f"ongeldig dossiernummer {self.dossier!r}: verwacht vijf cijfers, bijvoorbeeld '33750'"
            )
        if self.suffix is not None and (
            not isinstance(self.suffix, str)
            or not _SUFFIX_RE.fullmatch(self.suffix)
            or self.suffix in _RESERVED_SUFFIXES
        ):
            raise KamerstukRefError(
                f"ongeldige toevoeging {self.suffix!r}: verwacht None, een Romeins cijfer zoals 'VI' of 'XVIII' "
                "(eventueel met een letter, 'IXB'), een of twee hoofdletters zoals 'A', twee cijfers zoals '32', "
                "of een rijkswetnummer zoals 'R2064'"
            )
        if not isinstance(self.nr, str) or not _NR_RE.fullmatch(self.nr):
            raise KamerstukRefError(
                f"ongeldig ondernummer {self.nr!r}: verwacht een nummer zoals '63' of '12a', "
                "of Eerste Kamer-letters zoals 'E' of 'CK'"
            )
        if self.chamber not in (None, "I", "II"):
            raise KamerstukRefError(f"ongeldige kamer {self.chamber!r}: verwacht 'II', 'I' of None")
        if self.session is not None:
            if not isinstance(self.session, str) or _normalise_session(self.session) != self.session:
                raise KamerstukRefError(
                    f"ongeldig vergaderjaar {self.session!r}: verwacht de vorm '2013-2014' of None"
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
    ) -> KamerstukRef:
        """Build a reference from loose parts, e.g. TK OData ``Kamerstukdossier.Nummer``,
        ``Toevoeging`` and ``Volgnummer``.

        Spaces and dots in ``dossier`` are ignored ('33 750', '33.750'); ``suffix`` may be
        None, '' or tkapi's '(R2064)'; ``nr`` may be an int; ``session`` may be written as
        '2013/14'.
        """
        dossier_text = re.sub(r"[\s.]", "", str(dossier))
        chamber_value = None if chamber in (None, "") else _CHAMBERS.get(str(chamber).strip().upper(), chamber)
        session_value = None if session in (None, "") else _normalise_session(str(session))
        return cls(
            dossier=dossier_text,
            suffix=_normalise_suffix(suffix),
            nr=_normalise_nr(str(nr).strip()),
            chamber=chamber_value,
            session=session_value,
        )

    @classmethod
    def parse(cls, text: str) -> KamerstukRef:
        """Parse one written Kamerstuk reference; raise :class:`KamerstukRefError` otherwise."""
        if not isinstance(text, str):
            raise _not_a_reference(text, "verwacht tekst")
        if len(text) > _MAX_LENGTH:
            raise _not_a_reference(text[:40] + "...", f"langer dan {_MAX_LENGTH} tekens")
        match = _REFERENCE_RE.fullmatch(_normalise_text(text))
        if match is None:
            raise _not_a_reference(text)
        groups = match.groupdict()
        suffix = groups["rijkswet"] or groups["rijkswet_bare"] or groups["letters"] or groups["digits"]
        nr = groups["nr"] or groups["nr_compact"] or groups["nr_letters"]
        chamber = groups["chamber"] or groups["house"]
        session = groups["session"] or groups["house_session"]
        try:
            return cls.from_parts(
                groups["d1"] + groups["d2"],
                suffix,
                nr,
                chamber=_CHAMBERS[chamber.upper()] if chamber else None,
                session=session,
            )
        except KamerstukRefError as error:
            raise _not_a_reference(text, str(error)) from None

    # -- presentation -------------------------------------------------------------

    @property
    def is_rijkswet(self) -> bool:
        """True when the toevoeging is a rijkswet R-number such as 'R2064'."""
        return self.suffix is not None and _RIJKSWET_RE.fullmatch(self.suffix) is not None

    @property
    def canonical(self) -> str:
        """'33 750 VI, nr. 63', '21 501-32, nr. 1703', '36 871, nr. 67', '34 356 (R2064), nr. 3'."""
        dossier = f"{self.dossier[:-3]} {self.dossier[-3:]}"
        if self.suffix is None:
            head = dossier
        elif self.is_rijkswet:
            head = f"{dossier} ({self.suffix})"
        elif self.suffix.isdigit():
            head = f"{dossier}-{self.suffix}"
        else:
            head = f"{dossier} {self.suffix}"
        return f"{head}, nr. {self.nr}"

    @property
    def kst_id(self) -> str:
        """'kst-33750-VI-63', 'kst-36871-67'; a rijkswet R-number is left out ('kst-34356-3')."""
        parts = [self.dossier]
        if self.suffix is not None and not self.is_rijkswet:
            parts.append(self.suffix)
        parts.append(self.nr)
        return "kst-" + "-".join(parts)

    @property
    def url(self) -> str:
        """The document on zoek.officielebekendmakingen.nl."""
        return f"https://zoek.officielebekendmakingen.nl/{self.kst_id}.html"

    def __str__(self) -> str:
        return self.canonical
