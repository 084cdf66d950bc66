"""Sending a letter settles what it links, in one transaction."""

import datetime as dt

import pytest

from commitments.models import Commitment, CommitmentStatus
from core.workflow import TransitionNotAllowed
from letters.models import Letter, LetterStatus, LinkEffect
from letters.services import LetterRefused, letter_link, letter_send, letter_transition
from motions.models import Motion, MotionStatus
from tests.factories import make_commitment, make_letter, make_motion

pytestmark = pytest.mark.django_db


def test_sending_settles_motions_and_commitments(admin_user):
    motion = make_motion(status=MotionStatus.ADOPTED)
    commitment = make_commitment(deadline_phrase="in de loop van 2027")
    partly = make_commitment()
    letter = make_letter(
        status=LetterStatus.APPROVED,
        links=[
            (motion, LinkEffect.SETTLES, ""),
            (commitment, LinkEffect.SETTLES, ""),
            (partly, LinkEffect.PARTLY_SETTLES, ""),
        ],
    )
    letter_send(letter=letter, by=admin_user, reason="verzonden")

    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT and letter.sent_at is not None
    motion.refresh_from_db()
    assert motion.status == MotionStatus.SETTLED
    steps = [(e.from_status, e.to_status, e.letter_id) for e in motion.events.all()][1:]
    assert steps == [
        (MotionStatus.ADOPTED, MotionStatus.IN_PROGRESS, letter.pk),
        (MotionStatus.IN_PROGRESS, MotionStatus.SETTLED, letter.pk),
    ]
    assert str(letter) in motion.events.latest().reason
    assert Commitment.objects.get(pk=commitment.pk).status == CommitmentStatus.FULFILLED
    assert commitment.events.latest().letter_id == letter.pk
    assert Commitment.objects.get(pk=partly.pk).status == CommitmentStatus.PARTLY_FULFILLED


def test_sending_is_all_or_nothing():
    motion = make_motion(status=MotionStatus.ADOPTED)
    commitment = make_commitment()
    letter = make_letter(
        status=LetterStatus.APPROVED, links=[(commitment, LinkEffect.SETTLES, ""), (motion, LinkEffect.SETTLES, "")]
    )
    # Another letter settles the motion first: this one can no longer do what it says.
    letter_send(letter=make_letter(status=LetterStatus.APPROVED, links=[(motion, LinkEffect.SETTLES, "")]))
    motion_events = Motion.objects.get(pk=motion.pk).events.count()
    with pytest.raises(TransitionNotAllowed, match="al afgedaan door"):
        letter_send(letter=letter)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.APPROVED
    assert Letter.objects.get(pk=letter.pk).sent_at is None
    assert Commitment.objects.get(pk=commitment.pk).status == CommitmentStatus.OPEN
    assert commitment.events.count() == 1
    assert Motion.objects.get(pk=motion.pk).events.count() == motion_events
    assert letter.events.count() == 3  # created, ter besluitvorming, vastgesteld: no 'verzonden'


def test_a_link_the_workflow_forbids_is_refused_when_it_is_made():
    rejected = make_motion(status=MotionStatus.REJECTED)
    letter = make_letter(status=LetterStatus.DRAFT)
    with pytest.raises(LetterRefused, match="verworpen"):
        letter_link(letter=letter, item=rejected, effect=LinkEffect.SETTLES)
    assert not letter.links.exists()
    letter_link(letter=letter, item=rejected, effect=LinkEffect.INFORMS)  # informing it changes nothing: allowed


def test_only_an_approved_letter_can_be_sent():
    letter = make_letter(status=LetterStatus.DRAFT)
    with pytest.raises(TransitionNotAllowed):
        letter_transition(letter=letter, to=LetterStatus.SENT)


def test_postponement_moves_the_deadline_and_keeps_the_old_one():
    commitment = make_commitment(deadline_phrase="1 oktober 2026")
    letter = make_letter(status=LetterStatus.APPROVED)
    letter_link(letter=letter, item=commitment, effect=LinkEffect.POSTPONES, new_deadline_phrase="Q1 2027")
    letter_send(letter=letter)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.OPEN
    assert commitment.deadline_phrase == "Q1 2027" and commitment.deadline_date == dt.date(2027, 3, 31)
    event = commitment.events.latest()
    assert event.kind == "deadline" and event.letter_id == letter.pk
    assert (event.old_deadline_phrase, event.old_deadline_date) == ("1 oktober 2026", dt.date(2026, 10, 1))


def test_promises_made_in_a_letter_become_public_when_it_is_sent():
    motion = make_motion(status=MotionStatus.ADOPTED)
    letter = make_letter(status=LetterStatus.APPROVED, links=[(motion, LinkEffect.SETTLES, "")])
    promise = make_commitment(source_letter=letter, is_public=False, deadline_phrase="in de loop van 2027")
    assert not Commitment.objects.public().filter(pk=promise.pk).exists()
    letter_send(letter=letter)
    promise.refresh_from_db()
    assert promise.is_public and promise.deadline_date == dt.date(2027, 12, 31)


def test_a_link_needs_exactly_one_item_and_a_valid_postponement():
    from django.core.exceptions import ValidationError

    letter = make_letter()
    commitment = make_commitment()
    with pytest.raises(ValidationError):
        letter_link(letter=letter, item=commitment, effect=LinkEffect.POSTPONES, new_deadline_phrase="")
    with pytest.raises(ValidationError):
        letter_link(letter=letter, item=commitment, effect=LinkEffect.POSTPONES, new_deadline_phrase="binnenkort")
    assert letter.links.count() == 0
