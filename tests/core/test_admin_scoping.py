"""A staff user of one ministry can neither see nor change another ministry's items in the admin."""

import pytest
from django.db import transaction
from django.urls import reverse

from commitments.models import Commitment
from letters.models import LetterStatus
from motions.models import Motion, MotionStatus
from tests.factories import MinistryFactory, make_commitment, make_letter, make_motion, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    a, b = MinistryFactory(abbreviation="A"), MinistryFactory(abbreviation="B")
    return {
        "a": a,
        "b": b,
        "staff_a": make_staff("staff_a", a),
        "motion_a": make_motion(ministry=a, status=MotionStatus.ADOPTED),
        "motion_b": make_motion(ministry=b, status=MotionStatus.ADOPTED),
        "commitment_b": make_commitment(ministry=b),
        "letter_b": make_letter(ministry=b, status=LetterStatus.APPROVED),
    }


def _url(obj, view="change"):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


def test_changelist_shows_only_own_ministry(client, world):
    client.force_login(world["staff_a"])
    page = client.get(reverse("admin:motions_motion_changelist"))
    assert page.status_code == 200
    assert str(world["motion_a"].ref) in page.content.decode()
    assert str(world["motion_b"].ref) not in page.content.decode()


@pytest.mark.parametrize("key", ["motion_b", "commitment_b", "letter_b"])
def test_other_ministry_item_cannot_be_opened_or_changed(client, world, key):
    obj = world[key]
    client.force_login(world["staff_a"])
    response = client.get(_url(obj))
    assert response.status_code in (302, 403, 404)
    assert response.status_code != 200
    before = type(obj).objects.get(pk=obj.pk)
    client.post(_url(obj), {"internal_notes": "hacked", "version": before.version})
    after = type(obj).objects.get(pk=obj.pk)
    assert after.internal_notes == before.internal_notes


def test_other_ministry_transition_is_refused(client, world):
    client.force_login(world["staff_a"])
    motion = world["motion_b"]
    url = reverse("admin:motions_motion_transition", args=[motion.pk, MotionStatus.IN_PROGRESS])
    response = client.post(url, {"reason": "x"})
    assert response.status_code in (403, 404)
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.ADOPTED


def _bulk(client, motions, target):
    return client.post(
        reverse("admin:motions_motion_changelist"),
        {
            "action": "bulk_transition",
            "_selected_action": [f"{m.pk},{m.version}" for m in motions],
            "target_status": target,
            "reason": "bulk",
        },
    )


def test_bulk_action_goes_through_the_workflow(client, world):
    client.force_login(world["staff_a"])
    assert _bulk(client, [world["motion_a"]], MotionStatus.IN_PROGRESS).status_code == 302
    motion = Motion.objects.get(pk=world["motion_a"].pk)
    assert motion.status == MotionStatus.IN_PROGRESS
    assert motion.events.latest().reason == "bulk"
    # A second run asks for a move the workflow forbids now: refused, nothing changes.
    motion.refresh_from_db()
    _bulk(client, [motion], MotionStatus.REJECTED)
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.IN_PROGRESS


def test_bulk_action_cannot_reach_other_ministry(client, world):
    client.force_login(world["staff_a"])
    _bulk(client, [world["motion_a"], world["motion_b"]], MotionStatus.IN_PROGRESS)
    assert Motion.objects.get(pk=world["motion_b"].pk).status == MotionStatus.ADOPTED


def test_transition_buttons_offer_only_allowed_moves_and_record_the_user(client, world):
    client.force_login(world["staff_a"])
    motion = world["motion_a"]
    page = client.get(_url(motion)).content.decode()
    assert reverse("admin:motions_motion_transition", args=[motion.pk, MotionStatus.IN_PROGRESS]) in page
    assert reverse("admin:motions_motion_transition", args=[motion.pk, MotionStatus.REJECTED]) not in page
    url = reverse("admin:motions_motion_transition", args=[motion.pk, MotionStatus.IN_PROGRESS])
    assert client.post(url, {"reason": "gestart"}).status_code == 302
    event = Motion.objects.get(pk=motion.pk).events.latest()
    assert (event.to_status, event.by, event.reason) == (MotionStatus.IN_PROGRESS, world["staff_a"], "gestart")


def test_forbidden_transition_in_admin_shows_error_and_changes_nothing(client, world):
    client.force_login(world["staff_a"])
    motion = world["motion_a"]
    url = reverse("admin:motions_motion_transition", args=[motion.pk, MotionStatus.REJECTED])
    response = client.post(url, {"reason": "x"}, follow=True)
    assert "kan niet van" in response.content.decode()
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.ADOPTED


def test_staff_cannot_create_an_item_for_another_ministry(client, world):
    client.force_login(world["staff_a"])
    client.post(
        reverse("admin:commitments_commitment_add"),
        {
            "text": "Nieuwe toezegging",
            "ministry": world["b"].pk,
            "is_public": "on",
            "letter_links-TOTAL_FORMS": 0,
            "letter_links-INITIAL_FORMS": 0,
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
        },
    )
    assert not Commitment.objects.filter(text="Nieuwe toezegging", ministry=world["b"]).exists()


def test_concurrent_admin_edits_do_not_overwrite_each_other(world):
    from concurrency.exceptions import RecordModifiedError

    first = Motion.objects.get(pk=world["motion_a"].pk)
    second = Motion.objects.get(pk=world["motion_a"].pk)
    first.internal_notes = "first"
    first.save()
    second.internal_notes = "second"
    with pytest.raises(RecordModifiedError), transaction.atomic():
        second.save()
    assert Motion.objects.get(pk=first.pk).internal_notes == "first"
