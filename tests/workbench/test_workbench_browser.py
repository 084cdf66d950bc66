"""The staff workbench in real Chromium, as the demo's JenV and AenM civil servants: log in and land on
it; follow every section's count to its change list and find as many rows there; open an item from
a row; see a colleague's change once; and axe-core finds nothing on it at 1280 and 390 px, in Dutch
and in English, with nothing scrolling sideways."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests import a11y
from tests.browser import SHOTS, chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.axe, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "kamertracker-demo"
# Per demo user: a motion of their ministry that a letter of theirs names.
MOTION = {"jenv": "29 344, nr. 903", "aenm": "29 344, nr. 901"}


def letter_work(username):
    """What the demo data lacks for a full workbench: a letter waiting for a decision and an analysed
    letter whose proposal waits, both made through the services by the user."""
    from letters import intake
    from letters.models import LetterStatus
    from letters.services import letter_create, letter_transition

    user = get_user_model().objects.get(username=username)
    ministry = user.staff_profile.ministry
    waiting = letter_create(subject=f"Brief over terugkeergesprekken ({username})", ministry=ministry, by=user)
    letter_transition(letter=waiting, to=LetterStatus.FOR_DECISION, by=user, reason="Naar de minister")
    analysed = letter_create(
        subject=f"Uitvoering motie over terugkeerondersteuning ({username})",
        ministry=ministry,
        by=user,
        text=(
            "Geachte voorzitter,\n\nHierbij informeer ik uw Kamer over de uitvoering van de motie van de leden "
            f"Azmani en Keijzer (Kamerstuk {MOTION[username]}). Met deze brief beschouw ik de motie als afgedaan.\n"
        ),
    )
    assert intake.letter_analyse(letter=analysed, by=user).link_proposals
    return waiting, analysed


def log_in(page, username):
    from playwright.sync_api import expect

    page.goto(page.base + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(page.base + "/admin/")
    expect(page.locator("h1")).to_have_text("Werkbank")


def listed(page) -> int:
    """How many items the change list shows, by its rows, checked against its own count."""
    rows = page.locator("#result_list tbody tr").count()
    said = int(re.match(r"\s*(\d+)", page.locator("p.paginator").inner_text()).group(1))
    assert said == rows, (page.url, said, rows)
    return rows


@pytest.mark.parametrize("username", ["jenv", "aenm"])
def test_the_workbench_in_a_browser(live_server, username):
    from playwright.sync_api import expect

    from motions.models import Motion
    from motions.services import motion_update

    with chromium_page(live_server, width=1280, height=900, timezone_id="Europe/Amsterdam") as page:
        waiting, analysed = letter_work(username)
        user = get_user_model().objects.get(username=username)
        log_in(page, username)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"workbench-{username}.png"), full_page=True)

        # Every section's count opens its change list, which lists exactly that many.
        counts = page.eval_on_selector_all(".wb-count a", "links => links.map(a => [a.textContent, a.href])")
        assert len(counts) == 15
        sections = page.eval_on_selector_all(".wb-section h3", "hs => hs.map(h => h.textContent)")
        assert len(sections) == 8 and "Brieven ter besluitvorming" in sections
        nonzero, found = 0, {}
        for text, href in counts:
            count = int(re.match(r"\s*(\d+)", text).group(1))
            page.goto(href)
            assert listed(page) == count, (text, href)
            nonzero += count > 0
            a11y.scan(page, f"change list {href}", found)  # with the workbench's filter chosen in its sidebar
        assert nonzero >= 6  # due, overdue, the letters and the changes of the past week have items

        # The letters waiting, each one click from its admin page; the proposals from their review.
        page.goto(page.base + "/admin/werkbank/")
        decision = page.locator(".wb-scope").nth(1).locator(".wb-decision")
        expect(decision.locator(".wb-count a")).to_have_text("1 Kamerbrief")
        decision.get_by_role("link", name=waiting.name()).click()
        expect(page).to_have_url(re.compile(rf"/admin/letters/letter/{waiting.pk}/change/$"))
        page.go_back()
        page.locator(".wb-proposals").get_by_role("link", name=re.compile("voorstel bekijken")).click()
        expect(page).to_have_url(re.compile(rf"/admin/letters/letter/{analysed.pk}/voorstellen/$"))

        # A colleague's change shows once, under changes since the previous visit.
        page.goto(page.base + "/admin/")
        changed = page.locator(".wb-scope").nth(1).locator(".wb-changed")
        expect(changed.locator(".wb-count a").first).to_have_text("0 moties")
        motion = Motion.objects.get(ref=Motion._meta.get_field("ref").to_python(MOTION[username]))
        colleague = get_user_model().objects.get(username="admin")
        motion_update(motion=motion, data={"title": f"{motion.title} (herzien)"}, by=colleague)
        page.reload()
        expect(changed.locator(".wb-count a").first).to_have_text("1 motie")
        expect(changed).to_contain_text("bijgewerkt: titel")
        changed.get_by_role("link", name=motion.name()).click()
        expect(page).to_have_url(re.compile(rf"/admin/motions/motion/{motion.pk}/change/$"))
        page.goto(page.base + "/admin/")
        expect(changed.locator(".wb-count a").first).to_have_text("0 moties")

        # Accessibility, in Dutch and English, on a desktop and a phone.
        for language in ("nl", "en"):
            page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base}])
            for width_name, (width, height) in a11y.WIDTHS.items():
                page.set_viewport_size({"width": width, "height": height})
                page.goto(page.base + "/admin/")
                assert page.locator("html").get_attribute("lang") == language
                expect(page.locator("h1")).to_have_text("Werkbank" if language == "nl" else "Workbench")
                a11y.scan(page, f"workbench {username} [{language}, {width_name}]", found)
                assert a11y.horizontal_overflow(page) == 0, (language, width_name)
                page.screenshot(path=str(SHOTS / f"workbench-{username}-{language}-{width_name}.png"), full_page=True)
        assert not found, a11y.summary(found)
        assert user.workbench_visit.seen_at is not None
