"""Accessibility of the admin pages staff use, measured by axe-core (npm, see package.json) in Debian's
Chromium: the login (also with an error), the index, every change list on it, the change forms of a
motion, a commitment and a letter (saved ones with their inlines, an empty new one, one sent back with
errors), a letter's proposals and a status change, in Dutch and English at desktop and phone width:
0 violations of any impact."""

import pytest
from django.conf import settings

from tests import a11y
from tests.public.test_browser import page  # noqa: F401 - the Chromium page fixture

pytestmark = [pytest.mark.browser, pytest.mark.axe, pytest.mark.slow]
DEMO_PASSWORD = "kamertracker-demo"


def staff_paths(page):  # noqa: F811
    """What a JenV staff member opens: the index, each change list it links to, and items of JenV."""
    from commitments.models import Commitment
    from letters.models import Letter
    from motions.models import Motion

    motion = (
        Motion.objects.filter(ministry__abbreviation="JenV", submitters__isnull=False, letter_links__isnull=False)
        .order_by("pk")
        .first()
    )
    commitment = Commitment.objects.filter(ministry__abbreviation="JenV").order_by("pk").first()
    letter = Letter.objects.filter(ministry__abbreviation="JenV", links__isnull=False).order_by("pk").first()
    assert motion and commitment and letter
    page.goto(page.base + "/admin/")
    changelists = page.eval_on_selector_all(
        "#content-main a",
        "links => [...new Set(links.map(a => a.getAttribute('href')))]"
        ".filter(h => /^\\/admin\\/\\w+\\/\\w+\\/$/.test(h))",
    )
    assert "/admin/motions/motion/" in changelists and "/admin/letters/letter/" in changelists
    paths = [
        "/admin/",
        *changelists,
        "/admin/motions/motion/?status__exact=aangenomen&cabinet_verdict=",
        f"/admin/motions/motion/{motion.pk}/change/",
        f"/admin/commitments/commitment/{commitment.pk}/change/",
        f"/admin/letters/letter/{letter.pk}/change/",
        f"/admin/letters/letter/{letter.pk}/voorstellen/",
        "/admin/motions/motion/add/",
        "/admin/commitments/commitment/add/",
        "/admin/letters/letter/add/",
        "/admin/tweestapsverificatie/",
    ]
    movable = next(
        m
        for m in Motion.objects.filter(ministry__abbreviation="JenV").order_by("pk")
        if list(m.get_available_status_transitions())
    )
    target = list(movable.get_available_status_transitions())[0].target
    paths.append(f"/admin/motions/motion/{movable.pk}/overgang/{target}/")
    return paths


def test_admin_pages_staff_use_have_no_axe_violations(page):  # noqa: F811
    from playwright.sync_api import expect

    found = {}
    for language in ("nl", "en"):
        page.context.clear_cookies()
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base}])
        for width_name, (width, height) in a11y.WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            where = f"[{language}, {width_name}]"
            page.context.clear_cookies(name="sessionid")
            page.goto(page.base + "/admin/login/?next=/admin/")
            a11y.scan(page, f"login {where}", found)
            page.fill("#id_username", "niemand")  # a wrong login: the page with its error
            page.fill("#id_password", "fout")
            page.click("input[type=submit]")
            expect(page.locator(".errornote")).to_be_visible()
            a11y.scan(page, f"login with an error {where}", found)
            page.fill("#id_username", "jenv")
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("input[type=submit]")
            expect(page).to_have_url(page.base + "/admin/")
            for path in staff_paths(page):
                page.goto(page.base + path)
                assert page.locator("html").get_attribute("lang") == language
                a11y.scan(page, f"{path} {where}", found)
            page.goto(page.base + "/admin/motions/motion/add/")
            page.eval_on_selector("#motion_form", "form => { form.noValidate = true; }")
            page.click("input[name=_save]")  # an empty new motion: the form comes back with its errors
            expect(page.locator(".errornote")).to_be_visible()
            a11y.scan(page, f"motion add form with errors {where}", found)
    assert not found, a11y.summary(found)
