"""The Kamerstuk reference field and deadlines as the Django side uses them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import deadlines
from core.models import Recess
from motions.models import Motion
from parsing.kamerstuk import KamerstukRef
from tests.factories import make_commitment, make_motion

pytestmark = pytest.mark.django_db


def test_ref_is_stored_as_kst_id_and_found_in_any_written_form():
    motion = make_motion(nr=63)
    stored = Motion.objects.filter(pk=motion.pk).values_list("ref", flat=True).get()
    assert stored == KamerstukRef.parse("36 000, nr. 63")
    for form in ("36 000, nr. 63", "36000-63", "kst-36000-63", "Kamerstuk 36 000, nr. 63"):
        assert Motion.objects.get(ref=form) == motion


def test_bad_ref_is_a_validation_error_with_a_clear_message():
    from motions.services import motion_create

    with pytest.raises(ValidationError) as exc:
        motion_create(ref="niet een kamerstuk", title="x")
    assert "verwacht" in str(exc.value)
    assert not Motion.objects.exists()


def test_recess_deadline_uses_the_dates_kept_in_the_admin():
    with pytest.raises(ValidationError) as exc:
        deadlines.parse("voor het zomerreces 2026")
    assert "zomerreces" in str(exc.value)
    Recess.objects.create(kind="zomerreces", year=2026, start=dt.date(2026, 7, 3), end=dt.date(2026, 8, 31))
    parsed = deadlines.parse("voor het zomerreces 2026")
    assert parsed.latest == dt.date(2026, 7, 2)


def test_unparseable_deadline_is_refused_and_nothing_is_saved():
    from commitments.models import Commitment

    with pytest.raises(ValidationError):
        make_commitment(deadline_phrase="zo snel mogelijk")
    assert not Commitment.objects.exists()


def test_overdue_is_derived_from_the_latest_date():
    from commitments.models import Commitment

    due = make_commitment(deadline_phrase="in de loop van 2027")
    assert not due.is_overdue(dt.date(2027, 12, 31))
    assert due.is_overdue(dt.date(2028, 1, 1))
    assert list(Commitment.objects.overdue(dt.date(2028, 1, 1))) == [due]


def test_admin_search_by_written_reference(admin_client):
    motion = make_motion(nr=77)
    make_motion(nr=78)
    page = admin_client.get(reverse("admin:motions_motion_changelist"), {"q": "36 000, nr. 77"}).content.decode()
    assert "kst-36000-77" in page or "36 000, nr. 77" in page
    assert "36 000, nr. 78" not in page
    assert Motion.objects.get(pk=motion.pk)


@pytest.mark.parametrize(
    "number,suffix,shown",
    [
        ("21501", "08", "21 501-08"),
        ("33750", "VI", "33 750 VI"),
        ("29344", "", "29 344"),
    ],
)
def test_dossier_number_is_written_as_the_house_writes_it(number, suffix, shown):
    from core.models import Dossier

    assert Dossier(number=number, suffix=suffix).display_number == shown


@pytest.mark.parametrize("number", ["TZ/1", "a b", "<x>", "-TZ"])
def test_commitment_number_that_cannot_be_an_address_is_refused(number):
    from commitments.models import Commitment

    with pytest.raises(ValidationError):
        make_commitment(number=number)
    assert not Commitment.objects.filter(number=number).exists()


def test_kamerstuk_form_field_checks_the_stored_ids_length():
    """The admin's Kamerstuk field validates its maximum length on the stored id, not on the value
    object (a save of an unchanged motion or letter answered 500: 'KamerstukRef has no len()')."""
    from django import forms as django_forms

    from core.fields import KamerstukRefFormField

    field = KamerstukRefFormField(max_length=40)
    assert field.clean("33 750 VI, nr. 63") == KamerstukRef.parse("kst-33750-VI-63")
    assert field.clean("Kamerstukken I 2008/09, 22 112 / 31 544, CK").kst_id == "kst-22112-31544-CK"
    with pytest.raises(django_forms.ValidationError):
        KamerstukRefFormField(max_length=10).clean("33 750 VI, nr. 63")
