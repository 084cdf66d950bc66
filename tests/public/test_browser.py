"""A staff member's walk through the public pages in real Chromium (Debian's, driven by Playwright):
search, filter, open a motion and the letter that settled it, follow a dossier by e-mail with double
opt-in, unsubscribe. Screenshots at phone width go to var/screenshots/."""
import os
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def page(live_server, transactional_db):
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections

    # The live server's threads must not keep their connection open past a request, or the test
    # database cannot be dropped at the end.
    db_settings = connections.settings["default"]
    max_age, db_settings["CONN_MAX_AGE"] = db_settings.get("CONN_MAX_AGE", 0), 0
    from playwright.sync_api import sync_playwright

    from core.demo import load_demo

    load_demo(log=lambda *a: None)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base = live_server.url
        yield page
        connections.close_all()  # ORM calls made while Playwright's loop runs have a connection of their own
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    db_settings["CONN_MAX_AGE"] = max_age


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
