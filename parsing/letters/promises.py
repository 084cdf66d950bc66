"""Commitments (toezeggingen) and requests of the House a letter answers.

Commitments: sentences with 'toegezegd', 'toezegging', 'zegde ... toe'. Settled when the sentence says
so ('zoals toegezegd stuur ik u hierbij', 'hiermee kom ik de toezegging na'), or when a past
commitment is the letter's occasion: it stands in the opening paragraph and nothing in the sentence
points ahead ('zal', 'later', 'in de loop van'). A later 'zoals toegezegd' without its own ref, date
or meeting is the same commitment.

Requests ('heeft uw Kamer om een reactie gevraagd', 'de vaste commissie ... heeft mij verzocht'):
settled when in the opening paragraph or said to be answered by this letter.
"""

from __future__ import annotations

import re
from datetime import date

from .common import _DATE_RE, _to_date, _until_full
from .cues import _FUTURE, _MEETING, hedge, note_hedge, self_settling
from .people import _MEMBERS, _parse_members
from .references import _SentenceRefs
from .results import Commitment, Request
from .text import _Doc
from .vocab import words

_COMMITMENT = re.compile(
    r"\b(?:toegezegd|toezegging(?:en)?|zegde (?:ik|het kabinet|de minister|de staatssecretaris)\b[^.]{0,80}?\btoe\b"
    r"|zeg(?:de)? ik (?:u(?:w Kamer)? )?toe|zoals (?:ik )?(?:heb )?beloofd)",
    re.I,
)
_COMMITMENT_SETTLED_NOW = re.compile(
    r"\bzoals (?:ik )?(?:u |uw Kamer )?(?:heb |is )?(?:toegezegd|beloofd)\b[^.]{0,80}?"
    r"\b(?:informeer|stuur|zend|bied|ontvangt|treft|geef|doe)\b",
    re.I,
)
_COMMITMENT_ANAPHOR = words(
    r"zoals (?:ik )?(?:u |uw Kamer )?(?:heb |is )?toegezegd|(?:deze|die|de|bovengenoemde|genoemde) toezegging"
)
# A commitment made before this letter ('heb ik toegezegd', 'toezegging gedaan', 'zegde ik toe').
_PAST_COMMITMENT = re.compile(r"\b(?:toegezegd|toezegging (?:is )?gedaan|zegde\b[^.]{0,80}?\btoe)\b", re.I)
_REQUEST = re.compile(
    r"\b(?:uw Kamer|de (?:vaste )?commissie(?: voor(?: [\w&-]{1,30}){1,5}?)?) (?:heeft |had )?(?:mij |het kabinet |de regering )?"
    r"(?:om|verzocht|gevraagd|vroeg|verzoekt|vraagt)\b"
    r"|\b(?:verzoek|vraag) van (?:uw Kamer|de (?:vaste )?commissie)\b",
    re.I,
)
_ASKED_BY_MINISTER = re.compile(r"\b(?:verzoek|vraag|verzoeken|vragen|wil)(?: ik| wij| het kabinet)? $", re.I)


def _settling(text: str) -> str | None:
    """The words that say this letter settles the commitment or request the sentence names."""
    now = _COMMITMENT_SETTLED_NOW.search(text)
    return now.group(0) if now else self_settling(text)


def _commitments(doc: _Doc, letter_date: date | None) -> list[Commitment]:
    commitments: list[Commitment] = []
    notes = doc.cache.setdefault("notes", {})
    for sentence in _until_full(doc.sentences, commitments):
        text = sentence.text
        if not _COMMITMENT.search(text):
            continue
        ref = _SentenceRefs(sentence, doc).cited_with(0)
        words = _settling(text)
        if words is None and sentence.paragraph == doc.opening_paragraph:
            # a past commitment as the letter's occasion: it stands in the opening paragraph
            past = _PAST_COMMITMENT.search(text)
            words = past.group(0) if past else None
        if sentence.footnote is not None or _FUTURE.search(text):
            words = None
        elif words is not None and hedge(text):
            note_hedge(notes, text)  # 'niet mogelijk, zoals eerder toegezegd, ...'
            words = None
        settles = words is not None
        made_on = None
        for date_match in _DATE_RE.finditer(text):
            candidate = _to_date(*date_match.groups())
            if candidate is not None and (letter_date is None or candidate <= letter_date):
                made_on = candidate
                break
        meeting = _MEETING.search(text)
        # The same commitment again: the same ref, or 'zoals toegezegd' / 'deze toezegging'
        # without anything that names another one.
        same = next((c for c in commitments if ref is not None and c.ref == ref), None)
        if same is None and commitments and ref is None and made_on is None and meeting is None:
            same = commitments[-1] if _COMMITMENT_ANAPHOR.search(text) else None
        if same is not None:
            if settles and not same.settles:
                same.settles, same.evidence, same.settled_by = True, text, words
            continue
        commitments.append(
            Commitment(
                text,
                ref,
                settles,
                made_on,
                meeting.group(0).lower() if meeting else None,
                evidence=text,
                settled_by=words,
            )
        )
    return commitments


# 'het lid Timmermans verzocht ...', 'verzocht het lid Timmermans (GL-PvdA) om ...', 'de leden X en Y
# hebben gevraagd'; 'vragen van het lid' are written questions, no request.
_MEMBER_REQUEST = re.compile(
    rf"\b(?:[Hh]et lid|[Dd]e leden) (?P<members>{_MEMBERS}) (?:heeft |hebben |had |hadden )?"
    r"(?:mij |het kabinet |de regering |de minister |de staatssecretaris )?(?:verzocht|gevraagd|vroeg|vroegen|verzoekt|vraagt)\b"
    rf"|\b(?:verzocht|vroeg|vroegen|verzoekt|vraagt) (?:mij |het kabinet |de regering )?(?:het lid|de leden) (?P<members2>{_MEMBERS})"
)
_REQUEST_ANAPHOR = re.compile(r"\b(?:dit|dat|het|deze|dit|uw|hun|zijn|haar) (?:verzoek|vraag)\b", re.I)


def _requests(doc: _Doc) -> list[Request]:
    requests: list[Request] = []
    notes = doc.cache.setdefault("notes", {})
    for sentence in _until_full(doc.sentences, requests):
        text = sentence.text
        if sentence.footnote is not None or "otie" in text:
            continue
        match = _REQUEST.search(text)
        if match and _ASKED_BY_MINISTER.search(text, max(0, match.start() - 25), match.start()):
            match = None  # 'Ik verzoek uw Kamer om ...' is the government asking
        by_member = None if match else _MEMBER_REQUEST.search(text)
        if not match and not by_member:
            words = _settling(text) if requests and _REQUEST_ANAPHOR.search(text) else None
            if words and not _FUTURE.search(text) and not hedge(text) and not requests[-1].settles:
                # 'Met deze brief voldoe ik aan dat verzoek': the request named last
                requests[-1].settles, requests[-1].evidence, requests[-1].settled_by = True, text, words
            continue
        words = _settling(text)
        if words is None and sentence.paragraph == doc.opening_paragraph:
            words = (match or by_member).group(0)  # the request is the letter's occasion
        if words is not None and (_FUTURE.search(text) or hedge(text)):
            if hedge(text):
                note_hedge(notes, text)
            words = None
        members = []
        if by_member:
            members = [name for name, _ in _parse_members(by_member.group("members") or by_member.group("members2"))]
        requests.append(
            Request(
                text,
                _SentenceRefs(sentence, doc).cited_with(0),
                words is not None,
                members=members,
                evidence=text,
                settled_by=words,
            )
        )
    return requests
