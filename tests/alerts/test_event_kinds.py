"""What an alert says follows what happened: a new item is mailed once as new, a change of its fields
as an update naming them, a change of internal fields never; a promise made in a letter is new to
the public when the letter goes out."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts import delivery as alerts_delivery
from alerts import services
from alerts.models import Frequency
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from demo.data import load_demo

    load_demo(today=dt.date(2026, 12, 1), log=lambda *a: None)


def _alerts(email):
    return list(OutboxMessage.objects.filter(kind="alert", to=email).order_by("id").values_list("subject", "text"))


def test_new_item_once_an_update_as_update_and_internal_changes_never(
    demo, django_capture_on_commit_callbacks, eager_tasks
):
    from core.models import Ministry
    from motions.models import Motion
    from motions.services import motion_create, motion_update

    sub = services.confirm(
        subscription=services.subscribe(
            email="volger@example.org", kind="moties", query="ministry=AenM", frequency=Frequency.IMMEDIATE
        ).subscription
    )
    aenm = Ministry.objects.get(abbreviation="AenM")
    with django_capture_on_commit_callbacks(execute=True):
        motion = motion_create(ref="29 344, nr. 950", title="Motie over terugkeerloketten", ministry=aenm)
    with django_capture_on_commit_callbacks(execute=True):
        motion_update(motion=motion, data={"title": "Motie over terugkeerloketten in elke regio"})
    with django_capture_on_commit_callbacks(execute=True):
        motion_update(motion=motion, data={"internal_notes": "Nog afstemmen met JenV"})
    alerts_delivery.sweep(now=timezone.now() + dt.timedelta(minutes=30))  # the sweep finds nothing new to send
    mails = _alerts(sub.email)
    assert len(mails) == 2, mails
    (new_subject, _new_text), (update_subject, update_text) = mails
    assert "Nieuw: ingediend" in new_subject and "Motie 29 344, nr. 950" in new_subject
    assert "Bijgewerkt: titel" in update_subject and "in elke regio" in update_text
    assert all("Nog afstemmen" not in subject + text and "interne" not in subject for subject, text in mails)
    assert Motion.objects.get(pk=motion.pk).events.filter(is_public=False).count() == 1


def test_a_promise_in_a_letter_is_new_when_the_letter_is_sent(demo, django_capture_on_commit_callbacks, eager_tasks):
    from commitments.models import Commitment
    from commitments.services import commitment_create
    from core.models import Ministry
    from letters.models import LetterStatus
    from letters.services import letter_advance, letter_create

    sub = services.confirm(
        subscription=services.subscribe(
            email="volger@example.org", kind="toezeggingen", query="ministry=AenM", frequency=Frequency.IMMEDIATE
        ).subscription
    )
    aenm = Ministry.objects.get(abbreviation="AenM")
    letter = letter_create(subject="Brief met een belofte", ministry=aenm, date=dt.date(2026, 11, 20))
    with django_capture_on_commit_callbacks(execute=True):
        promise = commitment_create(
            text="De minister stuurt de Kamer voor de zomer een plan.",
            ministry=aenm,
            source_letter=letter,
            is_public=False,
            deadline_phrase="voor de zomer van 2027",
        )
    assert _alerts(sub.email) == []  # not public while the letter is a draft
    with django_capture_on_commit_callbacks(execute=True):
        letter_advance(letter=letter, to=LetterStatus.SENT)
    mails = _alerts(sub.email)
    assert len(mails) == 1 and "Nieuw: openstaand" in mails[0][0]
    published = Commitment.objects.get(pk=promise.pk).events.latest()
    assert (published.kind, published.occurred_on, published.is_public, published.letter_id) == (
        "published",
        dt.date(2026, 11, 20),
        True,
        letter.pk,
    )
