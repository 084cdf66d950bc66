"""Analyse the text of a government letter (Kamerbrief) or decision memo (beslisnota).

``analyse_letter(text)`` reads plain text as it comes out of a PDF -- page headers, footnotes,
hyphenation and line breaks mixed in -- and reports what a careful reader finds:

* the letter's own Kamerstuk number, its date and who signed it;
* every Kamerstuk and (Aanhangsel) Handelingen reference it cites;
* the motions it names (with submitters, parties and the cited Kamerstuk) and whether the letter
  says it settles them;
* the commitments (toezeggingen) it answers, and the requests of the House it answers;
* the new promises it makes with a (vague) deadline ("in de loop van 2027").

Plain Python, no Django. Every regular expression is compiled once at import, has no nested
quantifier over the same characters, and runs over whitespace-collapsed text, on windows of
bounded size where it has to look around a match, so the analysis is linear in the input.

The parts, each readable on its own:

* :mod:`.text` -- page clean-up: footnotes, running headers, hyphenation, paragraphs, sentences;
* :mod:`.heading` -- the heading: the letter's own number, its date, the internal reference;
* :mod:`.references` -- the Kamerstukken and Handelingen it cites;
* :mod:`.people` and :mod:`.motions` -- members of parliament and the motions they submitted;
* :mod:`.promises` -- the commitments and requests it answers;
* :mod:`.deadlines` -- the new deadlines it promises;
* :mod:`.signature` -- who signed it;
* :mod:`.cues` -- the words that say a sentence settles something, or does not;
* :mod:`.results` -- the result types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from parsing.kamerstuk import KamerstukRef

from .common import _squash
from .deadlines import _new_deadlines
from .heading import _INTERNAL_REF, PRECEDING_NR_WINDOW, _letter_date, _own_ref
from .motions import _motions
from .people import member_surname
from .promises import _commitments, _requests
from .references import _Found, _handelingen, _scan_kamerstukken, _senate_commitments
from .results import (
    Commitment,
    Deadline,
    HandelingenRef,
    KamerstukCitation,
    LetterAnalysis,
    Motion,
    Note,
    OwnRef,
    Request,
    SenateCommitment,
    Signer,
)
from .signature import _signers
from .text import _prepare

__all__ = [
    "Commitment",
    "Deadline",
    "HandelingenRef",
    "KamerstukCitation",
    "LetterAnalysis",
    "Motion",
    "Note",
    "OwnRef",
    "PRECEDING_NR_WINDOW",
    "Request",
    "SenateCommitment",
    "Signer",
    "analyse_letter",
    "member_surname",
]


def analyse_letter(
    text: str,
    *,
    dossier_titles: Mapping[str, str] | None = None,
    recesses: Mapping | None = None,
    debates: Sequence[tuple[str, date]] = (),
) -> LetterAnalysis:
    """Analyse one letter's text.

    ``dossier_titles`` ({'29344': 'Terugkeerbeleid'}) optionally names the dossiers the caller
    tracks; it is used only to infer the own dossier when the letter prints just 'Nr. 131'.
    ``recesses`` is passed to :func:`parsing.deadlines.parse_deadline` ('voor het zomerreces').
    Phrases without a year ('voor de zomer') and relative ones ('binnen twee weken') are resolved
    against the letter's own date. ``debates`` ([('Commissiedebat Vreemdelingen- en asielbeleid',
    date(2024, 4, 16)), ...]) are the debates the caller knows, for 'vóór het commissiedebat ...'.
    """
    if not isinstance(text, str):
        raise TypeError("analyse_letter expects the letter's text as str")
    doc = _prepare(text)
    analysis = LetterAnalysis()
    analysis.date = _letter_date(doc)
    analysis.signers = _signers(doc)
    analysis.signed_by = analysis.signers[0] if analysis.signers else None
    internal = _INTERNAL_REF.search(_squash(" ".join(doc.lines[:400])))
    analysis.internal_ref = internal.group(1) if internal else None

    cited: list[_Found] = []
    for source in list(doc.body_paragraphs) + list(doc.footnotes.values()):
        cited.extend(_scan_kamerstukken(source))
    analysis.own_ref = _own_ref(doc, cited, dossier_titles)
    own = analysis.own_ref.kamerstuk if analysis.own_ref else None
    seen: set[KamerstukRef] = set()
    for found in cited:
        if found.ref in seen or found.ref == own:
            continue
        seen.add(found.ref)
        analysis.kamerstuk_refs.append(KamerstukCitation(found.ref, found.text, found.date))

    analysis.handelingen_refs = _handelingen(doc)
    analysis.motions = _motions(doc, analysis.date)
    analysis.commitments = _commitments(doc, analysis.date)
    analysis.requests = _requests(doc)
    analysis.new_deadlines = _new_deadlines(doc, analysis.date, recesses, debates)
    analysis.senate_commitments = _senate_commitments(doc)
    analysis.notes = list(doc.cache.get("notes", {}).values())
    return analysis
