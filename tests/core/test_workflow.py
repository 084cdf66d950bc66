"""Every allowed and every forbidden status transition, for motions, commitments and letters.
The tables below are the specification, written independently of the models."""

import itertools

import pytest

from commitments.models import Commitment, CommitmentStatus
from commitments.services import commitment_transition
from core.workflow import TransitionNotAllowed, WorkflowError
from letters.models import Letter, LetterStatus
from letters.services import letter_transition
from motions.models import Motion, MotionStatus
from motions.services import motion_transition
from tests.factories import make_commitment, make_letter, make_motion

pytestmark = pytest.mark.django_db


def _allowed(table):
    """{source: [targets]} -> the set of allowed (source, target) transitions."""
    return {(src, dst) for src, targets in table.items() for dst in targets}


M = MotionStatus
MOTION_ALLOWED = _allowed(
    {
        M.SUBMITTED: [M.ADOPTED, M.REJECTED, M.HELD, M.WITHDRAWN, M.LAPSED, M.TAKEN_OVER],
        M.HELD: [M.SUBMITTED, M.WITHDRAWN, M.LAPSED],
        M.ADOPTED: [M.IN_PROGRESS],
        M.TAKEN_OVER: [M.IN_PROGRESS],
        M.IN_PROGRESS: [M.SETTLED],
    }
)
C = CommitmentStatus
COMMITMENT_ALLOWED = _allowed(
    {
        C.OPEN: [C.PARTLY_FULFILLED, C.FULFILLED, C.LAPSED],
        C.PARTLY_FULFILLED: [C.FULFILLED],
    }
)
L = LetterStatus
LETTER_ALLOWED = _allowed(
    {
        L.DRAFT: [L.FOR_DECISION],
        L.FOR_DECISION: [L.DRAFT, L.APPROVED],
        L.APPROVED: [L.SENT],
    }
)


def _pairs(choices):
    return [(a, b) for a, b in itertools.product(choices.values, repeat=2) if a != b]


@pytest.mark.parametrize("src,dst", _pairs(MotionStatus))
def test_motion_transition(src, dst, admin_user):
    motion = make_motion(status=src)
    events_before = motion.events.count()
    if (src, dst) in MOTION_ALLOWED:
        change = motion_transition(motion=motion, to=dst, by=admin_user, reason="test")
        motion.refresh_from_db()
        assert motion.status == dst
        assert (change.event.from_status, change.event.to_status) == (src, dst)
        assert change.event.by == admin_user and change.event.reason == "test"
        assert motion.events.count() == events_before + 1
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            motion_transition(motion=motion, to=dst, by=admin_user, reason="test")
        assert "kan niet van" in str(exc.value)
        motion.refresh_from_db()
        assert motion.status == src
        assert motion.events.count() == events_before


@pytest.mark.parametrize("src,dst", _pairs(CommitmentStatus))
def test_commitment_transition(src, dst):
    commitment = make_commitment(status=src)
    if (src, dst) in COMMITMENT_ALLOWED:
        commitment_transition(commitment=commitment, to=dst, reason="x")
        assert Commitment.objects.get(pk=commitment.pk).status == dst
        assert commitment.events.latest().to_status == dst
    else:
        with pytest.raises(TransitionNotAllowed):
            commitment_transition(commitment=commitment, to=dst)
        assert Commitment.objects.get(pk=commitment.pk).status == src
        assert commitment.events.count() == 1  # only the creation event


@pytest.mark.parametrize("src,dst", _pairs(LetterStatus))
def test_letter_transition(src, dst):
    letter = make_letter(status=src)
    count = letter.events.count()
    if (src, dst) in LETTER_ALLOWED:
        letter_transition(letter=letter, to=dst)
        assert Letter.objects.get(pk=letter.pk).status == dst
    else:
        with pytest.raises(TransitionNotAllowed):
            letter_transition(letter=letter, to=dst)
        assert Letter.objects.get(pk=letter.pk).status == src
        assert letter.events.count() == count


def test_unknown_target_is_refused():
    motion = make_motion()
    with pytest.raises(TransitionNotAllowed):
        motion_transition(motion=motion, to="gesloopt")


def test_status_cannot_be_assigned_directly():
    motion = make_motion()
    with pytest.raises(AttributeError):
        motion.status = MotionStatus.ADOPTED


@pytest.mark.parametrize("model", [Motion, Commitment, Letter])
def test_bulk_update_of_status_is_refused(model):
    with pytest.raises(WorkflowError):
        model.objects.all().update(status="afgedaan")


def test_letter_cannot_be_sent_around_the_send_service():
    from core.workflow import change_status

    letter = make_letter(status=LetterStatus.APPROVED)
    with pytest.raises(TransitionNotAllowed):
        change_status(item=letter, to=LetterStatus.SENT)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.APPROVED


def test_status_equals_latest_event():
    motion = make_motion()
    for target in (M.ADOPTED, M.IN_PROGRESS, M.SETTLED):
        motion_transition(motion=motion, to=target)
    motion.refresh_from_db()
    assert [e.to_status for e in motion.events.all()] == [M.SUBMITTED, M.ADOPTED, M.IN_PROGRESS, M.SETTLED]
    assert motion.events.latest().to_status == motion.status


def test_events_are_append_only():
    motion = make_motion()
    event = motion.events.get()
    event.reason = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_side_effects_run_only_after_commit(monkeypatch, django_capture_on_commit_callbacks):
    from core import events

    seen = []
    monkeypatch.setattr(events, "_listeners", [record_hook])
    record_hook.seen = seen
    motion = make_motion()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        motion_transition(motion=motion, to=M.ADOPTED)
    from public.versions import _Watcher

    # (the data-version bumps of public/versions.py are scheduled after the commit too, one per write)
    callbacks = [c for c in callbacks if not isinstance(getattr(c, "__self__", None), _Watcher)]
    assert seen == [] and len(callbacks) == 1
    callbacks[0]()
    assert [e.to_status for e in seen] == [M.ADOPTED]


def record_hook(event):
    record_hook.seen.append(event)


record_hook.seen = []
