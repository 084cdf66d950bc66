"""Ministry staff's daily path in the admin, through Django's test client on the demo data: every item
opens and saves unchanged (and its timeline stays as it was), adds and changes go through the
services (creation and update events, the deadline parsed and recorded), a sent letter is read-only
but for our own handling, and every foreign key a form accepts is limited to what the user may use."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from commitments.models import Commitment
from core.models import Ministry, StatusEventBase
from letters.models import Letter, LetterLink
from motions.models import Motion, MotionStatus
from tests.admin.support import change_url, form_post_data, timeline

pytestmark = pytest.mark.django_db
K = StatusEventBase.Kind
MODELS = (Motion, Commitment, Letter)


@pytest.fixture
def demo(db):
    from demo.data import load_demo

    load_demo(today=dt.date(2026, 12, 1), log=lambda *a: None)


def user(name):
    return get_user_model().objects.get(username=name)


def save_unchanged(client, item):
    page = client.get(change_url(item))
    assert page.status_code == 200, (item, page.status_code)
    return client.post(change_url(item), form_post_data(page))


@pytest.mark.parametrize("username", ["admin", "jenv", "aenm"])
def test_every_item_a_user_may_edit_opens_and_saves_unchanged(client, demo, username):
    client.force_login(user(username))
    seen = 0
    for model in MODELS:
        for item in model.objects.all():
            if username != "admin" and item.ministry.abbreviation.lower() != username:
                continue
            before, version = timeline(item), type(item).objects.get(pk=item.pk).version
            response = save_unchanged(client, item)
            assert response.status_code == 302, (
                item,
                response.status_code,
                response.context and response.context["adminform"].form.errors,
            )
            assert timeline(item) == before, item  # nothing happened, so nothing is recorded
            assert type(item).objects.get(pk=item.pk).version == version
            seen += 1
    assert seen >= (20 if username == "admin" else 5)


def test_adding_a_motion_by_its_kamerstuk_number_records_its_creation(client, demo):
    jenv = user("jenv")
    client.force_login(jenv)
    add = client.get(reverse("admin:motions_motion_add"))
    assert add.status_code == 200
    data = {
        **form_post_data(add),
        "ref": "36 871, nr. 68",
        "title": "Motie van het lid Test over terugkeer",
        "submitted_on": "2026-03-24",
        "deadline_phrase": "voor de zomer van 2027",
        "submitters-TOTAL_FORMS": "0",
        "votes-TOTAL_FORMS": "0",
    }
    response = client.post(reverse("admin:motions_motion_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    motion = Motion.objects.get(ref="kst-36871-68")
    assert motion.ministry.abbreviation == "JenV"  # the user's own ministry, proposed by the form
    assert (motion.deadline_phrase, motion.deadline_date) == ("voor de zomer van 2027", dt.date(2027, 6, 20))
    created = motion.events.get()
    assert (created.kind, created.to_status, created.by, created.occurred_on) == (
        K.CREATED,
        MotionStatus.SUBMITTED,
        jenv,
        dt.date(2026, 3, 24),
    )


def test_recording_the_vote_with_its_date_puts_that_day_on_the_timeline(client, demo):
    motion = Motion.objects.get(ref="kst-29344-905")
    client.force_login(user("aenm"))
    url = reverse("admin:motions_motion_transition", args=[motion.pk, MotionStatus.ADOPTED])
    assert "datum stemming" in client.get(url).content.decode()
    response = client.post(url, {"reason": "Stemmingen", "vote_date": "2026-11-24"})
    assert response.status_code == 302
    motion.refresh_from_db()
    assert (motion.status, motion.vote_date) == (MotionStatus.ADOPTED, dt.date(2026, 11, 24))
    event = motion.events.latest()
    assert (event.kind, event.occurred_on, event.happened_on) == (
        K.STATUS,
        dt.date(2026, 11, 24),
        dt.date(2026, 11, 24),
    )
    page = client.get(reverse("public:detail", args=["moties", motion.ref.kst_id])).content.decode()
    assert '<time datetime="2026-11-24">24 november 2026</time>' in page


def _change(client, item, **changes):
    page = client.get(change_url(item))
    return client.post(change_url(item), {**form_post_data(page), **changes})


def test_a_deadline_change_is_parsed_recorded_shown_and_mailed_once(client, demo):
    from alerts import delivery as alerts_delivery
    from alerts import services as alerts
    from alerts.models import Frequency

    commitment = Commitment.objects.get(number="TZ202603-903")  # JenV, "eind 2026"
    sub = alerts.subscribe(
        email="volger@example.org", kind="toezeggingen", query=f"item={commitment.pk}", frequency=Frequency.DAILY
    )
    sub = alerts.confirm(subscription=sub.subscription)
    client.force_login(user("jenv"))
    before = commitment.events.count()
    response = _change(client, commitment, deadline_phrase="Q2 2027", deadline_reason="Het rapport is vertraagd.")
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.deadline_phrase, commitment.deadline_precision, commitment.deadline_date) == (
        "Q2 2027",
        "quarter",
        dt.date(2027, 6, 30),
    )
    assert commitment.events.count() == before + 1
    event = commitment.events.latest()
    assert (
        event.kind,
        event.old_deadline_phrase,
        event.new_deadline_phrase,
        event.new_deadline_date,
        event.reason,
        event.is_public,
    ) == (K.DEADLINE, "eind 2026", "Q2 2027", dt.date(2027, 6, 30), "Het rapport is vertraagd.", True)
    page = client.get(reverse("public:detail", args=["toezeggingen", commitment.number])).content.decode()
    assert "Q2 2027" in page and "30 juni 2027" in page and "31 december 2026</time>" not in page.split("Tijdlijn")[0]

    from notifications.models import OutboxMessage

    later = event.at + dt.timedelta(days=2)
    alerts_delivery.sweep(now=later)
    alerts_delivery.sweep(now=later + dt.timedelta(days=2))
    mails = OutboxMessage.objects.filter(kind="alert", to="volger@example.org")
    assert mails.count() == 1 and "Q2 2027" in mails.get().text


@pytest.mark.parametrize("phrase", ["31 februari 2027", "als de minister er tijd voor heeft"])
def test_a_deadline_it_cannot_read_is_a_form_error_that_names_the_forms_it_can(client, demo, phrase):
    commitment = Commitment.objects.get(number="TZ202603-903")
    client.force_login(user("jenv"))
    before = (timeline(commitment), commitment.deadline_phrase, commitment.deadline_date)
    response = _change(client, commitment, deadline_phrase=phrase)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["deadline_phrase"]
    assert errors and ("Q1 2027" in errors[0] or "bestaat niet" in errors[0]), errors
    commitment.refresh_from_db()
    assert (timeline(commitment), commitment.deadline_phrase, commitment.deadline_date) == before


def test_an_exact_date_overrides_the_phrase(client, demo):
    commitment = Commitment.objects.get(number="TZ202603-903")
    client.force_login(user("jenv"))
    assert (
        _change(
            client,
            commitment,
            deadline_phrase="voor de zomer van 2027",
            deadline_exact="2027-07-01",
            deadline_reason="Afgesproken in het debat",
        ).status_code
        == 302
    )
    commitment.refresh_from_db()
    assert (commitment.deadline_phrase, commitment.deadline_precision, commitment.deadline_date) == (
        "voor de zomer van 2027",
        "day",
        dt.date(2027, 7, 1),
    )


def test_a_change_records_which_fields_changed_public_and_internal_apart(client, demo):
    motion = Motion.objects.get(ref="kst-29344-901")  # AenM
    client.force_login(user("aenm"))
    response = _change(client, motion, title="[Voorbeeld] Motie over terugkeer, herzien", internal_notes="intern")
    assert response.status_code == 302
    public, internal = motion.events.order_by("-id")[:2][::-1]
    assert (public.kind, public.changed_fields, public.is_public, public.by) == (
        K.UPDATED,
        ["title"],
        True,
        user("aenm"),
    )
    assert (internal.kind, internal.changed_fields, internal.is_public) == (K.UPDATED, ["internal_notes"], False)
    assert public.summary() == "bijgewerkt: titel"
    page = client.get(reverse("public:detail", args=["moties", motion.ref.kst_id])).content.decode()
    assert "Bijgewerkt: titel" in page and "interne notities" not in page


def test_a_submitter_added_inline_is_recorded(client, demo):
    from core.models import Person

    motion = Motion.objects.get(ref="kst-29344-901")
    client.force_login(user("aenm"))
    page = client.get(change_url(motion))
    data = form_post_data(page)
    n = int(data["submitters-TOTAL_FORMS"])
    data.update(
        {
            "submitters-TOTAL_FORMS": str(n + 1),
            f"submitters-{n}-person": Person.objects.get(surname="Ceder").pk,
            f"submitters-{n}-position": "5",
        }
    )
    assert client.post(change_url(motion), data).status_code == 302
    event = motion.events.latest()
    assert (event.kind, event.changed_fields) == (K.UPDATED, ["submitters"])
    assert event.summary() == "bijgewerkt: indieners"


def test_a_sent_letter_is_read_only_but_for_our_own_handling(client, demo):
    letter = Letter.objects.get(ref="kst-29344-123")
    client.force_login(user("jenv"))
    page = client.get(change_url(letter))
    form = page.context["adminform"].form
    assert set(form.fields) >= {"internal_notes", "internal_reference", "decision_memo"}
    assert not {"subject", "text", "ref", "date", "dossier"} & set(form.fields)
    assert not any(
        inline.formset.forms
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is LetterLink and inline.has_add_permission
    )
    data = {**form_post_data(page), "internal_notes": "Nagekeken", "subject": "Vervalst onderwerp"}
    assert client.post(change_url(letter), data).status_code == 302
    letter.refresh_from_db()
    assert letter.internal_notes == "Nagekeken" and letter.subject != "Vervalst onderwerp"
    assert letter.events.latest().is_public is False  # a note is not news


def test_correcting_a_published_letter_needs_a_reason_and_is_on_its_timeline(client, demo):
    letter = Letter.objects.get(ref="kst-29344-123")
    client.force_login(user("jenv"))
    url = reverse("admin:letters_letter_correct", args=[letter.pk])
    assert url in client.get(change_url(letter)).content.decode()
    page = client.get(url)
    data = form_post_data_plain(page)
    refused = client.post(url, {**data, "subject": "Toezegging AO 2 juli 2014 (gecorrigeerd)", "reason": ""})
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    assert (
        client.post(
            url, {**data, "subject": "Toezegging AO 2 juli 2014 (gecorrigeerd)", "reason": "Spelfout in het onderwerp"}
        ).status_code
        == 302
    )
    letter.refresh_from_db()
    event = letter.events.latest()
    assert letter.subject.endswith("(gecorrigeerd)")
    assert (event.kind, event.changed_fields, event.reason, event.is_public) == (
        K.UPDATED,
        ["subject"],
        "Spelfout in het onderwerp",
        True,
    )


def form_post_data_plain(page) -> dict:
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, ""):
            data[name] = getattr(value, "pk", value)
    return data


# -- foreign keys a form accepts: only what the user may use ------------------------------------------


def test_a_forged_inline_id_of_another_ministry_is_a_form_error_and_changes_nothing(client, demo):
    aenm_motion = Motion.objects.get(ref="kst-29344-902")  # AenM, adopted
    aenm_commitment = Commitment.objects.get(number="TZ202602-902")
    letter = Letter.objects.create(subject="JenV-brief", ministry=Ministry.objects.get(abbreviation="JenV"))
    client.force_login(user("jenv"))
    page = client.get(change_url(letter))
    data = form_post_data(page)
    data.update(
        {
            "links-TOTAL_FORMS": "2",
            "links-0-motion": aenm_motion.pk,
            "links-0-effect": "afdoen",
            "links-0-confirmed": "on",
            "links-1-commitment": aenm_commitment.pk,
            "links-1-effect": "afdoen",
            "links-1-confirmed": "on",
        }
    )
    response = client.post(change_url(letter), data)
    assert response.status_code == 200
    errors = str([f.errors for f in response.context["inline_admin_formsets"][0].formset.forms])
    assert "Selecteer een geldige keuze" in errors
    assert not LetterLink.objects.filter(letter=letter).exists()


@pytest.mark.parametrize(
    "model,field,forged",
    [
        (Commitment, "source_letter", lambda: Letter.objects.get(internal_reference="7476377")),  # AenM
        (Commitment, "motion", lambda: Motion.objects.get(ref="kst-36871-67")),  # AenM
        (Motion, "replaces", lambda: Motion.objects.get(ref="kst-36871-67")),
        (Motion, "responsible", lambda: user("aenm")),
        (Commitment, "responsible", lambda: user("admin")),  # a superuser is nobody's civil servant
    ],
)
def test_a_forged_reference_in_the_form_is_refused(client, demo, model, field, forged):
    item = (
        Commitment.objects.get(number="TZ202603-903")
        if model is Commitment
        else Motion.objects.get(ref="kst-29344-903")
    )  # both JenV
    client.force_login(user("jenv"))
    before = getattr(type(item).objects.get(pk=item.pk), f"{field}_id")
    response = _change(client, item, **{field: forged().pk})
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert getattr(type(item).objects.get(pk=item.pk), f"{field}_id") == before


def test_the_services_refuse_another_ministrys_item_whatever_the_caller(demo):
    from django.core.exceptions import ValidationError

    from letters.services import LetterRefused, letter_create, letter_link

    jenv_letter = letter_create(subject="JenV", ministry=Ministry.objects.get(abbreviation="JenV"), by=user("jenv"))
    with pytest.raises(LetterRefused, match="ander ministerie"):
        letter_link(letter=jenv_letter, item=Motion.objects.get(ref="kst-29344-902"), effect="afdoen", by=user("jenv"))
    with pytest.raises(LetterRefused, match="AenM"):  # the import and the demo (no user) are refused too
        letter_link(letter=jenv_letter, item=Motion.objects.get(ref="kst-29344-902"), effect="afdoen")
    from commitments.services import commitment_update

    with pytest.raises(ValidationError) as error:
        commitment_update(
            commitment=Commitment.objects.get(number="TZ202603-903"),
            by=user("jenv"),
            data={"motion": Motion.objects.get(ref="kst-36871-67")},
        )
    assert "motion" in error.value.message_dict


def test_the_responsible_choices_are_own_ministry_staff_only(client, demo):
    item = Motion.objects.get(ref="kst-29344-903")
    client.force_login(user("jenv"))
    choices = client.get(change_url(item)).context["adminform"].form.fields["responsible"].queryset
    assert list(choices.values_list("username", flat=True)) == ["jenv"]


# -- search-as-you-type pickers work for every role that may edit the form -------------------------


# "app_label.model_name" -> {field_name: a term that finds something in the demo data}
AUTOCOMPLETE_TERMS = {
    "motions.motion": {"dossier": "29344", "debate": "overleg", "replaces": "29"},
    "motions.motionsubmitter": {"person": "Ceder", "party": "CU"},
    "motions.motionvote": {"party": "CDA"},
    "commitments.commitment": {
        "made_by": "Teeven",
        "debate": "overleg",
        "source_letter": "terugkeer",
        "motion": "29",
        "to_member": "Azmani",
        "to_party": "VVD",
    },
    "letters.letter": {"dossier": "29344", "sender": "Teeven"},
    "letters.letterlink": {"motion": "29", "commitment": "TZ"},
}
AUTOCOMPLETES = [
    (*model.split("."), field_name, term)
    for model, terms in AUTOCOMPLETE_TERMS.items()
    for field_name, term in terms.items()
]


@pytest.mark.parametrize("username", ["jenv", "aenm"])
@pytest.mark.parametrize("app_label,model_name,field_name,term", AUTOCOMPLETES)
def test_every_autocomplete_answers_staff(client, demo, username, app_label, model_name, field_name, term):
    client.force_login(user(username))
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200, response.status_code
    results = response.json()["results"]
    assert results, (field_name, term)
    ministry = username.lower()
    related = {"replaces": Motion, "motion": Motion, "source_letter": Letter, "commitment": Commitment}.get(field_name)
    if related is not None:  # another ministry's items are never offered
        found = related.objects.filter(pk__in=[r["id"] for r in results])
        assert {i.ministry.abbreviation.lower() for i in found} == {ministry}


def test_autocomplete_finds_a_commitment_without_number_by_its_words(client, demo):
    client.force_login(user("aenm"))
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "letters", "model_name": "letterlink", "field_name": "commitment", "term": "EMN"},
    )
    texts = [r["text"] for r in response.json()["results"]]
    assert texts == ["Toezegging: De Kamer wordt geïnformeerd over de uitkomsten van het…"]


def test_a_user_without_the_models_permissions_gets_no_reference_data(client, demo):
    nobody = get_user_model().objects.create_user("kijker", "k@example.org", "x", is_staff=True)
    nobody.user_permissions.set(Permission.objects.filter(codename="view_motion"))
    client.force_login(nobody)
    response = client.get(
        "/admin/autocomplete/", {"app_label": "motions", "model_name": "motion", "field_name": "dossier", "term": "29"}
    )
    assert response.status_code == 403
