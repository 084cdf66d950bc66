"""The admin in the staff member's time zone: the browser's zone (cookie set by the admin's script)
is active on admin pages, so Django's date and time widgets no longer warn "You are 1 hour behind
server time" for a browser whose clock agrees with the machine's (UTC here, Europe/Amsterdam in
TIME_ZONE); unknown zone names are ignored and public pages keep TIME_ZONE."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone

from tests.factories import MinistryFactory, make_staff
from tests.public.test_browser import page  # noqa: F401 - the Chromium page fixture

PASSWORD = "pw-123-secret!"


def _offset_seconds(zone_name):
    return int(dt.datetime.now(zoneinfo.ZoneInfo(zone_name)).utcoffset().total_seconds())


def _page_offset(client, url):
    return int(re.search(r'data-admin-utc-offset="(-?\d+)"', client.get(url).content.decode()).group(1))


@pytest.mark.django_db
def test_admin_pages_use_the_zone_the_browser_names(client):
    make_staff("tijd", MinistryFactory(abbreviation="TZM"))
    client.login(username="tijd", password=PASSWORD)
    default = _offset_seconds("Europe/Amsterdam")
    assert _page_offset(client, "/admin/") == default
    for zone in ("America/New_York", "Asia/Kolkata", "UTC"):
        client.cookies["kt_tz"] = zone
        assert _page_offset(client, "/admin/") == _offset_seconds(zone), zone
    for bogus in ("Mars/Olympus_Mons", "../../etc/passwd", "/usr/share/zoneinfo/UTC", "x" * 500, ""):
        client.cookies["kt_tz"] = bogus
        assert _page_offset(client, "/admin/") == default, bogus
    assert timezone.get_current_timezone_name() == "Europe/Amsterdam"  # nothing stays active afterwards


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Europe/Amsterdam"])
def test_no_time_zone_warning_when_browser_and_server_agree(page, zone):  # noqa: F811
    from playwright.sync_api import expect

    from motions.models import Motion

    motion = Motion.objects.filter(ministry__abbreviation="JenV").order_by("pk").first()
    context = page.context.browser.new_context(timezone_id=zone, locale="nl-NL")
    try:
        tab = context.new_page()
        tab.goto(page.base + "/admin/login/?next=/admin/")
        tab.fill("#id_username", "jenv")
        tab.fill("#id_password", "kamertracker-demo")
        tab.click("input[type=submit]")
        expect(tab).to_have_url(page.base + "/admin/")
        assert {c["name"]: c["value"] for c in context.cookies()}["kt_tz"] == zone
        tab.goto(f"{page.base}/admin/motions/motion/{motion.pk}/change/")
        expect(tab.locator(".datetimeshortcuts").first).to_be_attached()  # the date widgets are there
        assert tab.locator(".timezonewarning").count() == 0
        assert int(tab.evaluate("document.body.dataset.adminUtcOffset")) == tab.evaluate(
            "new Date().getTimezoneOffset() * -60"
        )
        tab.wait_for_load_state("networkidle")
    finally:
        context.close()
