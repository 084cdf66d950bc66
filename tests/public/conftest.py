"""Demo data plus seeded non-public data whose markers must never appear on a public page."""

import pytest
from django.contrib.auth import get_user_model

SECRETS = {
    "motion_note": "GEHEIMNOTITIE7781",
    "staff_name": "Geheimnaamambtenaar",
    "memo": "BESLISNOTAGEHEIM5521",
    "internal_ref": "INTREF99123",
    "draft_subject": "CONCEPTONDERWERP3311",
    "draft_text": "CONCEPTTEKST3312",
    "unpublished": "ONGEPUBLICEERD4410",
    "commitment_note": "TZNOTITIE6617",
    "letter_note": "BRIEFNOTITIE2290",
    "approved_subject": "VASTGESTELDNIETVERZONDEN8833",
}


@pytest.fixture
def demo(db):
    from commitments.services import commitment_create
    from core.models import Ministry
    from demo.data import load_demo
    from letters.models import Letter, LetterStatus
    from letters.services import letter_create, letter_transition
    from motions.models import Motion

    load_demo(log=lambda *a: None)  # today: the local date, as the pages see it
    from core.models import StaffProfile

    staff = get_user_model().objects.create_user(
        "geheim", "g@example.org", "x", first_name=SECRETS["staff_name"], last_name=SECRETS["staff_name"], is_staff=True
    )
    jenv = Ministry.objects.get(abbreviation="JenV")
    StaffProfile.objects.create(user=staff, ministry=jenv)
    motion = Motion.objects.get(ref="kst-33750-VI-63")
    Motion.objects.filter(pk=motion.pk).update(internal_notes=f"{SECRETS['motion_note']} terugkeer", responsible=staff)
    sent = Letter.objects.get(ref="kst-29344-120")
    Letter.objects.filter(pk=sent.pk).update(
        decision_memo=f"{SECRETS['memo']} terugkeer",
        internal_reference=SECRETS["internal_ref"],
        internal_notes=f"{SECRETS['letter_note']} terugkeer",
    )
    draft = letter_create(
        subject=f"{SECRETS['draft_subject']} terugkeer",
        text=f"{SECRETS['draft_text']} terugkeer",
        ministry=jenv,
        links=[(motion, "informeert", "")],
    )
    approved = letter_create(subject=f"{SECRETS['approved_subject']} terugkeer", ministry=jenv)
    for status in (LetterStatus.FOR_DECISION, LetterStatus.APPROVED):
        letter_transition(letter=approved, to=status, reason=f"{SECRETS['letter_note']}")
    commitment_create(
        text=f"{SECRETS['unpublished']} terugkeer",
        ministry=jenv,
        is_public=False,
        source_letter=draft,
        motion=motion,
        deadline_phrase="eind 2020",
        internal_notes=SECRETS["commitment_note"],
        responsible=staff,
    )
    from commitments.models import Commitment

    Commitment.objects.filter(number="TZ202601-901").update(
        internal_notes=SECRETS["commitment_note"], responsible=staff
    )
    return {"motion": motion, "draft": draft, "approved": approved}
