"""Status changes over the API: through the workflow services, scoped to the token's ministry."""

import pytest
from rest_framework.authtoken.models import Token

from commitments.models import Commitment
from letters.models import Letter, LetterStatus
from motions.models import Motion, MotionStatus
from tests.api.conftest import token_client

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _post(client, kind, item, to, reason=""):
    return client.post(f"/api/v1/{kind}/{item.pk}/transition/", {"to": to, "reason": reason}, format="json")


def test_own_ministry_changes_status_through_the_workflow(world, client_a):
    motion = world["motion_a"]
    response = _post(client_a, "motions", motion, MotionStatus.SETTLED, "Afgehandeld in de brief")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == MotionStatus.SETTLED
    motion.refresh_from_db()
    assert motion.status == MotionStatus.SETTLED
    event = motion.events.latest()
    assert (event.from_status, event.to_status, event.by, event.reason) == (
        MotionStatus.IN_PROGRESS,
        MotionStatus.SETTLED,
        world["staff_a"],
        "Afgehandeld in de brief",
    )
    assert response.json()["timeline"][-1]["to_status"] == MotionStatus.SETTLED


@pytest.mark.parametrize(
    "kind,key,to",
    [
        ("motions", "motion_b", MotionStatus.IN_PROGRESS),
        ("commitments", "commitment_b", "voldaan"),
    ],
)
def test_token_of_one_ministry_cannot_change_anothers_items(world, client_a, kind, key, to):
    item = world[key]
    events_before = item.events.count()
    response = _post(client_a, kind, item, to)
    assert response.status_code == 403
    assert "ander ministerie" in response.json()["detail"]
    item.refresh_from_db()
    assert item.status != to and item.events.count() == events_before


def test_another_ministrys_unsent_letter_is_not_even_found(world):
    from tests.factories import make_letter

    letter_b = make_letter(ministry=world["b"])
    response = _post(token_client(world["staff_a"]), "letters", letter_b, LetterStatus.FOR_DECISION)
    assert response.status_code == 404
    letter_b.refresh_from_db()
    assert letter_b.status == LetterStatus.DRAFT


def test_forbidden_transition_changes_nothing_and_says_why(world, client_a):
    motion = world["motion_a"]  # in uitvoering
    before = (motion.status, motion.events.count(), motion.version)
    response = _post(client_a, "motions", motion, MotionStatus.REJECTED, "poging")
    assert response.status_code == 409  # a status of motions, not allowed from this one
    body = response.json()
    assert "kan niet van 'in uitvoering' naar 'verworpen'" in body["detail"]
    assert body["status"] == MotionStatus.IN_PROGRESS and body["allowed"] == [MotionStatus.SETTLED]
    fresh = Motion.objects.get(pk=motion.pk)
    assert (fresh.status, fresh.events.count(), fresh.version) == before


def test_unknown_status_is_a_400_with_the_allowed_moves(world, client_a):
    response = _post(client_a, "commitments", world["commitment_a"], "onzin")
    assert response.status_code == 400
    assert response.json()["allowed"] == ["voldaan"]
    assert Commitment.objects.get(pk=world["commitment_a"].pk).status == "deels_voldaan"


def test_sending_over_the_api_is_refused_unless_approved_and_settles_when_it_is(world, client_a):
    draft = world["draft_a"]
    response = _post(client_a, "letters", draft, LetterStatus.SENT)
    assert response.status_code == 409 and "concept" in response.json()["detail"]
    for step in (LetterStatus.FOR_DECISION, LetterStatus.APPROVED, LetterStatus.SENT):
        assert _post(client_a, "letters", draft, step).status_code == 200
    assert Letter.objects.get(pk=draft.pk).status == LetterStatus.SENT


def test_writes_need_a_token(world, anon):
    response = _post(anon, "motions", world["motion_a"], MotionStatus.SETTLED)
    assert response.status_code == 401
    bad = anon.post(
        f"/api/v1/motions/{world['motion_a'].pk}/transition/",
        {"to": "afgedaan"},
        format="json",
        HTTP_AUTHORIZATION="Token nonsense",
    )
    assert bad.status_code == 401
    assert Motion.objects.get(pk=world["motion_a"].pk).status == MotionStatus.IN_PROGRESS


def test_a_token_user_without_ministry_may_change_nothing(world, django_user_model):
    user = django_user_model.objects.create_user("zonder", is_staff=True)
    response = _post(token_client(user), "motions", world["motion_a"], MotionStatus.SETTLED)
    assert response.status_code == 403
    assert Token.objects.filter(user=user).exists()


def test_missing_to_is_a_400(world, client_a):
    response = client_a.post(f"/api/v1/motions/{world['motion_a'].pk}/transition/", {}, format="json")
    assert response.status_code == 400 and response.json()["detail"].startswith("to:")


def test_an_over_long_reason_is_refused_and_changes_nothing(world, client_a):
    from core.fields import REASON_MAX

    motion = world["motion_a"]
    before = (motion.status, motion.events.count())
    response = _post(client_a, "motions", motion, MotionStatus.SETTLED, "x" * (REASON_MAX + 1))
    assert response.status_code == 400 and response.json()["detail"].startswith("reason:")
    motion.refresh_from_db()
    assert (motion.status, motion.events.count()) == before


@pytest.mark.parametrize("kind", ["view-only staff", "not staff", "inactive"])
def test_a_token_without_the_change_permission_changes_nothing(world, kind):
    from django.contrib.auth.models import Permission

    from tests.factories import make_staff

    user = make_staff(f"user-{kind.replace(' ', '-')}", world["a"])
    if kind == "view-only staff":
        user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    elif kind == "not staff":
        user.is_staff = False
    else:
        user.is_active = True  # the token is made while active, then the account is switched off
    user.save()
    client = token_client(user)
    if kind == "inactive":
        type(user).objects.filter(pk=user.pk).update(is_active=False)
    motion = world["motion_a"]
    before = (motion.status, motion.events.count())
    response = _post(client, "motions", motion, MotionStatus.SETTLED, "zonder rechten")
    assert response.status_code in (401, 403), response.content
    motion.refresh_from_db()
    assert (motion.status, motion.events.count()) == before
