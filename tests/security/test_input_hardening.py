"""Input hardening: a script tag planted in every text field of motions, commitments, letters, people,
parties and dossiers (made through the services, like an import or staff would) never reaches a public
page or feed unescaped."""

import pytest
from django.db import models
from django.urls import reverse

from commitments.models import Commitment
from commitments.services import commitment_create
from core.models import Dossier, Ministry, Party, Person
from letters.models import Letter, LetterStatus, LinkEffect
from letters.services import letter_create, letter_transition
from motions.models import Motion, MotionStatus
from motions.services import motion_create
from public.kinds import item_url
from tests.pages import get_each

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"
# Fields that hold codes checked by the model (a kamerstuk ref, a status) cannot take free text; a
# deadline phrase with a tag in it is refused by the deadline parser (a ValidationError), so it gets a real one.
NOT_FREE_TEXT = {"ref", "status", "deadline_precision"}


def planted(model, **given) -> dict:
    """XSS in every free text field of ``model`` that is long enough, except those given."""
    values = {}
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, (models.CharField, models.TextField))
            and not isinstance(field, models.EmailField)
            and not field.choices
            and field.name not in NOT_FREE_TEXT
            and field.name not in given
            and (field.max_length or 1000) >= len(XSS) + 4
        ):
            values[field.name] = f"{XSS} {field.name[:3]}"
    return {**values, **given}


@pytest.fixture
def hostile_world():
    ministry = Ministry.objects.create(
        **planted(Ministry, abbreviation="XSS", parliamentary_affairs_email="pz@x.example")
    )
    party = Party.objects.create(**planted(Party))
    person = Person.objects.create(**planted(Person, party=party))
    dossier = Dossier.objects.create(**planted(Dossier, number="36666"))
    motion = motion_create(
        ref="36666, nr. 1",
        ministry=ministry,
        status=MotionStatus.ADOPTED,
        dossier=dossier,
        submitters=[(person, party)],
        **planted(Motion, deadline_phrase="voor 1 juli 2030"),
    )
    commitment = commitment_create(
        ministry=ministry,
        made_by=person,
        motion=motion,
        **planted(Commitment, deadline_phrase="voor 1 september 2030", number="TZ203001-1"),
    )  # markup in a number is refused outright
    letter = letter_create(
        ministry=ministry,
        dossier=dossier,
        **planted(Letter, ref="36666-3"),
        links=[(motion, LinkEffect.INFORMS, ""), (commitment, LinkEffect.INFORMS, "")],
    )
    for step in (LetterStatus.FOR_DECISION, LetterStatus.APPROVED, LetterStatus.SENT):
        letter_transition(letter=letter, to=step)
        letter.refresh_from_db()
    for obj, count in [(motion, 5), (commitment, 3), (letter, 6), (person, 3), (party, 2), (dossier, 1)]:
        stored = [getattr(obj, f.name) for f in obj._meta.concrete_fields if isinstance(getattr(obj, f.name), str)]
        assert sum(XSS in value for value in stored) >= count, (type(obj).__name__, stored)
    return {"motion": motion, "commitment": commitment, "letter": letter, "dossier": dossier, "person": person}


def public_urls(world) -> list[str]:
    urls = [reverse("public:home"), reverse("public:calendar")]
    for kind in ("moties", "toezeggingen", "brieven"):
        urls += [
            reverse("public:list", args=[kind]),
            reverse("public:list_feed", args=[kind]),
            reverse("public:list", args=[kind]) + "?q=alert",
            reverse("public:list", args=[kind]) + f"?q={XSS}",
        ]
    for kind in ("moties", "toezeggingen"):
        urls.append(reverse("public:list_calendar", args=[kind]))
    urls.append(reverse("public:list", args=["moties"]) + f"?dossier={world['dossier'].number}")
    urls.append(reverse("public:list", args=["moties"]) + f"?member={world['person'].pk}")
    for key in ("motion", "commitment", "letter"):
        urls += [item_url(world[key]), item_url(world[key]) + "feed/"]
    urls += [reverse("alerts:subscribe") + f"?kind=moties&q={XSS}"]
    return urls


def test_no_public_page_or_feed_shows_the_planted_tag_unescaped(client, hostile_world):
    shown = 0
    for url, response in get_each(client, public_urls(hostile_world)):
        body = response.content.decode()
        if url.endswith(".ics"):
            # iCalendar is plain text for calendar apps (escaping would corrupt it); it is never HTML.
            assert response["Content-Type"].startswith("text/calendar"), url
            continue
        assert response["Content-Type"].startswith(("text/html", "application/atom+xml")), url
        assert XSS not in body, f"{url} shows the raw script tag"
        assert "<script>alert" not in body.lower(), url
        shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in body or "alert(1)" in body
    assert shown >= 10  # the planted text is on the pages, escaped; the check was not vacuous
