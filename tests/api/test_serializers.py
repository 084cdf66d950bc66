"""The public serializers are built from core.fields.public_field_names and refuse the rest."""

import pytest

from api import serializers
from commitments.models import Commitment
from core.fields import non_public_field_names
from letters.models import Letter
from motions.models import Motion
from tests.factories import make_letter


def test_a_serializer_naming_a_non_public_field_refuses_to_build():
    class Leaky(serializers.PublicModelSerializer):
        class Meta:
            model = Letter
            fields = ["id", "subject", "decision_memo"]

    with pytest.raises(AssertionError, match="decision_memo"):
        Leaky().fields  # noqa: B018


def test_a_field_reaching_a_non_public_field_through_source_is_refused():
    class Leaky(serializers.PublicModelSerializer):
        notes = serializers.serializers.CharField(source="internal_notes")

        class Meta:
            model = Motion
            fields = ["id", "notes"]

    with pytest.raises(AssertionError, match="notes"):
        Leaky().fields  # noqa: B018


@pytest.mark.parametrize(
    "serializer",
    [
        serializers.MotionSerializer,
        serializers.CommitmentSerializer,
        serializers.LetterSerializer,
        serializers.MotionEventSerializer,
        serializers.LetterEventSerializer,
    ],
)
def test_public_serializers_hold_no_non_public_field(serializer):
    hidden = set(non_public_field_names(serializer.Meta.model))
    assert hidden and not hidden & set(serializer().fields)


# Columns the API leaves out on purpose, per model: what is neither shown nor marked non-public.
LEFT_OUT = {
    Motion: {"version"},
    Commitment: {"version", "is_public"},  # the API lists public commitments only
    Letter: {"version", "pdf"},  # production does not serve uploads
}


@pytest.mark.parametrize(
    "serializer",
    [
        serializers.MotionSerializer,
        serializers.CommitmentSerializer,
        serializers.LetterSerializer,
    ],
)
def test_every_column_is_a_decision_not_a_default(serializer):
    """A new column is not public because it exists: each field of the model is listed by the
    serializer, marked non-public, or left out here on purpose, so adding one fails this test until
    someone decides."""
    model = serializer.Meta.model
    columns = {f.name for f in model._meta.concrete_fields}
    undecided = columns - set(serializer.Meta.fields) - set(non_public_field_names(model)) - LEFT_OUT[model]
    assert not undecided, f"{model.__name__}: decide whether the API shows {sorted(undecided)}"
    assert not LEFT_OUT[model] & set(serializer().fields)


@pytest.mark.django_db
def test_a_letter_record_carries_no_file_url(client):
    letter = make_letter(status="verzonden", text="De Kamer wordt geïnformeerd.")
    body = client.get(f"/api/v1/letters/{letter.pk}/").json()
    assert body["id"] == letter.pk and "pdf" not in body and body["subject"] == letter.subject
