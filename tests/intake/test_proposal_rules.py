"""The letter analysis never proposes a move the workflow forbids or an item the user may not change:
such a proposal says why ('al afgedaan door ...'), is not ticked, and cannot be confirmed."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from letters import intake
from letters.models import LinkEffect
from letters.services import letter_create

pytestmark = pytest.mark.django_db

TEXT = (
    "Geachte voorzitter,\n\nHierbij informeer ik uw Kamer over de uitvoering van de motie van het lid "
    "Van Hijum (Kamerstuk 33 750 VI, nr. 63) en van de motie van de leden Azmani en Keijzer "
    "(Kamerstuk 29 344, nr. 902). Met deze brief beschouw ik beide moties als afgedaan.\n"
)


@pytest.fixture
def demo(db):
    from demo.data import load_demo

    load_demo(today=dt.date(2026, 12, 1), log=lambda *a: None)


def test_a_settled_motion_and_another_ministrys_motion_are_proposed_with_the_reason(demo):
    from core.models import Ministry

    jenv = get_user_model().objects.get(username="jenv")
    letter = letter_create(
        subject="Uitvoering moties", ministry=Ministry.objects.get(abbreviation="JenV"), text=TEXT, by=jenv
    )
    intake.letter_analyse(letter=letter, by=jenv)
    proposals = {str(p.item.ref): p for p in letter.link_proposals.select_related("motion")}
    settled, other = proposals["33 750 VI, nr. 63"], proposals["29 344, nr. 902"]
    assert settled.effect == LinkEffect.INFORMS and settled.note.startswith(
        "al afgedaan door Kamerbrief 29 344, nr. 120"
    )
    assert other.effect == LinkEffect.INFORMS and "ander ministerie" in other.note

    from letters.admin import IntakeReviewForm

    form = IntakeReviewForm(link_proposals=[settled, other], user=jenv)
    assert form.fields[f"link_{settled.pk}"].initial is False and form.fields[f"link_{other.pk}"].initial is False
    ticked = IntakeReviewForm(
        {
            f"link_{settled.pk}": "on",
            f"link_{settled.pk}_effect": LinkEffect.SETTLES,
            f"link_{other.pk}": "on",
            f"link_{other.pk}_effect": LinkEffect.INFORMS,
        },
        link_proposals=[settled, other],
        user=jenv,
    )
    assert not ticked.is_valid()
    assert "al afgedaan" in str(ticked.errors[f"link_{settled.pk}"])
    assert "ander ministerie" in str(ticked.errors[f"link_{other.pk}"])
    assert not letter.links.exists()
