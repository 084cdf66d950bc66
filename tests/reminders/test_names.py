"""A reminder names its item by the item's own name and reference, never another item's: the EMN
commitment of the demo (no TZ number, made in a letter as a follow-up of motion 36 871, nr. 67)."""

import datetime as dt

import pytest

from reminders import schedule, services

pytestmark = pytest.mark.django_db


def test_a_commitment_without_number_is_named_by_its_words_and_its_origin(db):
    from commitments.models import Commitment
    from demo.data import load_demo

    load_demo(today=dt.date(2026, 12, 1), log=lambda *a: None)
    emn = Commitment.objects.select_related("motion", "source_letter", "debate").get(text__contains="EMN")
    point = schedule.Point(on=emn.deadline_date - dt.timedelta(days=7), kind="before-7")
    for language in ("nl", "en"):
        mail = services.render_reminder(
            emn, point, today=emn.deadline_date - dt.timedelta(days=7), language=language, via_ministry=False
        )
        kind, motion = ("Toezegging", "Motie") if language == "nl" else ("Commitment", "Motion")
        assert f"{kind}: De Kamer wordt geïnformeerd" in mail["subject"]
        assert "Kamerstuk:" not in mail["text"]  # the commitment has no Kamerstuk of its own
        assert f"{motion} 36 871, nr. 67" in mail["text"]  # ...it follows up the motion, and says so
        assert ("Herkomst" if language == "nl" else "Origin") in mail["text"]
        assert "#" not in mail["subject"]
