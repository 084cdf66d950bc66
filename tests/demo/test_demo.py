"""load_demo loads the real story and is idempotent."""

import datetime as dt

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from commitments.models import Commitment, CommitmentStatus
from letters.models import Letter, LetterStatus
from motions.models import Motion, MotionStatus

pytestmark = pytest.mark.django_db


def _snapshot():
    rows = []
    for model in apps.get_models():
        if model._meta.app_label in {"core", "motions", "commitments", "letters", "auth"}:
            if model._meta.model_name in {"permission", "group"}:
                continue
            data = serializers.serialize("python", model.objects.order_by("pk"))
            for row in data:
                row["fields"].pop("last_login", None)
                row["fields"].pop("updated_at", None)
            rows.append((model._meta.label, data))
    return rows


def test_load_demo_is_idempotent():
    call_command("load_demo", verbosity=0)
    first = _snapshot()
    call_command("load_demo", verbosity=0)
    assert _snapshot() == first


def test_demo_tells_the_real_story():
    call_command("load_demo", verbosity=0)
    van_hijum = Motion.objects.get(ref="33 750 VI, nr. 63")
    assert van_hijum.status == MotionStatus.SETTLED
    assert van_hijum.submitted_on == dt.date(2013, 11, 21)
    assert van_hijum.events.latest().letter.ref.kst_id == "kst-29344-120"

    nr123 = Letter.objects.get(ref="29 344, nr. 123")
    assert nr123.status == LetterStatus.SENT and nr123.date == dt.date(2014, 12, 18)
    ao = Commitment.objects.get(debate__date=dt.date(2014, 7, 2))
    assert ao.status == CommitmentStatus.FULFILLED and ao.events.latest().letter == nr123

    ceder = Motion.objects.get(ref="36 871, nr. 67")
    assert ceder.status == MotionStatus.SETTLED and ceder.vote_date == dt.date(2026, 3, 31)
    assert [s.person.surname for s in ceder.submitters.all()] == ["Ceder", "Dijk"]
    emn = ceder.follow_up_commitments.get()
    assert emn.deadline_phrase == "in de loop van 2027" and emn.deadline_date == dt.date(2027, 12, 31)
    assert emn.status == CommitmentStatus.OPEN and emn.is_public

    assert Commitment.objects.overdue(dt.date(2026, 11, 23)).exists()
    assert Commitment.objects.filter(events__kind="deadline").exists()  # a postponed one
    assert Letter.objects.filter(status=LetterStatus.DRAFT).exists()


def test_demo_holds_the_senates_t01237_as_its_registry_records_it():
    from core.models import Chamber
    from tests.senate import record

    call_command("load_demo", verbosity=0)
    rec = record("T01237")
    t01237 = Commitment.objects.get(senate_number="T01237")
    assert t01237.chamber == Chamber.EERSTE_KAMER and t01237.status == CommitmentStatus.OPEN == rec["status"]
    assert (t01237.made_on, t01237.deadline_phrase) == (rec["made_on"], rec["deadline"])
    assert t01237.deadline_date == dt.date(2024, 1, 1)
    assert (t01237.committee, t01237.activity_type, t01237.category) == (
        rec["committee"],
        rec["activity_type"],
        rec["category"],
    )
    assert t01237.subjects == rec["subjects"]
    assert t01237.responsible_minister_list() == rec["current"]
    assert t01237.former_responsible_minister_list() == rec["former"]
    assert sorted(d.number for d in t01237.senate_dossiers.all()) == sorted(rec["dossiers"])
    assert [p.citation for p in t01237.passages.all()] == [c for c, _t in rec["passages"]]
    assert t01237.ministry.abbreviation == "BZK"
    # told in our own words: the registry's sentences are not copied into the product
    assert t01237.text != rec["text"] and all(p.text != t for p, (_c, t) in zip(t01237.passages.all(), rec["passages"]))
