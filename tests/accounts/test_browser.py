"""The second factor in real Chromium at phone width: log in, set it up from the admin's top bar by
typing the shown key into an 'app' (TOTP computed here), log out, and log in again with the code."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from tests.factories import MinistryFactory, make_staff
from tests.public.test_browser import SHOTS, page  # noqa: F401 - the Chromium page fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "pw-123-secret!"


def app_code(secret: str, steps_ahead=0) -> str:
    """What an authenticator app shows for the key the page lets you type over."""
    key = secret.replace(" ", "")
    totp = TOTP(b32decode(key + "=" * (-len(key) % 8)), step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def log_in(tab, code=None):
    tab.goto(tab.base + "/admin/login/?next=/admin/")
    tab.fill("#id_username", "bert")
    tab.fill("#id_password", PASSWORD)
    if code is not None:
        tab.fill("#id_otp_token", code)
    tab.click("input[type=submit]")


def test_staff_member_switches_on_the_second_factor_and_logs_in_with_it(page):  # noqa: F811
    from playwright.sync_api import expect

    make_staff("bert", MinistryFactory(abbreviation="BZK"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page)
    expect(page.locator("#user-tools")).to_contain_text("Tweestapsverificatie")
    page.click("#user-tools >> text=Tweestapsverificatie")
    expect(page.locator(".kt-qr svg")).to_be_visible()
    page.screenshot(path=str(SHOTS / "two-factor-390.png"), full_page=True)
    secret = page.locator("#content-main code").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", secret)
    page.fill("#id_code", app_code(secret))
    page.click("input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("Tweestapsverificatie staat aan")

    page.locator("#logout-form button").click()
    log_in(page)  # the password alone no longer does
    expect(page.locator(".errornote")).to_contain_text("Vul ook de code")
    log_in(page, app_code(secret, 1))
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#site-name")).to_contain_text("Kamertracker")
    page.wait_for_load_state("networkidle")  # no request of the live server left open at teardown
