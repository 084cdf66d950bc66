"""Accessibility measured: axe-core (npm, see package.json) in Debian's Chromium on every public page and
the follow-by-e-mail pages, in Dutch and English, at desktop and phone width: 0 violations of any impact
(WCAG 2.x A/AA and axe's best practices). At 320 px (WCAG reflow) nothing scrolls sideways."""

import pytest
from django.conf import settings

from tests import a11y
from tests.public.test_browser import page  # noqa: F401 - the Chromium page fixture

pytestmark = [pytest.mark.browser, pytest.mark.axe, pytest.mark.slow]


def public_paths():
    """Every kind of public page, with demo data: lists (plain, filtered, a bad filter, page 2), details
    of each kind, and the follow pages along a subscription's life."""
    from alerts import services as alerts
    from alerts import tokens as alerts_tokens
    from commitments.models import Commitment
    from letters.models import Letter, LetterStatus
    from motions.models import Motion

    motion = Motion.objects.filter(ref="kst-33750-VI-63").get()
    commitment = Commitment.objects.filter(is_public=True, number__isnull=False).order_by("pk").first()
    unnumbered = Commitment.objects.filter(is_public=True, number__isnull=True).order_by("pk").first()
    letter = Letter.objects.filter(status=LetterStatus.SENT).order_by("pk").first()
    sub = alerts.subscribe(email="lezer@example.org", kind="moties", query="dossier=33750-VI").subscription
    paths = [
        "/",
        "/moties/",
        "/toezeggingen/",
        "/brieven/",
        "/moties/?q=terugkeer&overdue=true&sort=-termijn",
        "/moties/?page=99",
        "/moties/?dossier=kst&status=onzin&overdue=misschien",  # errors on three fields
        "/toezeggingen/?period_after=2026-13-45",
        "/brieven/?member=999999",
        f"/moties/{motion.ref.kst_id}/",
        f"/toezeggingen/{commitment.number}/",
        "/toezeggingen/T01237/",
        "/toezeggingen/?chamber=EK",  # the Senate's commitment, the chamber filter
        f"/brieven/{letter.ref.kst_id if letter.ref else letter.pk}/",
        "/volgen/?kind=moties&dossier=33750-VI",
        "/volgen/?kind=moties&dossier=kst",
        f"/volgen/bevestigen/{alerts_tokens.make_token(sub, 'confirm')}/",
        f"/volgen/instellingen/{alerts_tokens.make_token(sub, 'manage')}/",
        f"/volgen/afmelden/{alerts_tokens.make_token(sub, 'unsubscribe')}/",
    ]
    if unnumbered:
        paths.append(f"/toezeggingen/{unnumbered.pk}/")
    return paths


def test_every_public_page_has_no_axe_violations_in_both_languages_and_widths(page):  # noqa: F811
    from playwright.sync_api import expect

    from alerts import tokens as alerts_tokens
    from alerts.models import Subscription

    paths = public_paths()
    found = {}
    for language in ("nl", "en"):
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base}])
        for width_name, (width, height) in a11y.WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            for path in paths:
                page.goto(page.base + path)
                assert page.locator("html").get_attribute("lang") == language
                a11y.scan(page, f"{path} [{language}, {width_name}]", found)
            # Subscribing (the page that says a mail is on its way) and unsubscribing (done).
            email = f"{language}-{width}@example.org"
            page.goto(page.base + "/volgen/?kind=moties&dossier=29344")
            page.get_by_label({"nl": "Je e-mailadres", "en": "Your e-mail address"}[language]).fill(email)
            page.locator("main button[type=submit]").click()
            expect(page.get_by_role("status")).to_contain_text(email)
            a11y.scan(page, f"subscribed [{language}, {width_name}]", found)
            token = alerts_tokens.make_token(Subscription.objects.get(email=email), "unsubscribe")
            page.goto(f"{page.base}/volgen/afmelden/{token}/")
            page.locator("main button[type=submit]").click()
            expect(page.get_by_role("status")).to_be_visible()
            a11y.scan(page, f"unsubscribed [{language}, {width_name}]", found)
    assert not found, a11y.summary(found)


def test_no_public_page_scrolls_sideways_at_320_px(page):  # noqa: F811
    paths = public_paths()
    too_wide = {}
    page.set_viewport_size({"width": 320, "height": 640})
    for language in ("nl", "en"):
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base}])
        for path in paths:
            page.goto(page.base + path)
            if overflow := a11y.horizontal_overflow(page):
                too_wide[f"{path} [{language}]"] = overflow
    assert not too_wide, "\n".join(f"{where}: {px} px too wide" for where, px in too_wide.items())
