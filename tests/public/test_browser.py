"""A staff member's walk through the public pages in real Chromium (Debian's, driven by Playwright):
search, filter, open a motion and the letter that settled it, follow a dossier by e-mail with double
opt-in, unsubscribe. Screenshots at phone width go to var/screenshots/."""

import re

import pytest

from tests.browser import SHOTS, chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def page(live_server, transactional_db):
    with chromium_page(live_server, width=390, height=844, device_scale_factor=1) as page:
        yield page


def test_staff_member_finds_follows_and_unfollows(page):
    from playwright.sync_api import expect

    from notifications.models import OutboxMessage

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(page.base + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("verschuldigd")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()  # the skip link comes first for keyboard users
    page.screenshot(path=str(SHOTS / "home-390.png"), full_page=True)

    # Search "terugkeer" from the header.
    page.get_by_label("Zoek in moties").fill("terugkeer")
    page.get_by_role("button", name="Zoeken").click()
    expect(page).to_have_url(re.compile(r"/moties/\?q=terugkeer"))
    expect(page.locator(".results")).to_contain_text("33 750 VI, nr. 63")

    # Filter on overdue: the filter state lands in the URL; the settled motion drops out.
    page.get_by_label("Te laat").select_option("true")
    page.get_by_role("button", name="Toon resultaten").click()
    expect(page).to_have_url(re.compile(r"overdue=true"))
    expect(page.locator(".results")).to_contain_text("29 344, nr. 901")
    expect(page.locator(".results")).not_to_contain_text("33 750 VI, nr. 63")

    # Open motion 33 750 VI, nr. 63 and see the letter that settled it.
    page.goto(page.base + "/moties/?q=terugkeer")
    page.get_by_role("link", name="Motie 33 750 VI, nr. 63").click()
    expect(page).to_have_url(re.compile(r"/moties/kst-33750-VI-63/$"))
    answered = page.locator("section", has=page.get_by_role("heading", name="Beantwoord door"))
    expect(answered).to_contain_text("29 344, nr. 120")
    expect(answered).to_contain_text("doet af")
    expect(page.locator(".status").first).to_have_text("afgedaan")
    page.screenshot(path=str(SHOTS / "motion-390.png"), full_page=True)

    # Follow the motion's dossier by e-mail.
    page.locator(".facts").get_by_role("link", name=re.compile("Vaststelling van de begrotingsstaten")).click()
    expect(page).to_have_url(re.compile(r"dossier=33750-VI"))
    page.get_by_role("link", name="Volg deze lijst per e-mail").click()
    expect(page.locator("main")).to_contain_text("Dossier: 33750-VI")
    page.get_by_label("Je e-mailadres").fill("medewerker@fractie.example")
    page.get_by_label("direct").check()
    page.get_by_role("button", name="Volgen").click()
    expect(page.get_by_role("status")).to_contain_text("medewerker@fractie.example")

    # Confirm with the link in the mail (read from the outbox), then unsubscribe.
    mail = OutboxMessage.objects.get(to="medewerker@fractie.example", kind="alert_confirm")
    link = re.search(r"https?://\S+/volgen/bevestigen/\S+/", mail.text).group(0)
    page.goto(page.base + "/" + link.split("://", 1)[1].split("/", 1)[1])
    expect(page.get_by_role("status").first).to_contain_text("Bevestigd")
    page.get_by_role("link", name="Afmelden").click()
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("status")).to_contain_text("afgemeld")
    from alerts.models import Subscription

    assert Subscription.objects.get(email="medewerker@fractie.example").state == "unsubscribed"


def test_a_visitor_filters_on_the_senate_and_opens_its_commitment(page):
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(page.base + "/toezeggingen/")
    page.get_by_label(re.compile(r"^Kamer:?$")).select_option("EK")
    page.get_by_role("button", name="Toon resultaten").click()
    expect(page).to_have_url(re.compile(r"chamber=EK"))
    results = page.locator(".results")
    expect(results).to_contain_text("Toezegging T01237")
    expect(results).to_contain_text("Eerste Kamer")
    expect(results).not_to_contain_text("TZ202601-901")
    page.get_by_role("link", name="Toezegging T01237").click()
    expect(page).to_have_url(re.compile(r"/toezeggingen/T01237/$"))
    facts = page.locator(".facts")
    for text in (
        "Eerste Kamer",
        "commissie voor Binnenlandse Zaken (BIZA)",
        "Minister van Binnenlandse Zaken en Koninkrijksrelaties",
    ):
        expect(facts).to_contain_text(text)
    expect(facts.get_by_role("link", name=re.compile("22 112"))).to_be_visible()
    passages = page.locator("section", has=page.get_by_role("heading", name="Uit de stukken"))
    expect(passages).to_contain_text("Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 3")
    page.screenshot(path=str(SHOTS / "senate-commitment-390.png"), full_page=True)
    # the dossier link lists the Senate commitment under that dossier
    facts.get_by_role("link", name=re.compile("31 544")).click()
    expect(page).to_have_url(re.compile(r"dossier=31544"))
    expect(page.locator(".results")).to_contain_text("Toezegging T01237")
