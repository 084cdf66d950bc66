"""The staff journey in real Chromium (Debian's, driven by Playwright), as a JenV and as an AenM civil
servant on the demo data: log in; add a motion by its Kamerstuk number, using every picker of the
form; record its vote; open and save every item of the ministry unchanged; add a commitment and a
draft letter with every picker of those forms; change a deadline to 'Q2 2027' and try '31 februari
2027'; add a letter that settles the new motion, analyse it, confirm the proposal, send it through
the workflow buttons; and see the motion settled, with the letter's date, on its public page."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model

from tests.admin.support import timeline
from tests.browser import SHOTS, chromium_page
from tests.intake.helpers import run_jobs

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "kamertracker-demo"
# Per role: a new motion number, its own commitment with a deadline, and its own motion to follow up.
ROLES = {
    "jenv": {"nr": "990", "commitment": "TZ202603-903", "old_deadline": "eind 2026", "motion": "29 344, nr. 903"},
    "aenm": {"nr": "991", "commitment": "TZ202602-902", "old_deadline": None, "motion": "29 344, nr. 902"},
}


@pytest.fixture
def staff_page(live_server):
    with chromium_page(live_server, width=1280, height=900, timezone_id="Europe/Amsterdam") as page:
        yield page


def pick(page, field_id: str, term: str, choose: str | None = None):
    """Use a search-as-you-type picker like a person: open it, type, wait for the answers, pick one."""
    from playwright.sync_api import expect

    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(term)
    results = page.locator(".select2-container--open .select2-results__option")
    expect(results.first).not_to_have_class(re.compile("loading-results"))
    expect(page.locator(".select2-container--open .select2-results")).not_to_contain_text("konden niet worden geladen")
    option = results.filter(has_text=choose) if choose else results
    expect(option.first).to_be_visible()
    option.first.click()
    expect(page.locator(f"#{field_id} + .select2 .select2-selection__rendered")).not_to_have_text("")


def saved(page):
    from playwright.sync_api import expect

    expect(page.locator(".messagelist .success").first).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)


def transition(page, label: str, reason: str, vote_date: str | None = None):
    page.get_by_role("link", name=f"Naar: {label}").click()
    if vote_date:
        page.fill("#id_vote_date", vote_date)
    page.fill("#id_reason", reason)
    page.get_by_role("button", name="Status wijzigen").click()
    saved(page)


@pytest.mark.parametrize("username", sorted(ROLES))
def test_staff_journey(staff_page, username):
    from playwright.sync_api import expect

    from alerts import delivery as alerts_delivery
    from alerts import services as alerts
    from alerts.models import Frequency
    from commitments.models import Commitment
    from letters.models import Letter, LetterStatus
    from motions.models import Motion, MotionStatus
    from notifications.models import OutboxMessage

    page, role = staff_page, ROLES[username]
    SHOTS.mkdir(parents=True, exist_ok=True)
    user = get_user_model().objects.get(username=username)
    ministry = user.staff_profile.ministry

    page.goto(page.base + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("Welkom")

    # 1. Add a motion by its Kamerstuk number, with every picker of the motion form.
    ref = f"29 344, nr. {role['nr']}"
    page.goto(page.base + "/admin/motions/motion/add/")
    page.fill("#id_ref", ref)
    page.fill("#id_title", f"Motie van het lid Azmani over terugkeergesprekken ({username})")
    pick(page, "id_dossier", "29344", "Terugkeerbeleid")
    pick(page, "id_debate", "overleg")
    pick(page, "id_replaces", "29", role["motion"])
    page.get_by_role("button", name=re.compile("Nog een indiener toevoegen", re.I)).click()
    pick(page, "id_submitters-0-person", "Azmani")
    pick(page, "id_submitters-0-party", "VVD")
    page.get_by_role("button", name=re.compile("Nog een stem toevoegen", re.I)).click()
    pick(page, "id_votes-0-party", "CDA")
    page.select_option("#id_votes-0-choice", "voor")
    page.fill("#id_deadline_phrase", "voor de zomer van 2027")
    page.click("input[name=_continue]")
    saved(page)
    motion = Motion.objects.get(ref=Motion._meta.get_field("ref").to_python(ref))
    assert motion.ministry == ministry and motion.deadline_date == dt.date(2027, 6, 20)
    assert [(e.kind, e.by_id) for e in motion.events.all()] == [("created", user.pk)]
    page.screenshot(path=str(SHOTS / f"admin-motion-{username}.png"), full_page=True)

    # 2. Record its vote, with the day of the vote.
    transition(page, "Aangenomen", "Stemmingen van dinsdag", vote_date="24-11-2026")
    motion.refresh_from_db()
    assert motion.status == MotionStatus.ADOPTED and motion.events.latest().occurred_on == dt.date(2026, 11, 24)

    # 3. Open and save every item of the ministry unchanged: each redirects, no timeline changes.
    for model, path in ((Motion, "motions/motion"), (Commitment, "commitments/commitment"), (Letter, "letters/letter")):
        for item in model.objects.filter(ministry=ministry).order_by("pk"):
            before = timeline(item)
            page.goto(f"{page.base}/admin/{path}/{item.pk}/change/")
            page.click("input[name=_save]")
            expect(page).to_have_url(re.compile(rf"/admin/{path}/(\?.*)?$"))
            saved(page)
            assert timeline(item) == before, item

    # 4. A new commitment with every picker of its form.
    page.goto(page.base + "/admin/commitments/commitment/add/")
    page.fill("#id_text", f"De minister stuurt de Kamer een overzicht van de terugkeergesprekken ({username}).")
    pick(page, "id_made_by", "Teeven")
    pick(page, "id_debate", "overleg")
    pick(page, "id_source_letter", "terugkeer")
    pick(page, "id_motion", role["nr"])
    pick(page, "id_to_member", "Azmani")
    pick(page, "id_to_party", "VVD")
    page.fill("#id_deadline_phrase", "eind 2027")
    page.click("input[name=_save]")
    saved(page)
    made = Commitment.objects.get(text__contains=f"({username})")
    assert made.motion == motion and made.deadline_date == dt.date(2027, 12, 31)

    # 5. A draft letter with every picker of its form, the links inline included.
    page.goto(page.base + "/admin/letters/letter/add/")
    page.fill("#id_subject", f"Conceptbrief over de terugkeergesprekken ({username})")
    pick(page, "id_dossier", "29344", "Terugkeerbeleid")
    pick(page, "id_sender", "Teeven")
    pick(page, "id_links-0-motion", role["nr"])
    page.select_option("#id_links-0-effect", "informeert")
    page.get_by_role("button", name=re.compile("Nog een beantwoordt toevoegen", re.I)).click()
    pick(page, "id_links-1-commitment", "overzicht")
    page.select_option("#id_links-1-effect", "informeert")
    page.uncheck("#id_analyse")
    page.click("input[name=_save]")
    saved(page)
    draft = Letter.objects.get(subject__contains=f"({username})", status=LetterStatus.DRAFT)
    assert sorted((link.effect, bool(link.motion_id)) for link in draft.links.all()) == [
        ("informeert", False),
        ("informeert", True),
    ]

    # 6. A deadline to 'Q2 2027': one deadline event, the latest date, the public page, one alert.
    commitment = Commitment.objects.get(number=role["commitment"])
    sub = alerts.subscribe(
        email=f"volger-{username}@example.org",
        kind="toezeggingen",
        query=f"item={commitment.pk}",
        frequency=Frequency.DAILY,
    )
    sub = alerts.confirm(subscription=sub.subscription)
    events_before = commitment.events.count()
    page.goto(f"{page.base}/admin/commitments/commitment/{commitment.pk}/change/")
    page.fill("#id_deadline_phrase", "31 februari 2027")
    page.click("input[name=_continue]")
    expect(page.locator(".errorlist").first).to_contain_text("bestaat niet")
    page.fill("#id_deadline_phrase", "Q2 2027")
    page.fill("#id_deadline_reason", "Het onderzoek loopt uit.")
    page.click("input[name=_continue]")
    saved(page)
    expect(page.locator(".field-deadline_date .readonly")).to_contain_text("30 juni 2027")
    commitment.refresh_from_db()
    assert commitment.deadline_date == dt.date(2027, 6, 30) and commitment.events.count() == events_before + 1
    assert commitment.events.latest().kind == "deadline"
    page.goto(f"{page.base}/toezeggingen/{commitment.number}/")
    expect(page.locator(".facts")).to_contain_text("Q2 2027")
    expect(page.locator(".facts")).to_contain_text("30 juni 2027")
    expect(page.locator(".timeline")).to_contain_text("Q2 2027")
    now = commitment.events.latest().at + dt.timedelta(days=2)
    alerts_delivery.sweep(now=now)
    alerts_delivery.sweep(now=now + dt.timedelta(days=2))
    mails = OutboxMessage.objects.filter(kind="alert", to=sub.email)
    assert mails.count() == 1 and "Q2 2027" in mails.get().text

    # 7. A letter that settles the new motion: analyse, confirm the proposal, send, see it settled.
    page.goto(page.base + "/admin/letters/letter/add/")
    page.fill("#id_subject", f"Uitvoering motie Azmani over terugkeergesprekken ({username})")
    page.fill("#id_date", "27-11-2026")
    page.fill(
        "#id_text",
        (
            "Geachte voorzitter,\n\nHierbij informeer ik uw Kamer over de uitvoering van de motie van het lid Azmani "
            f"over terugkeergesprekken (Kamerstuk {ref}). Met deze brief beschouw ik de motie als afgedaan.\n"
        ),
    )
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .info").first).to_contain_text("Analyse loopt")
    letter = Letter.objects.get(subject__startswith="Uitvoering motie Azmani", subject__contains=f"({username})")
    run_jobs()  # what the Celery worker does with the queued analysis (tests/intake/test_worker.py: the real one)
    page.get_by_role("link", name="Analyse en voorstellen").first.click()
    proposal = page.get_by_label(re.compile(re.escape(f"Motie {ref}")))
    expect(proposal).to_be_checked()
    page.get_by_role("button", name=re.compile("Bevestig", re.I)).click()
    saved(page)
    assert [(link.motion, link.effect) for link in letter.links.all()] == [(motion, "afdoen")]
    transition(page, "Ter besluitvorming", "Naar de minister")
    transition(page, "Vastgesteld", "Getekend")
    transition(page, "Verzonden", "Verzonden aan de Kamer")
    motion.refresh_from_db()
    assert motion.status == MotionStatus.SETTLED
    assert motion.events.latest().occurred_on == dt.date(2026, 11, 27)

    page.goto(f"{page.base}/moties/{motion.ref.kst_id}/")
    expect(page.locator(".status").first).to_have_text("afgedaan")
    settled = page.locator(".timeline li").last
    expect(settled).to_contain_text("27 november 2026")
    expect(settled).to_contain_text("afgedaan")
    page.screenshot(path=str(SHOTS / f"public-motion-settled-{username}.png"), full_page=True)
