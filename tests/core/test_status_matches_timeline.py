"""Every item's current status is what the latest event of its timeline says, whichever way it was
made or changed: the admin (add, change, transition, bulk action), the API, the open-data import
(its bulk path included), the demo data and the letter intake."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from commitments.models import Commitment
from letters.models import Letter
from motions.models import Motion, MotionStatus
from tests.admin.support import form_post_data

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
MODELS = (Motion, Commitment, Letter)


def mismatches():
    bad = []
    for model in MODELS:
        for item in model.objects.prefetch_related("events"):
            events = sorted(item.events.all(), key=lambda e: (e.at, e.id))
            if not events:
                bad.append(f"{item}: no events")
            elif events[-1].to_status != item.status:
                bad.append(f"{item}: status {item.status}, latest event says {events[-1].to_status}")
            elif events[0].kind not in ("created", "imported"):
                bad.append(f"{item}: first event is {events[0].kind}")
    return bad


def test_every_path_leaves_status_and_timeline_agreeing(client, monkeypatch):
    from demo.data import load_demo
    from tests.api.conftest import token_client
    from tests.tkimport.support import CORPUS
    from tkimport import upsert
    from tkimport.services import run_import

    # The demo data.
    load_demo(today=dt.date(2026, 12, 1), log=lambda *a: None)
    assert mismatches() == []

    # The admin: an add, an unchanged and a changed save, a transition, a bulk action.
    jenv = get_user_model().objects.get(username="jenv")
    client.force_login(jenv)
    add = client.get(reverse("admin:motions_motion_add"))
    assert (
        client.post(
            reverse("admin:motions_motion_add"),
            {
                **form_post_data(add),
                "ref": "29 344, nr. 980",
                "title": "Motie via de admin",
                "submitters-TOTAL_FORMS": "0",
                "votes-TOTAL_FORMS": "0",
            },
        ).status_code
        == 302
    )
    made = Motion.objects.get(ref="kst-29344-980")
    page = client.get(reverse("admin:motions_motion_change", args=[made.pk]))
    assert (
        client.post(
            reverse("admin:motions_motion_change", args=[made.pk]),
            {**form_post_data(page), "title": "Motie via de admin, gewijzigd"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("admin:motions_motion_transition", args=[made.pk, MotionStatus.ADOPTED]), {"reason": "stemming"}
        ).status_code
        == 302
    )
    held = Motion.objects.get(ref="kst-29344-903")
    assert (
        client.post(
            reverse("admin:motions_motion_changelist"),
            {
                "action": "bulk_transition",
                "_selected_action": [f"{held.pk},{held.version}"],
                "target_status": MotionStatus.WITHDRAWN,
                "reason": "ingetrokken",
            },
        ).status_code
        == 302
    )
    assert Motion.objects.get(pk=held.pk).status == MotionStatus.WITHDRAWN
    assert mismatches() == []

    # The API.
    response = token_client(jenv).post(
        f"/api/v1/motions/{made.pk}/transition/",
        {"to": MotionStatus.IN_PROGRESS, "reason": "via de API"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert mismatches() == []

    # The import, its bulk path too (every chunk of new motions goes through it).
    monkeypatch.setattr(upsert.common, "BULK_MIN", 1)
    run_import(from_dir=CORPUS)
    assert Motion.objects.filter(tk_id__isnull=False).count() > 3
    assert mismatches() == []
