"""Writes for letters, above all sending one: what it settles is settled in the same transaction."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, CommitmentStatus
from core import deadlines
from core.workflow import StatusChange, change_status, record_creation
from motions.models import MotionStatus
from motions.services import motion_settle

from .models import Letter, LetterLink, LetterStatus, LinkEffect


@transaction.atomic
def letter_create(*, subject: str, by=None, links=(), **fields) -> Letter:
    """Create a draft letter; ``links`` is ``[(item, effect, new_deadline_phrase), ...]``."""
    letter = Letter(subject=subject, **fields)
    letter.full_clean(exclude=["version", "status"])
    letter.save()
    for item, effect, phrase in links:
        letter_link(letter=letter, item=item, effect=effect, new_deadline_phrase=phrase)
    record_creation(item=letter, by=by, is_public=False)
    return letter


def letter_link(*, letter: Letter, item, effect: str = LinkEffect.SETTLES, new_deadline_phrase: str = "") -> LetterLink:
    field = "commitment" if isinstance(item, Commitment) else "motion"
    link = LetterLink(letter=letter, effect=effect, new_deadline_phrase=new_deadline_phrase, **{field: item})
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def letter_link_confirm(*, letter: Letter, item, effect: str, by=None) -> tuple[LetterLink, list[StatusChange]]:
    """Staff confirm that the letter answers ``item`` with ``effect`` (the letter intake's review). A
    link the import proposed (unconfirmed) takes the effect and becomes confirmed; a link staff
    confirmed before stays as it is. For a letter already sent -- one the open-data import brought --
    the effect applies now, as :func:`letter_send` would have applied it."""
    field = "commitment" if isinstance(item, Commitment) else "motion"
    link = LetterLink.objects.select_for_update().filter(letter=letter, **{field: item}).first()
    if link is not None and link.confirmed:
        return link, []
    if link is None:
        link = letter_link(letter=letter, item=item, effect=effect)
    else:
        link.effect, link.confirmed = effect, True
        link.full_clean()
        link.save(update_fields=["effect", "confirmed"])
    if letter.status != LetterStatus.SENT:
        return link, []
    why = _("Afgehandeld met %(letter)s") % {"letter": letter}
    return link, _apply_link(link, letter=letter, by=by, why=why)


def letter_transition(*, letter: Letter, to: str, by=None, reason: str = "") -> list[StatusChange]:
    """Move a letter through its workflow; sending goes through :func:`letter_send`."""
    if to == LetterStatus.SENT:
        return letter_send(letter=letter, by=by, reason=reason)
    return [change_status(item=letter, to=to, by=by, reason=reason, is_public=False)]


WORKFLOW_ORDER = [LetterStatus.DRAFT, LetterStatus.FOR_DECISION, LetterStatus.APPROVED, LetterStatus.SENT]


def letter_advance(*, letter: Letter, to: str, by=None, reason: str = "", sent_at=None) -> list[StatusChange]:
    """Walk a letter forward through every step up to ``to`` (each step recorded), for letters that
    arrive further along than a draft: an import of a sent letter, the demo data. All or nothing."""
    letter.refresh_from_db()
    changes: list[StatusChange] = []
    with transaction.atomic():
        for step in WORKFLOW_ORDER[WORKFLOW_ORDER.index(letter.status) + 1: WORKFLOW_ORDER.index(to) + 1]:
            if step == LetterStatus.SENT:
                changes.extend(letter_send(letter=letter, by=by, reason=reason, sent_at=sent_at))
            else:
                changes.append(change_status(item=letter, to=step, by=by, reason=reason, is_public=False))
            letter.refresh_from_db()
    return changes


def letter_send(*, letter: Letter, by=None, reason: str = "", sent_at=None) -> list[StatusChange]:
    """Send an approved letter. In one transaction: the letter becomes 'verzonden'; every motion it
    settles becomes 'afgedaan', every commitment 'voldaan' (or 'deels voldaan'); a postponement
    moves the deadline and records the old one; promises made in the letter become public. Each
    change names the letter as its reason. If any of it is not allowed, nothing changes."""
    changes: list[StatusChange] = []
    with transaction.atomic():
        changes.append(change_status(item=letter, to=LetterStatus.SENT, by=by, reason=reason, service_call=True))
        letter.refresh_from_db()
        Letter.objects.filter(pk=letter.pk).update(sent_at=sent_at or timezone.now())
        why = _("Afgehandeld met %(letter)s") % {"letter": letter}
        links = letter.links.select_related("motion", "commitment").order_by("id")
        for link in links:
            changes.extend(_apply_link(link, letter=letter, by=by, why=why))
        letter.promises.filter(is_public=False).update(is_public=True)
        letter.refresh_from_db()
    return changes


def _apply_link(link: LetterLink, *, letter, by, why) -> list[StatusChange]:
    if link.effect == LinkEffect.INFORMS:
        return []
    if link.effect == LinkEffect.POSTPONES:
        deadlines.set_deadline(item=link.item, phrase=link.new_deadline_phrase, by=by, reason=why, letter=letter)
        return []
    if link.motion_id:
        motion = link.motion
        if link.effect == LinkEffect.SETTLES:
            return motion_settle(motion=motion, by=by, reason=why, letter=letter)
        if motion.status == MotionStatus.IN_PROGRESS:
            return []  # partly settled and already in progress: the letter is on its timeline via the link
        return [change_status(item=motion, to=MotionStatus.IN_PROGRESS, by=by, reason=why, letter=letter)]
    commitment = link.commitment
    target = CommitmentStatus.FULFILLED if link.effect == LinkEffect.SETTLES else CommitmentStatus.PARTLY_FULFILLED
    if target == CommitmentStatus.PARTLY_FULFILLED and commitment.status == target:
        return []
    return [change_status(item=commitment, to=target, by=by, reason=why, letter=letter)]
