"""Bad input that used to be a 500 (issue 14, finding 9) is a 4xx with a message: a NUL character in a
public URL, a feed, the admin's filters and autocomplete, or the API; a deadline of 31-12-9999 in the
iCalendar feed. (The sign-up form's bad input: tests/alerts/test_signup_abuse.py.)"""

import datetime as dt

import pytest
from icalendar import Calendar

from core.models import Person
from letters.models import Letter, LetterStatus
from letters.services import letter_advance, letter_send
from tests.factories import make_letter

pytestmark = pytest.mark.django_db

NUL_PUBLIC = [
    "/toezeggingen/%00/",
    "/toezeggingen/%00/feed/",
    "/moties/%00/",
    "/brieven/TZ%00/feed/",
    "/moties/?q=%00",
    "/moties/?status=%00",
    "/toezeggingen/?ministry=%00",
    "/termijnen.ics?q=a%00b",
    "/volgen/?kind=moties&dossier=%00",
    "/moties/?%00=1",
]
NUL_API = [
    "/api/v1/motions/?q=%00",
    "/api/v1/motions/?page=%00",
    "/api/v1/commitments/%00/",
    "/api/v1/letters/?period_after=%00",
]
NUL_ADMIN = [
    "/admin/motions/motion/?status=%00",
    "/admin/commitments/commitment/?status__exact=%00",
    "/admin/letters/letter/?q=%00",
    "/admin/motions/motion/?ministry__id__exact=%00",
    "/admin/autocomplete/?term=%00&app_label=motions&model_name=motion&field_name=replaces",
    "/admin/autocomplete/?term=a%00&app_label=letters&model_name=letterlink&field_name=motion",
]


@pytest.fixture
def demo(db):
    from demo.data import load_demo

    load_demo(log=lambda *a: None)


@pytest.fixture
def no_raise(client, admin_client):
    client.raise_request_exception = admin_client.raise_request_exception = False  # a 500 is an answer here
    return client


def test_nul_in_public_urls_is_a_400_with_a_message(demo, no_raise):
    for url in NUL_PUBLIC:
        response = no_raise.get(url)
        assert response.status_code == 400, url
        assert "NUL" in response.content.decode(), url


def test_nul_in_the_api_is_a_400_in_json(demo, no_raise):
    for url in NUL_API:
        response = no_raise.get(url)
        assert response.status_code == 400 and "NUL" in response.json()["detail"], url


def test_nul_in_admin_filters_and_autocomplete_is_a_400(demo, admin_client, no_raise):
    for url in NUL_ADMIN:
        response = admin_client.get(url)
        assert response.status_code == 400 and "NUL" in response.content.decode(), url
    assert admin_client.get("/admin/motions/motion/?status=aangenomen").status_code == 200  # and the rest works


def test_a_deadline_in_the_year_9999_does_not_break_the_calendar(demo, client):
    from commitments.models import Commitment

    item = Commitment.objects.filter(is_public=True).order_by("pk").first()
    Commitment.objects.filter(pk=item.pk).update(deadline_date=dt.date(9999, 12, 31))
    for url in ("/termijnen.ics", "/toezeggingen/termijnen.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        events = {e["uid"]: e for e in Calendar.from_ical(response.content).walk("VEVENT")}
        last = next(e for uid, e in events.items() if uid.startswith(f"commitment-{item.pk}-"))
        assert last.decoded("dtstart") == dt.date(9999, 12, 31) and "dtend" not in last
        others = [e for uid, e in events.items() if not uid.startswith(f"commitment-{item.pk}-")]
        assert others and all(e.decoded("dtend") == e.decoded("dtstart") + dt.timedelta(days=1) for e in others)


def test_the_sender_filter_lists_only_people_with_sent_letters(demo, client):
    """(Finding 11.) A draft letter must not tell the public who is writing to the House."""
    writer = Person.objects.create(initials="D.", surname="Schrijftnogaanconcept")
    draft = make_letter(ministry=Letter.objects.public().first().ministry, sender=writer)
    page = client.get("/brieven/").content.decode()
    assert "Schrijftnogaanconcept" not in page and "Teeven" in page
    unknown = client.get(f"/brieven/?member={writer.pk}")  # not a choice: a bad filter, shown as such
    assert unknown.status_code == 400 and "Schrijftnogaanconcept" not in unknown.content.decode()
    assert "Schrijftnogaanconcept" not in client.get(f"/api/v1/letters/?member={writer.pk}").content.decode()
    letter_advance(letter=draft, to=LetterStatus.APPROVED)
    letter_send(letter=Letter.objects.get(pk=draft.pk))
    assert "Schrijftnogaanconcept" in client.get("/brieven/").content.decode()
