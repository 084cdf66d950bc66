"""English translations of the Dutch UI: switched through Django's real set_language view, Dutch by
default, the admin's status choices in English, and every shipped catalogue complete and compiled."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
PROJECT_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
# Every catalogue in the project (project level plus apps with their own locale/), not the venv's.
CATALOGUES = sorted(
    p
    for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po")
    if not any(part in {".venv", "var", "node_modules"} for part in p.relative_to(ROOT).parts)
)
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdifr]|\{\w*\}")


@pytest.fixture
def demo(db):
    from demo.data import load_demo

    load_demo(log=lambda *a: None)  # today: the local date, as the pages see it


def _to_english(client, next_url="/"):
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def _h1(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()


def _nav(html: str) -> str:
    return re.search(r'<nav aria-label="[^"]*">(.*?)</nav>', html, re.S).group(1)


def _settled_motion():
    from motions.models import Motion, MotionStatus

    motion = Motion.objects.filter(status=MotionStatus.SETTLED).order_by("pk").first()
    assert motion is not None, "the demo data should hold a settled motion"
    return motion


def test_dutch_is_the_default(client, demo):
    home = client.get("/").content.decode()
    assert '<html lang="nl">' in home
    assert _h1(home) == "Wat is het kabinet de Kamer nog verschuldigd?"
    assert ">Moties<" in _nav(home) and ">Motions<" not in home
    listing = client.get("/moties/").content.decode()
    assert _h1(listing) == "Moties"
    assert ">afgedaan<" in listing or ">aangenomen<" in listing
    motion = _settled_motion()
    detail = client.get(reverse("public:detail", args=["moties", motion.ref.kst_id])).content.decode()
    assert ">afgedaan<" in detail and ">Indieners<" in detail


def test_english_through_set_language(client, demo):
    _to_english(client)
    home = client.get("/").content.decode()
    assert '<html lang="en">' in home
    assert _h1(home) == "What does the cabinet still owe the House?"
    assert ">Motions<" in _nav(home) and ">Commitments<" in _nav(home) and ">Letters<" in _nav(home)
    assert ">Moties<" not in home and ">Toezeggingen<" not in home and "verschuldigd" not in home
    assert ">Per ministerie<" not in home and ">By ministry<" in home
    # The language switch itself offers Dutch again, by its own name.
    assert ">Nederlands<" in home


def test_english_motion_list(client, demo):
    _to_english(client, "/moties/")
    listing = client.get("/moties/").content.decode()
    assert _h1(listing) == "Motions"
    assert re.search(r"<h2[^>]*>\d+ results?</h2>", listing)
    assert ">Filter<" in listing and ">Filteren<" not in listing
    assert ">settled<" in listing or ">adopted<" in listing
    assert ">afgedaan<" not in listing and ">aangenomen<" not in listing and ">te laat<" not in listing


def test_english_motion_detail(client, demo):
    motion = _settled_motion()
    url = reverse("public:detail", args=["moties", motion.ref.kst_id])
    _to_english(client, url)
    detail = client.get(url).content.decode()
    assert ">settled<" in detail and ">afgedaan<" not in detail
    for english, dutch in [
        ("Submitters", "Indieners"),
        ("Answered by", "Beantwoord door"),
        ("Timeline", "Tijdlijn"),
        ("Vote", "Stemming"),
    ]:
        assert f">{english}<" in detail and f">{dutch}<" not in detail
    assert '<nav class="crumbs" aria-label="Breadcrumb"><a href="/moties/">Motions</a></nav>' in detail


def test_language_choice_sticks_and_can_go_back(client, demo):
    _to_english(client)
    assert _h1(client.get("/moties/").content.decode()) == "Motions"
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert _h1(client.get("/moties/").content.decode()) == "Moties"


def test_admin_status_choices_in_english(client, demo):
    client.force_login(get_user_model().objects.create_superuser("root-i18n", "root@example.org", "pw"))
    changelist = reverse("admin:motions_motion_changelist")
    dutch = client.get(changelist).content.decode()
    assert ">aangenomen<" in dutch and "?status__exact=afgedaan" in dutch

    _to_english(client, changelist)
    page = client.get(changelist).content.decode()
    # The status filter lists every choice with its English label.
    for value, label in [
        ("ingediend", "submitted"),
        ("aangenomen", "adopted"),
        ("verworpen", "rejected"),
        ("aangehouden", "held"),
        ("ingetrokken", "withdrawn"),
        ("vervallen", "lapsed"),
        ("overgenomen", "taken over"),
        ("in_uitvoering", "in progress"),
        ("afgedaan", "settled"),
    ]:
        assert re.search(rf'href="\?status__exact={value}"[^>]*>{label}</a>', page), label
    for dutch_label in ["aangenomen", "verworpen", "in uitvoering", "afgedaan"]:
        assert f">{dutch_label}<" not in page
    assert re.search(r">\s*By status\s*<", page)  # Django's own English for the filter heading
    # The status column of a settled motion, and the change form's read-only status.
    settled = client.get(changelist, {"status__exact": "afgedaan"}).content.decode()
    assert '<td class="field-status">settled</td>' in settled
    form = client.get(reverse("admin:motions_motion_change", args=[_settled_motion().pk])).content.decode()
    assert re.search(r'<div class="readonly">settled</div>', form)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    assert len(po) > 0
    problems = []
    for entry in po:
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if not all(form.strip() for form in forms):
            problems.append(f"untranslated: {entry.msgid!r}")
        for form in forms:
            if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(form)):
                problems.append(f"placeholders differ: {entry.msgid!r} -> {form!r}")
    assert not problems, f"{po_path}: run makemessages, translate, compilemessages:\n" + "\n".join(problems)
    assert not po.obsolete_entries(), f"{po_path} has obsolete (#~) entries, which are not compiled"
    assert not po.metadata_is_fuzzy

    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run manage.py compilemessages"
    compiled = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(mo_path))}
    stale = [
        e.msgid
        for e in po
        if (e.msgctxt, e.msgid) not in compiled
        or (compiled[(e.msgctxt, e.msgid)].msgstr_plural if e.msgid_plural else compiled[(e.msgctxt, e.msgid)].msgstr)
        != (e.msgstr_plural if e.msgid_plural else e.msgstr)
    ]
    assert not stale, f"{mo_path} is out of date (run manage.py compilemessages): {stale[:5]}"


def test_project_catalogue_exists_and_is_checked():
    assert PROJECT_PO in CATALOGUES


def test_admin_change_forms_in_english_fieldsets_inlines_and_timeline_rows(client, demo):
    """The whole admin in English: fieldset titles, inline headings and every timeline row in words."""
    from commitments.models import Commitment
    from letters.models import Letter

    client.force_login(get_user_model().objects.create_superuser("root-en", "root-en@example.org", "pw"))
    _to_english(client, "/admin/")
    motion = _settled_motion()
    pages = {
        "motion": client.get(reverse("admin:motions_motion_change", args=[motion.pk])).content.decode(),
        "commitment": client.get(
            reverse("admin:commitments_commitment_change", args=[Commitment.objects.get(number="TZ202604-904").pk])
        ).content.decode(),
        "letter": client.get(
            reverse("admin:letters_letter_change", args=[Letter.objects.get(ref="kst-29344-123").pk])
        ).content.decode(),
    }
    expected = {
        "motion": [
            "Vote and appreciation",
            "Implementation",
            "Not public",
            "Answered by",
            "Timeline",
            "status: submitted → adopted",
            "status: in progress → settled",
            "exact latest date",
        ],
        "commitment": ["Origin", "Implementation", "Not public", "Answered by", "deadline: 1 oktober 2026 → Q1 2027"],
        "letter": ["Sender", "Content", "Not public", "Correct the sent letter", "status: approved → sent"],
    }
    dutch = [
        "Stemming en appreciatie",
        "Uitvoering",
        "Niet openbaar",
        "Herkomst",
        "Afzender",
        "beantwoord door",
        "Event object",
        "in_uitvoering",
        "ter_besluitvorming",
        "statuswijziging",
        "tijdlijn<",
        ">gebeurtenis",
        "termijn:",
        "bijgewerkt:",
        "uiterste datum",
        ">wat<",
        ">datum<",
    ]
    for name, page in pages.items():
        for text in expected[name]:
            assert text in page, (name, text)
        for text in dutch:
            assert text not in page, (name, text)
