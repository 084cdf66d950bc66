"""The public lists' edges: a bad filter shows its errors and no list, a page past the end is the last
page (said so), filter URLs carry no empty parameters, and the home chart draws each bar as long as its
number says. The error messages and hints are tied to their fields for screen readers."""

import re
from html.parser import HTMLParser

import pytest

from tests.factories import MinistryFactory, make_commitment, make_motion

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """Every element's attributes, and the text inside each element with an id."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.text, self._open = [], {}, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag not in ("input", "br", "img", "meta", "link", "rect"):
            self._open.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if tag not in ("input", "br", "img", "meta", "link", "rect") and self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in self._open:
            if element_id:
                self.text[element_id] = self.text.get(element_id, "") + data

    def ids(self):
        return {attrs["id"] for _tag, attrs in self.tags if attrs.get("id")}


def test_a_bad_filter_shows_its_errors_and_no_list(demo, client):
    response = client.get("/moties/?dossier=kst&status=onzin&ministry=JenV")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Geen lijst getoond" in body and "Geen dossiernummer" in body
    assert "33 750 VI, nr. 63" not in body  # a JenV motion the valid part alone would list
    assert not re.search(r"\d+ resultaten", body) and "Volg deze lijst" not in body and "Atom-feed" not in body
    page = Elements(body)
    ids = page.ids()
    # The summary's links lead to the fields; the status group is its checkboxes' container.
    targets = re.findall(r'<a href="#([^"]+)">(?:Dossier|Status):', body)
    assert targets == ["id_dossier", "id_status"] and set(targets) <= ids
    # Every aria-describedby names an element on the page; the checkboxes point at their message.
    described = [(attrs["id"], attrs["aria-describedby"]) for _t, attrs in page.tags if "aria-describedby" in attrs]
    assert described and all(ref in ids for _id, refs in described for ref in refs.split())
    boxes = [refs for element_id, refs in described if element_id.startswith("id_status_")]
    assert len(boxes) == 9 and set(boxes) == {"id_status_error"}
    assert "onzin is geen beschikbare keuze" in page.text["id_status_error"]
    assert dict(described)["id_dossier"] == "id_dossier_helptext id_dossier_error"
    assert "29344 of 33750-VI" in page.text["id_dossier_helptext"]


def test_a_bad_period_links_to_its_fields(db, client):
    body = client.get("/toezeggingen/?period_after=2026-13-45").content.decode()
    page = Elements(body)
    assert '<a href="#id_period">' in body and "id_period" in page.ids()
    after = next(attrs for _tag, attrs in page.tags if attrs.get("id") == "id_period_0")
    assert after["aria-invalid"] == "true" and after["aria-describedby"] == "id_period_error"
    assert "id_period_error" in page.text


def test_hints_carry_the_ids_their_fields_point_to(demo, client):
    for kind in ("moties", "toezeggingen", "brieven"):
        page = Elements(client.get(f"/{kind}/").content.decode())
        dossier = next(attrs for tag, attrs in page.tags if attrs.get("id") == "id_dossier")
        assert dossier["aria-describedby"] == "id_dossier_helptext"
        assert "Bijvoorbeeld" in page.text["id_dossier_helptext"]


def test_feeds_of_a_bad_filter_are_refused(demo, client):
    for url in (
        "/moties/feed/?dossier=kst",
        "/moties/termijnen.ics?overdue=misschien",
        "/termijnen.ics?period_after=nope",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response["Content-Type"].startswith("text/plain")


def test_a_page_past_the_end_is_the_last_page_and_says_so(db, client):
    ministry = MinistryFactory(abbreviation="LP")
    for nr in range(30):
        make_motion(ministry=ministry, nr=7000 + nr)
    first = client.get("/moties/").content.decode()
    assert "Pagina 1 van 2" in first and 'role="status"' not in first
    last = client.get("/moties/?page=2").content.decode()
    response = client.get("/moties/?page=999999999")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pagina 999999999 bestaat niet; je ziet de laatste pagina." in body
    assert "Pagina 2 van 2" in body
    assert re.findall(r"36 000, nr\. \d+", body) == re.findall(r"36 000, nr\. \d+", last)
    assert len(re.findall(r"36 000, nr\. \d+", body)) == 5
    for bad in ("abc", "0", "-3"):
        body = client.get(f"/moties/?page={bad}").content.decode()
        assert "Geen geldig paginanummer; je ziet de eerste pagina." in body and "Pagina 1 van 2" in body


def test_filter_urls_lose_their_empty_parameters(db, client):
    # What the filter form sends when only the ministry is chosen.
    response = client.get("/moties/?q=&ministry=JenV&dossier=&member=&period_after=&period_before=&overdue=&sort=")
    assert response.status_code == 302 and response["Location"] == "/moties/?ministry=JenV"
    response = client.get("/toezeggingen/?status=openstaand&status=&q=")
    assert response.status_code == 302 and response["Location"] == "/toezeggingen/?status=openstaand"
    response = client.get("/brieven/?q=")  # the header's search box, empty
    assert response.status_code == 302 and response["Location"] == "/brieven/"
    MinistryFactory(abbreviation="JenV")
    assert client.get("/moties/?ministry=JenV&overdue=true").status_code == 200


def _bars(html):
    """Per ministry in the home chart: (scale, open bar width, overdue bar width, the numbers beside it)."""
    rows = re.findall(
        r'<span class="bar-label">([^<]+)</span>\s*<svg class="bar" viewBox="0 0 (\d+) 10".*?'
        r'width="(\d+)" class="open"/>\s*<rect[^>]*width="(\d+)" class="overdue"/>.*?'
        r'<span class="bar-value">(\d+) [^,]+, (\d+) ',
        html,
        re.S,
    )
    return {abbr: tuple(int(n) for n in numbers) for abbr, *numbers in rows}


def test_home_chart_bars_are_as_long_as_their_numbers(db, client):
    big, small, none = (MinistryFactory(abbreviation=a) for a in ("GRT", "KLN", "NUL"))
    for nr in range(4):  # 4 open motions, 1 of them overdue
        make_motion(status="aangenomen", ministry=big, nr=8000 + nr, deadline_phrase="eind 2020" if nr == 0 else "")
    for _ in range(2):  # and 2 open commitments, both overdue: 6 open, 3 overdue
        make_commitment(ministry=big, is_public=True, deadline_phrase="eind 2020")
    make_commitment(ministry=small, is_public=True)  # 1 open
    make_commitment(ministry=small, is_public=True, status="voldaan")  # settled: not drawn
    bars = _bars(client.get("/").content.decode())
    assert bars["GRT"] == (6, 6, 3, 6, 3)
    assert bars["KLN"] == (6, 1, 0, 1, 0)
    assert bars["NUL"] == (6, 0, 0, 0, 0)
    for scale, open_width, overdue_width, open_count, overdue_count in bars.values():
        # Drawn on one scale: a bar's share of the chart is its number over the largest number.
        assert (open_width, overdue_width) == (open_count, overdue_count) and max(open_width, overdue_width) <= scale
    assert max(max(b[1], b[2]) for b in bars.values()) == bars["GRT"][0]  # the longest bar fills the chart
