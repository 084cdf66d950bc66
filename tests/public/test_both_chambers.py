"""Both chambers on the public side, on the demo (its Senate commitment T01237, from the Senate's
registry): the address /toezeggingen/T01237/, the chamber shown and filterable on lists, feeds, iCal
and the API, and a fixed number of queries however many Senate items there are."""

import feedparser
import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from commitments.models import Commitment
from tests.factories import MinistryFactory
from tests.pages import assert_shows
from tests.senate import record

pytestmark = pytest.mark.django_db


def test_the_senate_commitment_has_its_t_number_address_and_its_registry_record(demo, client):
    t01237 = Commitment.objects.get(senate_number="T01237")
    body = client.get("/toezeggingen/T01237/").content.decode()
    rec = record("T01237")
    assert_shows(
        body,
        "Toezegging T01237",
        "Eerste Kamer",
        rec["committee"],
        rec["activity_type"],
        rec["category"],
        "discriminatie, gelijke behandeling, richtlijnen",
        "22 112",
        "31 544",
        *rec["current"],
        *rec["former"],
        "Uit de stukken",
        *(citation for citation, _text in rec["passages"]),
        "7 april 2009",
        "1 januari 2024",
        "/toezeggingen/T01237/feed/",
    )
    # the existing addresses keep working: by id, and a TZ number
    assert client.get(f"/toezeggingen/{t01237.pk}/").status_code == 200
    assert client.get("/toezeggingen/TZ202601-901/").status_code == 200
    assert client.get("/toezeggingen/T99999/").status_code == 404
    assert client.get("/toezeggingen/T01237/feed/").status_code == 200
    # the list links to it by its T-number
    assert 'href="/toezeggingen/T01237/"' in client.get("/toezeggingen/").content.decode()


def test_the_chamber_filter_on_the_lists(demo, client):
    senate = client.get("/toezeggingen/?chamber=EK").content.decode()
    assert "T01237" in senate and "TZ202601-901" not in senate
    house = client.get("/toezeggingen/?chamber=TK").content.decode()
    assert "TZ202601-901" in house and "T01237" not in house
    both = client.get("/toezeggingen/").content.decode()
    assert "T01237" in both and "TZ202601-901" in both
    assert "T01237" in client.get("/toezeggingen/?dossier=31544").content.decode()
    found = client.get("/toezeggingen/?q=T01237").content.decode()  # search by T-number
    assert 'href="/toezeggingen/T01237/"' in found and "TZ202601-901" not in found
    assert "33 750 VI, nr. 63" not in client.get("/moties/?chamber=EK").content.decode()
    assert "33 750 VI, nr. 63" in client.get("/moties/?chamber=TK").content.decode()
    bad = client.get("/toezeggingen/?chamber=XX")
    assert bad.status_code == 400 and 'class="errors"' in bad.content.decode()


def test_feed_entry_and_ical_event_of_the_senate_commitment(demo, client):
    feed = feedparser.parse(client.get("/toezeggingen/feed/?chamber=EK").content)
    assert not feed.bozo and [e.link for e in feed.entries] == ["http://testserver/toezeggingen/T01237/"]
    assert "Kamer: Eerste Kamer" in feed.entries[0].summary
    house = feedparser.parse(client.get("/toezeggingen/feed/?chamber=TK").content).entries
    assert house and all("T01237" not in e.link for e in house)
    item_feed = feedparser.parse(client.get("/toezeggingen/T01237/feed/").content)
    assert not item_feed.bozo and item_feed.entries
    for url in ("/toezeggingen/termijnen.ics?chamber=EK", "/termijnen.ics?chamber=EK"):
        events = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
        assert [str(e["summary"]) for e in events] == ["Termijn: Toezegging T01237"], url
        assert str(events[0]["url"]).endswith("/toezeggingen/T01237/")
        assert events[0].decoded("dtstart").isoformat() == "2024-01-01"


def test_the_api_record_and_filter(demo):
    api = APIClient()
    listing = api.get("/api/v1/commitments/?chamber=EK").json()
    assert listing["count"] == 1
    [item] = listing["results"]
    assert (item["chamber"], item["chamber_display"], item["senate_number"]) == ("EK", "Eerste Kamer", "T01237")
    assert item["subjects"] == ["discriminatie", "gelijke behandeling", "richtlijnen"]
    assert item["committee"] == "commissie voor Binnenlandse Zaken (BIZA)"
    assert sorted(d["display_number"] for d in item["senate_dossiers"]) == ["22 112", "31 544"]
    assert [p["citation"] for p in item["passages"]] == [c for c, _t in record("T01237")["passages"]]
    assert api.get(f"/api/v1/commitments/{item['id']}/").json()["senate_number"] == "T01237"
    house = api.get("/api/v1/commitments/?chamber=TK").json()
    assert house["count"] >= 5 and all(i["chamber"] == "TK" and i["senate_number"] is None for i in house["results"])
    bad = api.get("/api/v1/commitments/?chamber=XX")
    assert bad.status_code == 400 and "chamber" in bad.json()
    assert api.get("/api/v1/motions/?chamber=EK").json()["count"] == 0


def _senate_items(n, tag):
    from tests.senate import make_senate_commitment

    ministry = MinistryFactory(abbreviation=f"EK{tag}")
    for i in range(n):
        make_senate_commitment(ministry, senate_number=f"T9{tag}{i:03d}")


LISTS = [
    "/toezeggingen/?chamber=EK",
    "/toezeggingen/feed/?chamber=EK",
    "/toezeggingen/termijnen.ics?chamber=EK",
    "/api/v1/commitments/?chamber=EK",
    "/api/v1/commitments/?chamber=EK&dossier=31544",
    "/moties/?chamber=EK",
]


def test_lists_of_senate_items_run_a_fixed_number_of_queries(db, client):
    _senate_items(2, "1")
    counts = {}
    for url in LISTS:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        counts[url] = len(ctx)
    _senate_items(20, "2")
    for url in LISTS:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        assert len(ctx) == counts[url], (url, counts[url], len(ctx))
    assert Commitment.objects.filter(chamber="EK").count() == 22


def test_a_senate_commitments_page_runs_the_same_queries_with_many_passages_and_dossiers(demo, client):
    from commitments.services import commitment_set_senate_record
    from core.models import Dossier

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/toezeggingen/T01237/").status_code == 200
        return len(ctx)

    before = count()
    t01237 = Commitment.objects.get(senate_number="T01237")
    dossiers = [Dossier.objects.create(number=f"3{i:04d}", title="d") for i in range(15)]
    commitment_set_senate_record(
        commitment=t01237,
        dossiers=dossiers,
        passages=[(f"Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. {i}", "tekst") for i in range(1, 16)],
    )
    assert count() == before


def test_the_senate_commitments_page_in_english(demo, client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/toezeggingen/T01237/").content.decode()
    assert_shows(
        body,
        "Senate",
        "T number",
        "Committee",
        "Activity type",
        "Subjects",
        "Parliamentary papers",
        "Responsible minister(s)",
        "Former responsible minister(s)",
        "From the papers",
    )
    listing = client.get("/toezeggingen/").content.decode()
    assert "both Houses" in listing and "House of Representatives" in listing
