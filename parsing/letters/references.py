"""References a letter cites: Kamerstukken ('Kamerstuk 33 750 VI, nr. 63', '(t.v.v. 29023-472)',
'kst-34775-X-87') and (Aanhangsel) Handelingen, with the members who asked the questions.

A five-digit dossier ('33 750', '33.750', '33750') followed by a toevoeging and 'nr./nrs.' or a
compact '-242' is a Kamerstuk; an amount ('€ 33.750'), a number inside a longer number or id, and a
spaced compact form without 'Kamerstuk' are refused. References are scanned in the joined paragraphs
and footnotes, so line breaks, hyphenation and page breaks inside a reference do not hide it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from parsing.kamerstuk import KamerstukRef, KamerstukRefError

from .common import _MAX_ITEMS, _MAX_MENTIONS, _MONTH, _to_date
from .people import _MEMBER, _MEMBERS, _parse_members, member_surname
from .results import HandelingenRef, SenateCommitment
from .text import _MARKER, _Doc, _marker_number, _Sentence

# A dossier number: five digits, written '33 750', '33.750' or '33750'; not inside a longer
# number, an amount ('1.233.750') or an id.
_DOSSIER = re.compile(r"(?<![\w.,/€$£-])(\d{2})([ .]?)(\d{3})(?![\d])")
_NR_VALUE = rf"(?:\d{{1,5}}[a-z]?|[A-Z]{{1,3}})(?![\w])(?! {_MONTH})"
_NR_ITEM = rf"{_NR_VALUE}(?:\ ?[–-]\ ?\d{{1,5}}(?![\w]))?"  # 'nrs. 1–3'
_NRS = rf"{_NR_ITEM}(?:(?:\ ?,\ ?|\ en\ |\ &\ ){_NR_ITEM}){{0,30}}"
_SUFFIX = r"[IVXLC]{1,6}[A-Z]?|[A-Z]{1,2}"
_PAGES = (
    r"(?:,?\ (?:p\.|pp\.|pag\.|pagina's|pagina|bladzijden|bladzijde|blz\.)\ ?\d{1,4}(?:\ ?[–-]\ ?\d{1,4})?"
    r"(?:(?:,\ ?|\ en\ )\d{1,4}(?:\ ?[–-]\ ?\d{1,4})?(?![\w])){0,10})"
)
_KST_TAIL = re.compile(
    rf"""
    (?:\ ?\((?P<rijkswet>R\ ?\d{{3,4}})\))?
    (?:(?:\ |-|\ hoofdstuk\ )(?!nrs?\b|[Nn]r\b)(?P<suffix>{_SUFFIX}|(?<=-)\d{{2}})(?![\w]))?
    (?P<more>(?:\ ?/\ ?\d{{2}}[ .]?\d{{3}}(?:(?:\ |-)(?:{_SUFFIX}|\d{{2}})(?![\w]))?){{1,5}})?
    (?:
        (?:,\ ?|\ )(?P<kw>[Nn]rs?\.?|[Nn]ummers?)\ ?(?P<nrs>{_NRS})
      | -(?P<compact>\d{{1,4}}[a-z]?)(?P<compact_more>(?:(?:\ en\ |,\ ?)\d{{1,4}}[a-z]?){{1,5}}(?=[).;,]|$))?(?![\w-])
      | ,\ (?P<letters>[A-Z]{{1,3}})(?![\w])
    )
    """,
    re.X,
)
# '..., nr. 4, p. 12 en 13, en nr. 6': more numbers of the same dossier after a page reference.
_MORE_NRS = re.compile(rf"{_PAGES}?(?:,\ en\ |\ en\ |;\ |,\ )(?P<kw>[Nn]rs?\.?)\ ?(?P<nrs>{_NRS})", re.X)
_MORE_DOSSIER = re.compile(rf"/ ?(\d{{2}})[ .]?(\d{{3}})(?:(?: |-)({_SUFFIX}|\d{{2}})(?![\w]))?")
_NR_SPLIT = re.compile(r" ?, ?| en | & ")
_COMPACT_NR = re.compile(r"\d{1,4}[a-z]?")
_NR_RANGE = re.compile(r"(\d{1,5}) ?[–-] ?(\d{1,5})")
_SESSION = r"\d{4} ?[/–-] ?\d{2,4}"  # vergaderjaar: 2013/14, 2025–2026
_HOUSE_SESSION = r"(?:Tweede|Eerste) Kamer,? (?:der Staten-Generaal,? )?(?:vergaderjaar|zitting) "
_KST_LEAD = re.compile(
    rf"(?:(?:[Kk]amerstuk(?:ken)?)(?: (?:II|I|TK|EK|Tweede Kamer|Eerste Kamer))?(?:,? (?:vergaderjaar |zitting )?{_SESSION})?,? ?"
    rf"|{_HOUSE_SESSION}{_SESSION},? ?"
    rf"|\b(?:TK|EK) {_SESSION},? ?"
    r"|t\.v\.v\.? ?)$"
)
# A dossier number inside a Handelingen citation ('Handelingen II, vergaderjaar 2008-2009, 31 386, nr. 43').
_HANDELINGEN_LEAD = re.compile(
    rf"Handelingen(?: (?:II|I|Tweede Kamer|Eerste Kamer))?,?(?: (?:vergaderjaar|zitting))?,? {_SESSION},? $"
)
_KST_ID = re.compile(r"\bkst-[0-9A-Za-z]{1,6}(?:-[0-9A-Za-z]{1,6}){1,11}(?![\w-])")
_CURRENCY_BEFORE = re.compile(r"(?:€|EUR|euro|\$|£|ƒ) ?$", re.I)
_AFTER_DATE = re.compile(rf"\)? ?(?:\([^()]{{0,30}}\) )?(?:d\.d\.|van) (\d{{1,2}}) ({_MONTH}) (\d{{4}})", re.I)
_BEFORE_DATE = re.compile(rf"\b(?:d\.d\.|van) (\d{{1,2}}) ({_MONTH}) (\d{{4}}),? ?\(?$", re.I)
_SESSION_IN_LEAD = re.compile(r"(\d{4}) ?[/–-] ?(\d{2,4})")  # _SESSION with groups
_CHAMBER_IN_LEAD = re.compile(r"\b(II|I|TK|EK|Tweede|Eerste)\b")
# A Senate commitment: 'T01237', 'toezegging T02615'.
_T_NUMBER = re.compile(r"(?<![\w-])(?:[Tt]oezegging(?:en)? (?:nr\.? )?)?(?P<number>T\d{5})(?![\w-])")


@dataclass(frozen=True)
class _Found:
    ref: KamerstukRef
    start: int
    end: int
    text: str
    date: date | None


def _numbers(kw: str, nrs_text: str) -> list[str]:
    """'nrs. 520 en 548' -> both, 'nrs. 1–3' -> 1, 2, 3; after 'nr.' only the first."""
    items = _NR_SPLIT.split(nrs_text)
    if not kw.lower().startswith(("nrs", "nummers")):
        items = items[:1]
    numbers: list[str] = []
    for item in items:
        span = _NR_RANGE.fullmatch(item)
        if span is None:
            numbers.append(item)
            continue
        first, last = int(span.group(1)), int(span.group(2))
        if kw.lower().startswith(("nrs", "nummers")) and 0 < last - first <= 50:
            numbers.extend(str(n) for n in range(first, last + 1))
        else:
            numbers.append(span.group(1))
    return numbers


def _scan_kamerstukken(text: str) -> list[_Found]:
    """Every Kamerstuk reference in whitespace-collapsed ``text``, in order."""
    found: list[_Found] = []
    for match in _DOSSIER.finditer(text):
        start = match.start()
        if _CURRENCY_BEFORE.search(text, max(0, start - 6), start):
            continue
        lead = None
        window = text[max(0, start - 80) : start]
        if "Handelingen" in window and _HANDELINGEN_LEAD.search(window):
            continue  # the dossier of a debate in the Handelingen, not a Kamerstuk
        if "amer" in window or "t.v.v" in window or "K " in window:
            lead = _KST_LEAD.search(window)
        tail = _KST_TAIL.match(text, match.end())
        if tail is None:
            continue
        if tail.group("compact") and (lead is None and match.group(2)):
            continue  # '33 835-242' without 'Kamerstuk' is too loose; '33835-242' is fine
        if (
            tail.group("compact") is None
            and match.group(2) == "."
            and lead is None
            and tail.group("kw") is None
            and not tail.group("more")
        ):
            continue
        end = tail.end()
        if tail.group("letters"):
            # '35 570, C' is a Senate document only where it is cited as one: after 'Kamerstukken I',
            # with several dossiers ('22 112 / 31 544, CK') or in parentheses of its own.
            enclosed = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
            if lead is None and not tail.group("more") and not enclosed:
                continue
            nrs = [tail.group("letters")]
        elif tail.group("compact"):
            nrs = [tail.group("compact")]
            if tail.group("compact_more") and lead is not None:
                nrs += _COMPACT_NR.findall(tail.group("compact_more"))
            elif tail.group("compact_more"):
                end = tail.start("compact_more")
        else:
            nrs = _numbers(tail.group("kw"), tail.group("nrs"))
            for _ in range(10):
                more = _MORE_NRS.match(text, end)
                if more is None:
                    break
                nrs += _numbers(more.group("kw"), more.group("nrs"))
                end = more.end()
        suffix = tail.group("rijkswet") or tail.group("suffix")
        also = [(m.group(1) + m.group(2), m.group(3)) for m in _MORE_DOSSIER.finditer(tail.group("more") or "")]
        lead_text = lead.group(0) if lead else ""
        chamber = session = None
        if lead:
            session_match = _SESSION_IN_LEAD.search(lead_text)
            session = "/".join(session_match.groups()) if session_match else None
            chamber_match = _CHAMBER_IN_LEAD.search(lead_text)
            chamber = chamber_match.group(1) if chamber_match else None
        begin = start - len(lead_text)
        written = text[begin:end]
        after = _AFTER_DATE.match(text, end)
        before = None if after else _BEFORE_DATE.search(text, max(0, begin - 40), begin)
        cited_on = _to_date(*after.groups()) if after else (_to_date(*before.groups()) if before else None)
        for nr in list(dict.fromkeys(nrs))[:60]:
            try:
                ref = KamerstukRef.from_parts(
                    match.group(1) + match.group(3), suffix, nr, chamber=chamber, session=session, also=also
                )
            except (KamerstukRefError, ValueError):
                continue
            found.append(_Found(ref, begin, end, written.strip(" ,"), cited_on))
    for match in _KST_ID.finditer(text):
        try:
            ref = KamerstukRef.parse(match.group(0))
        except KamerstukRefError:
            continue
        found.append(_Found(ref, match.start(), match.end(), match.group(0), None))
    found.sort(key=lambda item: item.start)
    return found


def _senate_commitments(doc: _Doc) -> list[SenateCommitment]:
    """The Senate commitments the letter names by T-number, each once."""
    seen: dict[str, SenateCommitment] = {}
    for text in [*doc.body_paragraphs, *doc.footnotes.values()]:
        if "T" not in text:
            continue
        for match in _T_NUMBER.finditer(text):
            number = match.group("number")
            if number not in seen and len(seen) < _MAX_ITEMS:
                seen[number] = SenateCommitment(number, match.group(0))
    return list(seen.values())


_BARE_DOSSIER = re.compile(
    rf"[Kk]amerstuk(?:ken)?(?: (?:II|I))?(?:,? {_SESSION},?)? (\d{{2}}) ?(\d{{3}})(?![\d])(?!,? ?[Nn]rs?\b)(?![ -]?[A-Z\d])"
)

# -- Handelingen references --------------------------------------------------------------------

_HANDELINGEN = re.compile(
    rf"""
    (?P<aanhangsel>Aanhangsel\ (?:van\ de\ |bij\ de\ )?)?Handelingen
    (?:,?\ (?P<chamber>II|I|Tweede\ Kamer|Eerste\ Kamer))?
    (?:,?\ (?:vergaderjaar|zitting))?
    ,?\ (?P<first>\d{{4}})\ ?[/–-]\ ?(?P<second>\d{{2,4}})(?!\d)
    (?:,?\ (?P<chamber2>II|I))?
    (?:,?\ \d{{2}}\ ?\d{{3}}(?![\d]))?
    ,?\ (?P<kw>[Nn]rs?\.|[Nn]ummers?)\ ?(?P<nrs>\d{{1,5}}(?!\d)(?:(?:\ ?,\ ?|\ en\ |\ &\ )\d{{1,5}}(?!\d)(?!\ {_MONTH})){{0,30}})
    (?:,?\ item\ (?P<item>\d{{1,3}}))?
    """,
    re.X,
)
_CHAMBER_NAMES = {"II": "II", "I": "I", "Tweede Kamer": "II", "Eerste Kamer": "I"}


def _session(first: str, second: str) -> str:
    return f"{first}/{second[-2:]}"


def footnote_ref(doc: _Doc, number: int) -> KamerstukRef | None:
    """The first Kamerstuk ref in footnote ``number`` (each footnote is scanned once per letter)."""
    refs = doc.cache.get("footnote_refs")
    if refs is None:
        refs = doc.cache["footnote_refs"] = {}
        for key, note in doc.footnotes.items():
            found = _scan_kamerstukken(note)
            refs[key] = found[0].ref if found else None
    return refs.get(number)


class _SentenceRefs:
    """The Kamerstuk refs of one sentence and of the footnotes it marks, scanned once."""

    def __init__(self, sentence: _Sentence, doc: _Doc) -> None:
        self.found = _scan_kamerstukken(sentence.text)
        self.notes: list[tuple[int, KamerstukRef]] = []
        for marker in _MARKER.finditer(sentence.text):
            ref = footnote_ref(doc, _marker_number(marker))
            if ref is not None:
                self.notes.append((marker.start(), ref))

    def cited_with(self, offset: int = 0) -> KamerstukRef | None:
        """The ref cited with something at ``offset``: the first one in the sentence after it,
        else the first footnote marked after it, else the last one in the sentence before it."""
        for item in self.found:
            if item.start >= offset:
                return item.ref
        for position, ref in self.notes:
            if position >= offset:
                return ref
        if self.found:
            return self.found[-1].ref
        return None


def _handelingen(doc: _Doc) -> list[HandelingenRef]:
    refs: list[HandelingenRef] = []
    seen: set[tuple] = set()
    sources: list[tuple[str, int | None]] = [(paragraph, None) for paragraph in doc.body_paragraphs]
    sources += [(note, number) for number, note in doc.footnotes.items()]
    for text, footnote in sources:
        for match in _HANDELINGEN.finditer(text):
            nrs = _NR_SPLIT.split(match.group("nrs"))
            if not match.group("kw").lower().startswith(("nrs", "nummers")):
                nrs = nrs[:1]
            chamber = match.group("chamber") or match.group("chamber2")
            session = _session(match.group("first"), match.group("second"))
            key = (
                _CHAMBER_NAMES.get(chamber) if chamber else None,
                session,
                tuple(nrs),
                bool(match.group("aanhangsel")),
            )
            if key in seen:
                continue
            seen.add(key)
            before = text[max(0, match.start() - 300) : match.start()]
            members, parties = _questioners(doc, before, footnote)
            refs.append(
                HandelingenRef(
                    chamber=key[0],
                    session=session,
                    nrs=tuple(nrs),
                    text=match.group(0),
                    aanhangsel=key[3],
                    item=match.group("item"),
                    members=members,
                    parties=parties,
                )
            )
    return refs


_LID_BEFORE_MARKER = re.compile(rf"\b(?:het )?lid (?P<members>{_MEMBER})$")
_LID_IN_TEXT = re.compile(rf"\b(?:[Kk]amer)?(?:lid|leden) (?P<members>{_MEMBERS})")


def _questioners(doc: _Doc, before: str, footnote: int | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Members who asked the questions a Handelingen ref points to: 'lid Azmani' in the text
    before it, or 'het lid Azmani (VVD)¹' right before the footnote marker in the body."""
    members: list[tuple[str, str | None]] = []
    for match in _LID_IN_TEXT.finditer(before):
        members = _parse_members(match.group("members"))
    for sentence, position in doc.marker_sites().get(footnote, [])[:_MAX_MENTIONS] if footnote else []:
        near = _LID_BEFORE_MARKER.search(sentence.text, max(0, position - 120), position)
        parsed = _parse_members(near.group("members")) if near else []
        if parsed and (not members or member_surname(parsed[0][0]) == member_surname(members[0][0])):
            return tuple(name for name, _ in parsed), tuple(party for _, party in parsed if party)
    return tuple(name for name, _ in members), tuple(party for _, party in members if party)
