"""Analysing a letter: store what the analyser found and replace the open proposals with fresh ones,
never proposing a move the workflow forbids or an item the user may not change."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from core.fields import COMMITMENT_TEXT_MAX
from motions.models import Motion

from ..models import (
    AnalysisSource,
    FollowUpProposal,
    Letter,
    LetterAnalysisResult,
    LinkEffect,
    LinkProposal,
    ProposalState,
)
from ..services import link_refusal
from .documents import analyse_text
from .matching import (
    CONFIDENCE_FOLLOW_UP,
    letter_dossiers,
    match_commitment,
    match_motion,
    match_senate_commitment,
    ref_of,
)


@dataclass
class IntakeSummary:
    analysed: list[str]
    link_proposals: list[LinkProposal]
    follow_up_proposals: list[FollowUpProposal]


def _texts(letter: Letter) -> list[tuple[str, str]]:
    sources = [(AnalysisSource.TEXT, letter.text), (AnalysisSource.DECISION_MEMO, letter.decision_memo)]
    return [(source, text) for source, text in sources if text.strip()]


def _fill_letter_details(letter: Letter, data: dict) -> None:
    """Fill the letter's own number, date and signer's function from its text where still empty."""
    updates = {}
    own = ref_of(data.get("own_ref"))
    if letter.ref is None and own is not None and not Letter.objects.filter(ref=own).exists():
        updates["ref"] = own
    if letter.date is None and data.get("date"):
        updates["date"] = data["date"]
    signer = data.get("signed_by") or {}
    if not letter.sender_function and signer.get("role"):
        updates["sender_function"] = signer["role"][:200]
    if updates:
        Letter.objects.filter(pk=letter.pk).update(**updates)
        letter.refresh_from_db()


@transaction.atomic
def letter_analyse(*, letter: Letter, by=None) -> IntakeSummary:
    """Analyse the letter's text and decision memo; store each analysis; replace the proposals not
    yet decided with fresh ones (decided proposals stay as they are). Runs in a worker
    (:func:`run_job`): the analysis of a long text takes seconds."""
    analysed, results = [], []
    for source, text in _texts(letter):
        data = analyse_text(text)
        LetterAnalysisResult.objects.update_or_create(letter=letter, source=source, defaults={"data": data})
        analysed.append(source)
        results.append((source, data))
    LetterAnalysisResult.objects.filter(letter=letter).exclude(source__in=analysed).delete()
    for source, data in results:
        if source == AnalysisSource.TEXT:
            _fill_letter_details(letter, data)
    letter.link_proposals.filter(state=ProposalState.PROPOSED).delete()
    letter.follow_up_proposals.filter(state=ProposalState.PROPOSED).delete()
    dossiers = letter_dossiers(letter, [data for _source, data in results])
    for _source, data in results:
        for found in data.get("motions", []):
            match = match_motion(found, dossiers)
            if match:
                _propose_link(letter, match, found=found, field="motion", by=by)
        for found in data.get("commitments", []):
            match = match_commitment(found, letter)
            if match:
                _propose_link(letter, match, found=found, field="commitment", by=by)
        for found in data.get("senate_commitments", []):
            match = match_senate_commitment(found)
            if match:
                _propose_link(letter, match, found=found, field="commitment", by=by)
    main_motion = _main_motion(letter)
    for source, data in results:
        label = AnalysisSource(source).label
        for deadline in data.get("new_deadlines", []):
            # stored as a phrase that reads on its own ('binnen twee weken' -> 'uiterlijk 19 maart 2024');
            # a meeting the tracker does not know stays as written, without a date
            phrase = deadline.get("standalone") or deadline["phrase"]
            FollowUpProposal.objects.get_or_create(
                letter=letter,
                deadline_phrase=phrase[:200],
                text=deadline["text"][:COMMITMENT_TEXT_MAX],
                defaults={
                    "deadline_latest": deadline.get("latest"),
                    "motion": main_motion,
                    "confidence": CONFIDENCE_FOLLOW_UP,
                    "basis": _("nieuwe termijn in de %(source)s") % {"source": label},
                    "evidence": deadline["text"][:COMMITMENT_TEXT_MAX],
                    "evidence_words": deadline["phrase"][:300],
                },
            )
    return IntakeSummary(
        analysed=analysed,
        link_proposals=list(letter.link_proposals.filter(state=ProposalState.PROPOSED)),
        follow_up_proposals=list(letter.follow_up_proposals.filter(state=ProposalState.PROPOSED)),
    )


def _propose_link(letter: Letter, match, *, found: dict, field: str, by=None) -> None:
    """Propose the link; never a move the item's workflow forbids or an item the user may not
    change: such a proposal says why instead ('al afgedaan door ...') and 'informs' at most."""
    item, confidence, basis = match
    if letter.links.filter(confirmed=True, **{field: item}).exists():
        return  # staff linked it already
    settles = bool(found.get("settles"))
    effect = LinkEffect.SETTLES if settles else LinkEffect.INFORMS
    note = link_refusal(letter=letter, item=item, effect=effect, by=by)
    if note and effect != LinkEffect.INFORMS:
        effect = LinkEffect.INFORMS
        note = link_refusal(letter=letter, item=item, effect=effect, by=by) or note
    evidence = (found.get("evidence") or found.get("text") or (found.get("texts") or [""])[0])[:COMMITMENT_TEXT_MAX]
    words = (found.get("settled_by") or "")[:300] if settles and not note else ""
    proposal, created = LinkProposal.objects.get_or_create(
        letter=letter,
        **{field: item},
        defaults={
            "confidence": confidence,
            "basis": basis[:300],
            "effect": effect,
            "evidence": evidence,
            "evidence_words": words,
            "note": note[:300],
        },
    )
    if not created and proposal.state == ProposalState.PROPOSED:
        # the memo and the letter both name it: keep the surest ground, and 'settles' if either says so
        if confidence > proposal.confidence:
            proposal.confidence, proposal.basis = confidence, basis[:300]
        if settles and not proposal.note and proposal.effect != LinkEffect.SETTLES:
            proposal.effect, proposal.evidence, proposal.evidence_words = LinkEffect.SETTLES, evidence, words
        proposal.save(update_fields=["confidence", "basis", "effect", "evidence", "evidence_words"])


def _main_motion(letter: Letter) -> Motion | None:
    """The motion the letter answers: the surest one it settles, else the surest one it names."""
    proposals = letter.link_proposals.filter(motion__isnull=False).exclude(state=ProposalState.REJECTED)
    best = (
        proposals.filter(effect=LinkEffect.SETTLES).order_by("-confidence", "id").first()
        or proposals.order_by("-confidence", "id").first()
    )
    return best.motion if best else None
