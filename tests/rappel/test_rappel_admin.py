"""The rappel intake's admin pages with the Django test client, as ministry staff: paste -> review ->
confirm, uploads, refusals (never a 500), scoping to the own ministry, a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Commitment, CommitmentEvent
from core.models import Chamber, StatusEventBase
from senate.models import RappelIntake
from tests.factories import MinistryFactory, make_commitment, make_staff
from tests.parsing.test_rappel import PAGES, RAPPEL_BZK
from tests.senate import rappel_record

pytestmark = pytest.mark.django_db
ADD = "/admin/senate/rappelintake/add/"
LIST = "/admin/senate/rappelintake/"


def review_url(intake) -> str:
    return f"/admin/senate/rappelintake/{intake.pk}/change/"


@pytest.fixture
def bzk():
    return MinistryFactory(abbreviation="BZK", name="Ministerie van Binnenlandse Zaken en Koninkrijksrelaties")


@pytest.fixture
def staff(bzk, client):
    user = make_staff("bzk-staff", bzk)
    client.force_login(user)
    return user


def review_post(response) -> dict:
    """What the review form sends as shown: every ticked checkbox and every hidden key."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value:
            data[name] = value
    return data


def test_paste_review_confirm(client, staff, bzk):
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, {"text": PAGES[RAPPEL_BZK]})
    intake = RappelIntake.objects.get()
    assert response.status_code == 302 and response["Location"] == review_url(intake)
    assert (intake.ministry, intake.created_by) == (bzk, staff)

    page = client.get(review_url(intake))
    text = html.unescape(page.content.decode())
    assert "Nieuw: wordt aangemaakt" in text and "Overgeslagen" in text
    assert "commissie voor Binnenlandse Zaken (BIZA)" in text and "22 112, 31 544" not in text
    assert not Commitment.objects.exists()

    response = client.post(review_url(intake), review_post(page))
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.senate_number, commitment.chamber, commitment.ministry) == ("T01237", Chamber.EERSTE_KAMER, bzk)
    messages = [str(m) for m in client.get(review_url(intake)).context["messages"]]
    assert any("1 toezegging(en) aangemaakt" in m for m in messages)

    # The same rappel again: nothing to confirm, and confirming anyway changes nothing.
    client.post(ADD, {"text": PAGES[RAPPEL_BZK]})
    again = RappelIntake.objects.first()
    page = client.get(review_url(again))
    assert "Er is niets te bevestigen" in html.unescape(page.content.decode())
    assert review_post(page) == {}
    events = CommitmentEvent.objects.count()
    assert client.post(review_url(again), {}).status_code == 302
    assert CommitmentEvent.objects.count() == events


def test_a_changed_deadline_in_the_admin(client, staff, bzk):
    make_commitment(
        ministry=bzk,
        chamber=Chamber.EERSTE_KAMER,
        senate_number="T01237",
        deadline_phrase="1 januari 2024",
        responsible_ministers="Minister van Binnenlandse Zaken en Koninkrijksrelaties",
        former_responsible_ministers="Staatssecretaris van Buitenlandse Zaken",
    )
    client.post(ADD, {"text": PAGES[RAPPEL_BZK].replace("Deadline 1 januari 2024", "Deadline 1 juli 2026")})
    intake = RappelIntake.objects.get()
    page = client.get(review_url(intake))
    data = review_post(page)
    assert list(data) == ["accept_T01237", "key_T01237"]
    assert "01-01-2024" in page.content.decode() and "01-07-2026" in page.content.decode()
    client.post(review_url(intake), data)
    commitment = Commitment.objects.get()
    assert commitment.deadline_date == dt.date(2026, 7, 1)
    assert commitment.events.filter(kind=StatusEventBase.Kind.DEADLINE).count() == 1
    # Unticked: nothing happens.
    client.post(ADD, {"text": PAGES[RAPPEL_BZK].replace("Deadline 1 januari 2024", "Deadline 1 juli 2027")})
    other = RappelIntake.objects.first()
    data = review_post(client.get(review_url(other)))
    data.pop("accept_T01237")
    client.post(review_url(other), data)
    assert Commitment.objects.get().deadline_date == dt.date(2026, 7, 1)


def test_upload_of_the_saved_page(client, staff):
    body = "".join(f"<p>{html.escape(line)}</p>" for line in PAGES[RAPPEL_BZK].splitlines())
    upload = SimpleUploadedFile("rappel.html", f"<html><body>{body}</body></html>".encode(), content_type="text/html")
    response = client.post(ADD, {"upload": upload})
    assert response.status_code == 302
    assert RappelIntake.objects.get().source_name == "rappel.html"


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Plak de tekst van een rappelpagina"),
        ({"text": "Geen rappel hier."}, "Geen toezeggingen gevonden"),
        (
            {"upload": SimpleUploadedFile("r.pdf", b"%PDF-1.7 ...", content_type="application/pdf")},
            "Alleen een opgeslagen pagina",
        ),
        ({"upload": SimpleUploadedFile("r.txt", b"\x00\x01\x02", content_type="text/plain")}, "binaire gegevens"),
        ({"text": "x", "upload": SimpleUploadedFile("r.txt", b"x", content_type="text/plain")}, "niet allebei"),
    ],
)
def test_refused_input_is_a_message(client, staff, data, message):
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not RappelIntake.objects.exists()


def test_a_too_big_upload_is_refused(client, staff, settings):
    settings.KT_RAPPEL_UPLOAD_MAX_BYTES = 1000
    response = client.post(ADD, {"upload": SimpleUploadedFile("r.txt", b"x" * 1001, content_type="text/plain")})
    assert response.status_code == 200 and "het maximum is" in response.content.decode()


def test_other_ministries_staff_neither_read_in_nor_see_it(client, staff, bzk):
    client.post(ADD, {"text": PAGES[RAPPEL_BZK]})
    intake = RappelIntake.objects.get()
    jenv = make_staff("jenv-staff", MinistryFactory(abbreviation="JenV", name="Ministerie van Justitie en Veiligheid"))
    client.force_login(jenv)
    assert client.get(LIST).status_code == 200
    assert intake.rappel_name not in client.get(LIST).content.decode()
    assert client.get(review_url(intake)).status_code in (302, 404)
    assert client.post(review_url(intake), {}).status_code in (302, 404)
    response = client.post(ADD, {"text": PAGES[RAPPEL_BZK]})
    assert "u werkt voor een ander ministerie" in html.unescape(response.content.decode())
    assert RappelIntake.objects.count() == 1


def test_staff_without_commitment_rights_are_refused(client, bzk):
    user = get_user_model().objects.create_user("visitor", "v@example.org", "pw-123-secret!", is_staff=True)
    client.force_login(user)
    assert client.get(ADD).status_code == 403
    assert client.get(LIST).status_code == 403


def test_the_review_page_takes_a_fixed_number_of_queries(client, staff, bzk, django_assert_num_queries):
    records = []
    for n in range(20):
        number = f"T0{n + 4000}"
        make_commitment(ministry=bzk, chamber=Chamber.EERSTE_KAMER, senate_number=number, deadline_phrase="1 mei 2024")
        records.append(rappel_record(f"Iets {n} (32.213)", number))
    few = RappelIntake.objects.create(ministry=bzk, text=records[0])
    many = RappelIntake.objects.create(ministry=bzk, text="".join(records))
    client.get(review_url(few))
    with CaptureQueriesContext(connection) as first:
        assert client.get(review_url(few)).status_code == 200
    assert len(first) < 20
    with django_assert_num_queries(len(first)):
        assert client.get(review_url(many)).status_code == 200


def test_the_pages_in_english(client, staff, settings):
    from django.conf import settings as django_settings

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(ADD).content.decode()
    assert "Read in a Senate rappel" in page and "Text of the rappel page" in page
    client.post(ADD, {"text": PAGES[RAPPEL_BZK]})
    page = html.unescape(client.get(review_url(RappelIntake.objects.get())).content.decode())
    assert "New: will be created" in page and "Skipped" in page and "Confirm the ticked proposals" in page
    assert "the text stops in the middle of this commitment" in page
    assert "Nieuw: wordt aangemaakt" not in page
