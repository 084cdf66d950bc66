"""The public pages: content, filters, search, bad input, and nothing non-public anywhere."""

import re
import xml.etree.ElementTree as ET

import feedparser
import icalendar
import pytest

from tests.pages import assert_shows, get_each

from .conftest import SECRETS

LISTS = ["moties", "toezeggingen", "brieven"]
RANDOM_TOKENS = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"')


def _pages(client):
    """Every page, feed and search result a visitor can reach on the demo data (following the links of
    the lists, so every detail page is included)."""
    urls = ["/", "/termijnen.ics", "/volgen/?kind=moties&dossier=29344"]
    for kind in LISTS:
        urls += [f"/{kind}/", f"/{kind}/feed/", f"/{kind}/?q=terugkeer", f"/{kind}/feed/?q=terugkeer"]
        if kind != "brieven":
            urls.append(f"/{kind}/termijnen.ics")
    details = set()
    for kind in LISTS:
        body = client.get(f"/{kind}/?page=1").content.decode()
        details |= set(re.findall(rf'href="(/{kind}/[^/"?]+/)"', body))
    assert len(details) >= 10
    for url in sorted(details):
        urls += [url, f"{url}feed/"]
    return urls


def test_nothing_non_public_appears_on_any_page_feed_or_search(demo, client):
    seen = 0
    for url, response in get_each(client, _pages(client)):
        # Random tokens (CSRF, CSP nonces) may spell anything, 'Jet' included: leave them out.
        body = RANDOM_TOKENS.sub("", response.content.decode())
        for name, secret in SECRETS.items():
            assert secret not in body, f"{name} leaked on {url}"
        assert "Jet" not in body and "Bakker" not in body, url  # demo staff (responsible civil servants)
        seen += 1
    assert seen > 40


def test_searching_for_non_public_text_finds_nothing(demo, client):
    for kind in LISTS:
        for secret in SECRETS.values():
            assert "0 resultaten" in client.get(f"/{kind}/?q={secret}").content.decode(), (kind, secret)
            assert not feedparser.parse(client.get(f"/{kind}/feed/?q={secret}").content).entries


def test_unpublished_items_are_not_found(demo, client):
    assert client.get(f"/brieven/{demo['draft'].pk}/").status_code == 404
    assert client.get(f"/brieven/{demo['approved'].pk}/").status_code == 404
    from commitments.models import Commitment

    hidden = Commitment.objects.get(is_public=False, text__startswith=SECRETS["unpublished"])
    assert client.get(f"/toezeggingen/{hidden.pk}/").status_code == 404


def test_motion_page_shows_what_staff_need(demo, client):
    body = client.get("/moties/kst-33750-VI-63/").content.decode()
    assert_shows(
        body,
        "33 750 VI, nr. 63",
        "Van Hijum",
        "CDA",
        "afgedaan",
        "29 344, nr. 120",
        "https://zoek.officielebekendmakingen.nl/kst-29344-120.html",
        "Tijdlijn",
        "in uitvoering",
    )
    # Any written form of the reference reaches the same page.
    assert client.get("/moties/33750-VI-63/").status_code == 200


def test_search_in_dutch_finds_inflected_words_and_references(demo, client):
    from django.db import connection

    body = client.get("/moties/?q=terugkeer").content.decode()
    assert "33 750 VI, nr. 63" in body
    if connection.vendor == "postgresql":  # the Dutch stemmer: 'terugkeerbeleid'/'terugkeren' share a stem
        assert "33 750 VI, nr. 63" in client.get("/moties/?q=effectiviteit").content.decode()
    assert "36 871, nr. 67" in client.get("/moties/?q=36 871, nr. 67").content.decode()


def test_filters_live_in_the_url(demo, client):
    for url, shown, hidden in [
        ("/toezeggingen/?overdue=true", "TZ202601-901", "TZ202603-903"),
        ("/moties/?status=afgedaan&ministry=JenV", "33 750 VI, nr. 63", "29 344, nr. 901"),
        ("/moties/?party=CU", "36 871, nr. 67", "33 750 VI, nr. 63"),
        ("/moties/?dossier=33750-VI", "33 750 VI, nr. 63", "36 871"),
        ("/brieven/?period_after=2014-01-01&period_before=2014-12-31&sort=datum", "29 344, nr. 123", "29 344, nr. 131"),
    ]:
        body = client.get(url).content.decode()
        assert shown in body and hidden not in body, url


@pytest.mark.parametrize(
    "url",
    [
        "/moties/?period_after=2024-13-45",
        "/moties/?period_before=gisteren",
        "/moties/?ministry=XX",
        "/moties/?status=bestaatniet",
        "/moties/?dossier=abc",
        "/moties/?overdue=misschien",
        "/moties/?party=%00",
        "/moties/?q=%21%21%21%3F%3F",
        "/moties/?q=" + "x" * 5000,
        "/moties/?page=999999999999999999999",
        "/moties/?page=-1",
        "/moties/?page=abc",
        "/moties/?sort=;drop",
        "/toezeggingen/?member=abc",
        "/brieven/?item=-5",
        "/moties/feed/?period_after=nope",
        "/moties/termijnen.ics?q=%3F%3F",
        "/volgen/?kind=onbekend",
        "/volgen/?kind=moties&item=999999",
    ],
)
def test_bad_input_gets_an_answer_not_a_500(demo, client, url):
    response = client.get(url)
    assert response.status_code in (200, 400), (url, response.status_code)
    if response.status_code == 200 and "/moties/?" in url and "feed" not in url and "ics" not in url:
        body = response.content.decode()
        if not any(word in url for word in ("page", "sort")):
            assert 'class="errors"' in body or 'class="error"' in body, url


@pytest.mark.parametrize(
    "url",
    [
        "/moties/kst-99999-1/",
        "/moties/onzin/",
        "/toezeggingen/999999/",
        "/toezeggingen/TZ-bestaat-niet/",
        "/brieven/kst-99999-1/",
        "/brieven/9" * 1 + "99999999999999999999/",
        "/moties/kst-99999-1/feed/",
        "/anders/",
        "/moties/" + "9" * 70 + "/",
    ],
)
def test_unknown_ids_are_404(demo, client, url):
    assert client.get(url).status_code == 404


def test_atom_feeds_parse_and_respect_filters(demo, client):
    for kind in LISTS:
        response = client.get(f"/{kind}/feed/")
        assert response["Content-Type"].startswith("application/atom+xml")
        ET.fromstring(response.content)  # well-formed XML
        feed = feedparser.parse(response.content)
        assert not feed.bozo and feed.version == "atom10" and feed.entries, kind
    overdue = feedparser.parse(client.get("/toezeggingen/feed/?overdue=true").content)
    assert [e.link for e in overdue.entries] and all(
        "TZ202601-901" in e.link or "toezeggingen" in e.link for e in overdue.entries
    )
    assert len(overdue.entries) < len(feedparser.parse(client.get("/toezeggingen/feed/").content).entries)
    item = feedparser.parse(client.get("/moties/kst-33750-VI-63/feed/").content)
    assert not item.bozo and any("afgedaan" in e.title for e in item.entries)


def test_icalendar_has_all_day_events_with_stable_uids(demo, client):
    first = icalendar.Calendar.from_ical(client.get("/termijnen.ics").content)
    second = icalendar.Calendar.from_ical(client.get("/termijnen.ics").content)
    events = first.walk("VEVENT")
    assert events
    import datetime as dt

    for event in events:
        start = event.decoded("dtstart")
        assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)
        assert event.decoded("dtend") == start + dt.timedelta(days=1)
    assert sorted(str(e["uid"]) for e in events) == sorted(str(e["uid"]) for e in second.walk("VEVENT"))
    filtered = icalendar.Calendar.from_ical(client.get("/toezeggingen/termijnen.ics?overdue=true").content)
    assert 0 < len(filtered.walk("VEVENT")) < len(events)


def test_language_switch(demo, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/moties/"})
    assert response.status_code == 302
    assert 'lang="en"' in client.get("/moties/").content.decode()
