"""The public serializers are built from core.fields.public_field_names and refuse the rest."""
import pytest

from api import serializers
from core.fields import non_public_field_names
from letters.models import Letter
from motions.models import Motion


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


@pytest.mark.parametrize("serializer", [
    serializers.MotionSerializer, serializers.CommitmentSerializer, serializers.LetterSerializer,
    serializers.MotionEventSerializer, serializers.LetterEventSerializer,
])
def test_public_serializers_hold_no_non_public_field(serializer):
    hidden = set(non_public_field_names(serializer.Meta.model))
    assert hidden and not hidden & set(serializer().fields)
