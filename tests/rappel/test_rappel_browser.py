"""The rappel intake in real Chromium, as a BZK civil servant on the demo data (which holds the Senate's
T01237): find the page from the admin index, paste the real rappel page with a moved deadline, review
(one proposal: the deadline; the cut record skipped), confirm, and see one deadline event; paste it
again and find nothing to confirm. Every page passes axe-core (Dutch, desktop and phone width)."""

import datetime as dt
import re

import pytest

from tests import a11y
from tests.browser import SHOTS, chromium_page
from tests.parsing.test_rappel import PAGES, RAPPEL_BZK

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-123-secret!"


@pytest.fixture
def staff_page(live_server):
    with chromium_page(live_server, width=1280, height=900, timezone_id="Europe/Amsterdam") as page:
        yield page


def check_axe(page, where: str, found: dict) -> None:
    if not a11y.axe_available():
        return
    for width_name, (width, height) in a11y.WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        a11y.scan(page, f"{where} [{width_name}]", found)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_paste_review_confirm_in_the_browser(staff_page):
    from playwright.sync_api import expect

    from commitments.models import Commitment
    from core.models import Ministry, StatusEventBase
    from tests.factories import make_staff

    page, found = staff_page, {}
    SHOTS.mkdir(parents=True, exist_ok=True)
    user = make_staff("bzk-rappel", Ministry.objects.get(abbreviation="BZK"))
    commitment = Commitment.objects.get(senate_number="T01237")
    assert commitment.deadline_date == dt.date(2024, 1, 1)
    before = commitment.events.count()

    page.goto(page.base + "/admin/login/?next=/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()
    page.get_by_role("link", name="Rappels van de Eerste Kamer").first.click()
    # the scan waits for the change list itself, not the page the click leaves
    expect(page).to_have_url(re.compile(r"/admin/senate/rappelintake/$"))
    expect(page.locator("#content h1")).to_be_visible()
    check_axe(page, "changelist", found)
    page.goto(page.base + "/admin/senate/rappelintake/add/")
    check_axe(page, "paste", found)

    moved = PAGES[RAPPEL_BZK].replace("Deadline 1 januari 2024", "Deadline 1 juli 2026")
    page.get_by_label("Tekst van de rappelpagina").fill(moved)
    page.get_by_role("button", name="Rappel lezen").click()
    expect(page.locator("h1")).to_contain_text("voorstellen")
    row = page.locator("#rappel-T01237")
    expect(row).to_contain_text("Bekend: voorgestelde wijzigingen")
    expect(row.locator("del")).to_have_text("01-01-2024")
    expect(row.locator("ins")).to_have_text("01-07-2026")
    expect(page.locator("#rappel-T02615")).to_contain_text("Overgeslagen")
    expect(page.locator("input[type=checkbox]")).to_have_count(1)
    check_axe(page, "review", found)
    page.screenshot(path=str(SHOTS / "admin-rappel-review.png"), full_page=True)
    commitment.refresh_from_db()
    assert commitment.deadline_date == dt.date(2024, 1, 1), "nothing changes before a person confirms"

    expect(page.get_by_label("T01237 bijwerken")).to_be_checked()
    page.get_by_role("button", name="Aangevinkte voorstellen bevestigen").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 deadline(s)")
    commitment.refresh_from_db()
    assert commitment.deadline_date == dt.date(2026, 7, 1)
    assert commitment.events.count() == before + 1
    assert commitment.events.latest("id").kind == StatusEventBase.Kind.DEADLINE
    expect(page.locator("#rappel-T01237")).to_contain_text("Bekend: niets te wijzigen")

    # The same rappel once more: nothing to confirm.
    page.goto(page.base + "/admin/senate/rappelintake/add/")
    page.get_by_label("Tekst van de rappelpagina").fill(moved)
    page.get_by_role("button", name="Rappel lezen").click()
    expect(page.locator("#rappel-review")).to_contain_text("Er is niets te bevestigen")
    expect(page.locator("input[type=checkbox]")).to_have_count(0)
    assert commitment.events.count() == before + 1
    assert not found, a11y.summary(found)
