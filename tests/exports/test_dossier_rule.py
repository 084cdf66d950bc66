"""One rule for the dossier of a commitment (Commitment.dossiers): a commitment made in a debate and
answered by a sent letter of dossier 29 344 sits under 29 344 on the public list, in the API and in the
overview export alike."""

import datetime as dt

import pytest

from commitments.services import commitment_create
from core.models import Dossier
from exports.services import grouped, overview_rows
from letters.models import LetterStatus, LinkEffect
from tests.factories import MinistryFactory, make_letter

pytestmark = pytest.mark.django_db


def test_a_commitment_answered_in_another_dossier_sits_under_that_dossier_everywhere(client):
    ministry = MinistryFactory(abbreviation="JenV")
    dossier = Dossier.objects.create(number="29344", title="Terugkeerbeleid")
    Dossier.objects.create(number="19637", title="Vreemdelingenbeleid")
    commitment = commitment_create(
        text="De staatssecretaris stuurt een overzicht van de terugkeer.",
        ministry=ministry,
        made_on=dt.date(2014, 7, 2),
        deadline_phrase="eind 2030",
    )
    assert commitment.dossiers() == []
    make_letter(
        status=LetterStatus.SENT,
        ministry=ministry,
        dossier=dossier,
        date=dt.date(2014, 12, 18),
        links=[(commitment, LinkEffect.INFORMS, "")],
    )
    commitment.refresh_from_db()
    assert commitment.dossiers() == [dossier]

    listed = client.get("/toezeggingen/", {"dossier": "29344"}).content.decode()
    elsewhere = client.get("/toezeggingen/", {"dossier": "19637"}).content.decode()
    assert "een overzicht van de terugkeer" in listed and "een overzicht van de terugkeer" not in elsewhere
    api = client.get("/api/v1/commitments/", {"dossier": "29344"}).json()
    assert [item["id"] for item in api["results"]] == [commitment.pk]
    groups = dict(grouped(overview_rows(ministry=ministry, today=dt.date(2026, 12, 1))))
    assert [row.text for row in groups[str(dossier)]] == [commitment.text]
