"""A T-number in a letter (the Senate's registry key) proposes a link to that Senate commitment: the
real T01237 (read from the Senate's rappel page excerpt), cited the way ministries answer a rappel."""

from decimal import Decimal

import pytest

from letters import intake
from letters.models import LinkEffect
from tests.factories import MinistryFactory, make_letter
from tests.senate import make_senate_commitment

pytestmark = pytest.mark.django_db

LETTER = (
    "Aan de Voorzitter van de Eerste Kamer der Staten-Generaal\n\nDen Haag, 12 november 2021\n\n"
    "In antwoord op het rappel toezeggingen bericht ik u als volgt. Over toezegging T01237 (Kamerstukken I "
    "2008/09, 22 112 / 31 544, CK, p. 3): het richtlijnvoorstel is nog niet in de besluitvormende fase. "
    "Toezegging T09999 is mij niet bekend.\n"
)


def test_a_t_number_proposes_the_senate_commitment_it_names():
    bzk = MinistryFactory(abbreviation="BZK", name="Ministerie van Binnenlandse Zaken en Koninkrijksrelaties")
    t01237 = make_senate_commitment(bzk)
    make_senate_commitment(bzk, senate_number="T02615")  # named nowhere
    letter = make_letter(ministry=bzk, text=LETTER)
    summary = intake.letter_analyse(letter=letter)
    assert [(p.commitment, p.confidence, p.effect) for p in summary.link_proposals] == [
        (t01237, Decimal("1.00"), LinkEffect.INFORMS)
    ]
    assert "T01237" in summary.link_proposals[0].basis
    assert intake.match_senate_commitment({"number": "T09999"}) is None
    assert intake.match_senate_commitment({}) is None
