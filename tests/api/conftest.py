"""A small world for the API tests: two ministries with staff tokens, and items of every kind whose
non-public fields hold marker strings, so a leak shows up as the marker in a response."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commitments.services import commitment_transition
from core.models import Dossier
from letters.models import LetterStatus, LinkEffect
from letters.services import letter_send
from motions.models import MotionStatus
from motions.services import motion_transition
from tests.factories import MinistryFactory, PersonFactory, make_commitment, make_letter, make_motion, make_staff

MARKER = "GEHEIM-MARKER"
NON_PUBLIC_KEYS = {"internal_notes", "responsible", "decision_memo", "internal_reference", "by"}


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def world(db):
    a, b = MinistryFactory(abbreviation="JenV", name="Justitie en Veiligheid"), MinistryFactory(abbreviation="AenM")
    staff_a = make_staff(f"staff_a_{MARKER}", a, first_name=MARKER, last_name=MARKER)
    staff_b = make_staff(f"staff_b_{MARKER}", b)
    dossier = Dossier.objects.create(number="29344", title="Terugkeerbeleid")
    person = PersonFactory(surname="Teeven")
    secret = {"internal_notes": f"{MARKER} notitie", "responsible": staff_a}
    motion_a = make_motion(
        ministry=a,
        status=MotionStatus.ADOPTED,
        dossier=dossier,
        submitters=[(person, person.party)],
        deadline_phrase="voor 1 juli 2030",
        **secret,
    )
    motion_transition(motion=motion_a, to=MotionStatus.IN_PROGRESS, by=staff_a, reason="Gestart")
    motion_b = make_motion(ministry=b, status=MotionStatus.ADOPTED, internal_notes=f"{MARKER} b", responsible=staff_b)
    commitment_a = make_commitment(ministry=a, made_by=person, **secret)
    commitment_b = make_commitment(ministry=b, internal_notes=f"{MARKER} b")
    settled = make_commitment(ministry=a, internal_notes=MARKER)
    letter_secret = {
        "decision_memo": f"{MARKER} memo",
        "internal_reference": f"{MARKER}-ref",
        "internal_notes": f"{MARKER} brief",
    }
    sent = make_letter(
        ministry=a,
        status=LetterStatus.APPROVED,
        dossier=dossier,
        ref="29 344, nr. 901",
        links=[(settled, LinkEffect.SETTLES, "")],
        **letter_secret,
    )
    letter_send(letter=sent, by=staff_a, reason="Verzonden")
    draft_a = make_letter(ministry=a, **letter_secret)
    commitment_transition(commitment=commitment_a, to="deels_voldaan", by=staff_a, reason="Deels")
    return {
        "a": a,
        "b": b,
        "staff_a": staff_a,
        "staff_b": staff_b,
        "dossier": dossier,
        "person": person,
        "motion_a": motion_a,
        "motion_b": motion_b,
        "commitment_a": commitment_a,
        "commitment_b": commitment_b,
        "settled": settled,
        "sent": sent,
        "draft_a": draft_a,
    }


@pytest.fixture
def client_a(world):
    return token_client(world["staff_a"])


@pytest.fixture
def anon():
    return APIClient()
