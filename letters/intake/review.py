"""Confirming staff's review of the proposals: links through letter_link_confirm, follow-up
commitments through commitment_create, the rest marked rejected."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.services import commitment_create

from ..models import (
    Letter,
    LetterStatus,
    LinkEffect,
    ProposalState,
)
from ..services import letter_link_confirm


@dataclass
class LinkDecision:
    accept: bool
    effect: str = LinkEffect.SETTLES


@dataclass
class FollowUpDecision:
    accept: bool
    text: str = ""
    deadline_phrase: str = ""


@transaction.atomic
def letter_confirm_proposals(
    *, letter: Letter, links: dict[int, LinkDecision], follow_ups: dict[int, FollowUpDecision], by=None
) -> tuple[list, list]:
    """Settle staff's review in one transaction: accepted link proposals become LetterLinks (with the
    effect staff chose), accepted follow-ups become commitments of the letter -- not public until
    the letter is sent -- and the rest are marked rejected. Proposals not mentioned stay open."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    sent = letter.status == LetterStatus.SENT
    now = timezone.now()
    made_links, made_commitments = [], []
    proposals = letter.link_proposals.filter(pk__in=links, state=ProposalState.PROPOSED)
    for proposal in proposals.select_related("motion", "commitment"):
        decision = links[proposal.pk]
        if decision.accept:
            proposal.effect = decision.effect
            proposal.link, _changes = letter_link_confirm(
                letter=letter, item=proposal.item, effect=decision.effect, by=by
            )
            made_links.append(proposal.link)
        _decide(proposal, decision.accept, by, now)
    reason = _("Toegezegd in %(letter)s") % {"letter": letter}
    for proposal in letter.follow_up_proposals.filter(pk__in=follow_ups, state=ProposalState.PROPOSED):
        decision = follow_ups[proposal.pk]
        if decision.accept:
            proposal.text = decision.text.strip() or proposal.text
            proposal.deadline_phrase = decision.deadline_phrase.strip() or proposal.deadline_phrase
            proposal.commitment = commitment_create(
                text=proposal.text,
                deadline_phrase=proposal.deadline_phrase,
                by=by,
                reason=reason,
                source_letter=letter,
                motion=proposal.motion,
                is_public=sent,
                ministry=letter.ministry,
                made_on=letter.date,
                made_by=letter.sender,
                made_by_function=letter.sender_function,
            )
            proposal.deadline_latest = proposal.commitment.deadline_date
            made_commitments.append(proposal.commitment)
        _decide(proposal, decision.accept, by, now)
    return made_links, made_commitments


def _decide(proposal, accept: bool, by, now) -> None:
    proposal.state = ProposalState.CONFIRMED if accept else ProposalState.REJECTED
    proposal.decided_by = by if getattr(by, "is_authenticated", False) else None
    proposal.decided_at = now
    proposal.save()
