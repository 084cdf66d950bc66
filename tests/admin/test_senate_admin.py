"""A Senate commitment in the admin: ministry staff (the demo's jenv and aenm) open an existing one
(the demo's T01237, moved to their ministry) and save it unchanged, nothing recorded; its Kerngegevens,
dossiers and passages are edited there and recorded; the chamber is a list filter."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from commitments.models import Commitment
from core.models import Dossier, Ministry
from tests.admin.support import change_url, form_post_data, timeline
from tests.pages import assert_shows

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from demo.data import load_demo

    load_demo(today=dt.date(2026, 12, 1), log=lambda *a: None)
    return Commitment.objects.get(senate_number="T01237")


def _login(client, username, t01237):
    Commitment.objects.filter(pk=t01237.pk).update(ministry=Ministry.objects.get(abbreviation__iexact=username))
    client.force_login(get_user_model().objects.get(username=username))


@pytest.mark.parametrize("username", ["jenv", "aenm"])
def test_staff_open_a_senate_commitment_and_save_it_unchanged(client, demo, username):
    _login(client, username, demo)
    before, version = timeline(demo), Commitment.objects.get(pk=demo.pk).version
    page = client.get(change_url(demo))
    assert page.status_code == 200
    body = page.content.decode()
    assert_shows(
        body,
        "T01237",
        "Eerste Kamer",
        "commissie voor Binnenlandse Zaken (BIZA)",
        "Uit de stukken",
        "Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 3",
    )
    response = client.post(change_url(demo), form_post_data(page))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert timeline(demo) == before and Commitment.objects.get(pk=demo.pk).version == version
    saved = Commitment.objects.get(pk=demo.pk)
    assert saved.passages.count() == 2 and saved.senate_dossiers.count() == 2 and saved.subjects == demo.subjects


def test_staff_of_another_ministry_cannot_open_it(client, demo):
    client.force_login(get_user_model().objects.get(username="jenv"))  # T01237 is BZK's
    assert client.get(change_url(demo)).status_code in (302, 403, 404)


def test_editing_the_senate_record_in_the_admin_is_recorded(client, demo):
    _login(client, "jenv", demo)
    page = client.get(change_url(demo))
    data = form_post_data(page)
    extra = Dossier.objects.create(number="34349", title="Wet")
    data["senate_dossiers"] = [*data["senate_dossiers"], str(extra.pk)]
    data["committee"] = "commissie voor Justitie en Veiligheid (J&V)"
    prefix = next(
        f.formset.prefix
        for f in page.context["inline_admin_formsets"]
        if f.formset.model.__name__ == "CommitmentPassage"
    )
    data[f"{prefix}-0-text"] = "Een andere passage."
    response = client.post(change_url(demo), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    demo.refresh_from_db()
    assert demo.committee.startswith("commissie voor Justitie") and demo.senate_dossiers.count() == 3
    assert demo.passages.first().text == "Een andere passage."
    changed = [fields for kind, _f, _t, fields in timeline(demo) if kind == "updated"]
    assert ["committee"] in changed and ["passages"] in changed and ["senate_dossiers"] in changed


def test_a_bad_t_number_in_the_admin_is_a_form_error(client, demo):
    _login(client, "jenv", demo)
    data = form_post_data(client.get(change_url(demo)))
    data["senate_number"] = "T1237"
    response = client.post(change_url(demo), data)
    assert response.status_code == 200 and "senate_number" in response.context["adminform"].form.errors
    assert Commitment.objects.get(pk=demo.pk).senate_number == "T01237"


def test_the_chamber_filter_in_the_admin_list(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    senate = client.get("/admin/commitments/commitment/?chamber__exact=EK").content.decode()
    assert "T01237" in senate and "TZ202601-901" not in senate
    assert "T01237" not in client.get("/admin/commitments/commitment/?chamber__exact=TK").content.decode()
    assert client.get("/admin/motions/motion/?chamber__exact=EK").status_code == 200
