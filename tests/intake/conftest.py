"""Fixtures for the intake tests: uploads into a temporary MEDIA_ROOT, and the demo-like motion
36 871, nr. 67 (Ceder / Van Dijk), adopted."""

import datetime as dt

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ministry():
    from tests.factories import MinistryFactory

    return MinistryFactory(abbreviation="AenM", name="Ministerie van Asiel en Migratie")


@pytest.fixture
def motion_67(ministry):
    """Motion Ceder (CU) / Van Dijk (SGP), 36 871, nr. 67, adopted on 31 March 2026."""
    from core.models import Party, Person
    from motions.models import MotionStatus
    from motions.services import motion_create, motion_record_vote

    cu = Party.objects.create(abbreviation="CU", name="ChristenUnie")
    sgp = Party.objects.create(abbreviation="SGP", name="Staatkundig Gereformeerde Partij")
    ceder = Person.objects.create(initials="D.G.", surname="Ceder", party=cu)
    van_dijk = Person.objects.create(initials="D.", first_name="Diederik", prefix="van", surname="Dijk", party=sgp)
    motion = motion_create(
        ref="36 871, nr. 67",
        title="Motie van de leden Ceder en Diederik van Dijk over onderzoek naar vrijwillige terugkeer",
        ministry=ministry,
        submitters=[(ceder, cu), (van_dijk, sgp)],
        submitted_on=dt.date(2026, 3, 26),
    )
    motion_record_vote(motion=motion, outcome=MotionStatus.ADOPTED, vote_date=dt.date(2026, 3, 31))
    motion.refresh_from_db()
    return motion
