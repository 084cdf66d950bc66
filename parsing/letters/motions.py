"""Motions a letter names: 'motie (van het lid|van de leden) NAMES', 'motie-NAME', 'motie NAME c.s.',
and '(het lid|de leden) NAMES ... motie' ('door de leden Ceder (CU) en ... ingediende motie').

Mentions of one motion are merged (same Kamerstuk, or the same submitters by surname). The ref is the
first Kamerstuk cited after the mention in the sentence, else in a footnote marked after it. A motion
is settled when a sentence naming it -- or 'de/deze motie' right after it was named -- says
'afgedaan' / 'tegemoet gekomen', or 'hiermee/met deze brief ... uitvoering/invulling/voldaan', and
not 'niet', 'zal', 'later', 'kom ik ... terug'.
"""

from __future__ import annotations

import re
from datetime import date

from parsing.kamerstuk import KamerstukRef

from .common import _MAX_ITEMS, _MAX_MENTIONS, _MONTH, _to_date
from .cues import _SETTLE_STRONG, _SETTLE_WITH_SELF, hedge, note_hedge, settle_words
from .people import _LO, _MEMBERS, _UP, _parse_members, member_surname
from .references import _SentenceRefs
from .results import Motion
from .text import _Doc

# 'moties Marijnissen c.s. en Klaver c.s.' (plural) names one motion per member; 'motie van de leden
# Ceder en Van Dijk' (singular) one motion of two members. 'van lid Klaver' without 'het' is common.
_MOTION_NAMED = re.compile(
    rf"\b[Mm]otie(?P<plural>s)?(?:-| )(?:van )?(?:(?:(?:het )?lid|(?:de )?leden) )?(?P<members>{_MEMBERS})"
)
_MOTION_BY = re.compile(
    rf"\b(?:het lid|de leden) (?P<members>{_MEMBERS}) (?:[{_LO}]+ ){{0,3}}?[Mm]otie(?P<plural>s)?(?![{_UP}{_LO}])"
)
_MOTION_ANAPHOR = re.compile(
    rf"\b(?:[Dd]e|[Dd]eze|[Dd]ie|(?:boven)?genoemde|voornoemde|bedoelde|betreffende) (?:gewijzigde )?motie(?![{_UP}{_LO}])"
)


def _surname_keys(motion: Motion) -> frozenset[str]:
    return frozenset(surname.lower() for surname in motion.surnames)


class _Motions:
    """The motions of a letter, each mention folded into the motion it names again: the same
    Kamerstuk, or the same submitters (one list of surnames contains the other) without a
    conflicting Kamerstuk. At most :data:`_MAX_ITEMS` motions."""

    def __init__(self) -> None:
        self.items: list[Motion] = []
        self._keys: list[frozenset[str]] = []
        self._by_ref: dict[KamerstukRef, int] = {}

    def add(self, new: Motion) -> Motion | None:
        index = self._by_ref.get(new.ref) if new.ref is not None else None
        new_keys = _surname_keys(new)
        if index is None and new_keys:
            for position, keys in enumerate(self._keys):
                compatible = self.items[position].ref is None or new.ref is None
                if compatible and (new_keys <= keys or keys <= new_keys):
                    index = position
                    break
        if index is None:
            if len(self.items) >= _MAX_ITEMS:
                return None
            self.items.append(new)
            self._keys.append(new_keys)
            if new.ref is not None:
                self._by_ref[new.ref] = len(self.items) - 1
            return new
        motion = self.items[index]
        _fold_motion(motion, new)
        self._keys[index] = _surname_keys(motion)
        if motion.ref is not None:
            self._by_ref.setdefault(motion.ref, index)
        return motion


def _fold_motion(motion: Motion, new: Motion) -> None:
    if len(new.members) > len(motion.members):
        old = {member_surname(name).lower(): party for name, party in zip(motion.members, motion.member_parties)}
        motion.members = list(new.members)
        motion.member_parties = [
            party or old.get(member_surname(name).lower()) for name, party in zip(new.members, new.member_parties)
        ]
    else:
        extra = {member_surname(name).lower(): party for name, party in zip(new.members, new.member_parties)}
        motion.member_parties = [
            party or extra.get(member_surname(name).lower())
            for name, party in zip(motion.members, motion.member_parties)
        ]
    motion.parties = list(dict.fromkeys(party for party in motion.member_parties if party))
    motion.ref = motion.ref or new.ref
    if new.settles and not motion.settles:
        motion.evidence, motion.settled_by = new.evidence, new.settled_by
    motion.settles = motion.settles or new.settles
    motion.adopted_on = motion.adopted_on or new.adopted_on
    for text in new.texts:
        if len(motion.texts) < _MAX_MENTIONS and text not in motion.texts:
            motion.texts.append(text)


_ADOPTED = re.compile(r"\baangenomen\b")
_DAY_MONTH = re.compile(rf"(?<!\d)(\d{{1,2}}) ({_MONTH})(?: (\d{{4}}))?(?!\d)", re.I)


def _adopted_on(text: str, letter_date: date | None) -> date | None:
    """The date in a sentence saying the motion was adopted; 'op 31 maart jl.' takes the year
    from the letter's date (the last such day on or before it)."""
    if not _ADOPTED.search(text):
        return None
    for match in _DAY_MONTH.finditer(text):
        day, month, year = match.groups()
        if year is not None:
            return _to_date(day, month, year)
        if letter_date is not None:
            found = _to_date(day, month, str(letter_date.year))
            if found is not None and found > letter_date:
                found = _to_date(day, month, str(letter_date.year - 1))
            return found
    return None


def _settles(text: str, sentence, notes: dict) -> str | None:
    """The settling words of a body sentence (None in a footnote); a hedged sentence gets a note."""
    if sentence.footnote is not None:
        return None
    words = settle_words(text)
    if words is None and hedge(text) and (_SETTLE_STRONG.search(text) or _SETTLE_WITH_SELF.search(text)):
        note_hedge(notes, text)
    return words


def _refs_per_motion(refs: _SentenceRefs, starts: list[int]) -> list[KamerstukRef | None]:
    """'de moties X c.s. en Y c.s. (Kamerstukken 1 en 2)': the refs after the first mention, one per
    motion in order when there are exactly as many; otherwise only a single motion gets one."""
    if len(starts) == 1:
        return [refs.cited_with(starts[0])]
    after = [item.ref for item in refs.found if item.start >= starts[0]]
    return after if len(after) == len(starts) else [None] * len(starts)


def _motions(doc: _Doc, letter_date: date | None) -> list[Motion]:
    motions = _Motions()
    notes = doc.cache.setdefault("notes", {})
    last: Motion | None = None
    pending: tuple[str, str] | None = None  # settling words and sentence before any motion was named
    for sentence in doc.sentences:
        text = sentence.text
        if "otie" not in text:
            continue
        mentions = []
        for pattern in (_MOTION_NAMED, _MOTION_BY):
            for match in pattern.finditer(text):
                members = _parse_members(match.group("members"))
                if not members:
                    continue
                if match.group("plural"):  # one motion per member
                    mentions.extend((match.start(), match.end(), [member]) for member in members)
                else:
                    mentions.append((match.start(), match.end(), members))
        if not mentions:
            if _MOTION_ANAPHOR.search(text):
                words = _settles(text, sentence, notes)
                # 'waarmee de motie wordt afgedaan': the motion named last (or, if none yet, first).
                if words and last is not None:
                    last.settles = True
                    if last.settled_by is None:
                        last.settled_by, last.evidence = words, text
                    if len(last.texts) < _MAX_MENTIONS and text not in last.texts:
                        last.texts.append(text)
                elif words:
                    pending = pending or (words, text)
            continue
        mentions.sort(key=lambda mention: mention[0])
        mentions = mentions[:_MAX_MENTIONS]
        words = _settles(text, sentence, notes)
        refs = _SentenceRefs(sentence, doc)
        for (_start, _end, members), ref in zip(mentions, _refs_per_motion(refs, [m[0] for m in mentions])):
            names = [name for name, _ in members]
            member_parties = [party for _, party in members]
            motion = Motion(
                members=names,
                parties=list(dict.fromkeys(party for party in member_parties if party)),
                ref=ref,
                settles=words is not None,
                texts=[text],
                member_parties=member_parties,
                adopted_on=_adopted_on(text, letter_date),
                evidence=text,
                settled_by=words,
            )
            last = motions.add(motion) or last
    if pending and motions.items:
        first = motions.items[0]
        first.settles = True
        if first.settled_by is None:
            first.settled_by, first.evidence = pending
    return motions.items
