"""Serializers of the public API. Each lists the fields it shows, so a new column is never public
by default; and a field marked ``non_public`` (``core.fields``) can never be serialized, not even when
someone adds it to a ``fields`` list by mistake: :class:`PublicModelSerializer` refuses to build."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commitments.models import Commitment, CommitmentEvent, CommitmentPassage
from core.fields import REASON_MAX, non_public_field_names
from core.models import Dossier, Ministry, Party, Person
from letters.models import Letter, LetterEvent, LetterLink
from motions.models import Motion, MotionEvent, MotionSubmitter, MotionVote


class PublicModelSerializer(serializers.ModelSerializer):
    """Refuses, at class build time, to serialize any non-public model field."""

    def get_fields(self):
        fields = super().get_fields()
        hidden = set(non_public_field_names(self.Meta.model))
        leaking = sorted(
            name for name, field in fields.items() if name in hidden or (field.source or "").split(".")[0] in hidden
        )
        if leaking:
            raise AssertionError(f"{type(self).__name__} would expose non-public fields: {leaking}")
        return fields


class KamerstukRefSerializerField(serializers.Field):
    """A Kamerstuk reference as its stable id (``kst-33750-VI-63``)."""

    def to_representation(self, value):
        return value.kst_id if value else None


class CanonicalRefField(serializers.Field):
    """A Kamerstuk reference as its House writes it (``33 750 VI, nr. 63``; the Senate's ``34 775, J``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value.display if value else None


extend_schema_field({"type": "string", "nullable": True, "example": "kst-33750-VI-63"})(KamerstukRefSerializerField)
extend_schema_field({"type": "string", "nullable": True, "example": "33 750 VI, nr. 63"})(CanonicalRefField)


def prefetched(child, *, attr: str, fallback):
    """A read-only list of ``child`` rows taken from the attribute the shared selectors prefetch
    (``attr``), or, for a single item not loaded through them (the answer to a status change),
    from ``fallback(item)``."""

    class PrefetchedList(serializers.ListSerializer):
        def get_attribute(self, instance):
            rows = getattr(instance, attr, None)
            return list(fallback(instance)) if rows is None else rows

    return PrefetchedList(child=child(), read_only=True)


def _public_events(item):
    return item.events.filter(is_public=True).select_related("letter").order_by("at", "id")


class MinistrySerializer(PublicModelSerializer):
    class Meta:
        model = Ministry
        fields = ["id", "name", "abbreviation"]


class PartySerializer(PublicModelSerializer):
    class Meta:
        model = Party
        fields = ["id", "name", "abbreviation", "tk_id"]


class PersonSerializer(PublicModelSerializer):
    display_name = serializers.CharField(read_only=True)
    party = serializers.SlugRelatedField(slug_field="abbreviation", read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = ["id", "initials", "first_name", "prefix", "surname", "party", "tk_id", "display_name"]


class DossierSerializer(PublicModelSerializer):
    display_number = serializers.CharField(read_only=True)

    class Meta:
        model = Dossier
        fields = ["id", "number", "suffix", "title", "tk_id", "display_number"]


class EventSerializer(PublicModelSerializer):
    """One public event of an item's timeline. Who made the change (``by``) is never shown."""

    letter_ref = KamerstukRefSerializerField(source="letter.ref", read_only=True, allow_null=True)

    class Meta:
        fields = [
            "kind",
            "from_status",
            "to_status",
            "at",
            "occurred_on",
            "reason",
            "letter",
            "letter_ref",
            "old_deadline_phrase",
            "old_deadline_date",
            "new_deadline_phrase",
            "new_deadline_date",
            "changed_fields",
        ]


class MotionEventSerializer(EventSerializer):
    class Meta(EventSerializer.Meta):
        model = MotionEvent


class CommitmentEventSerializer(EventSerializer):
    class Meta(EventSerializer.Meta):
        model = CommitmentEvent


class LetterEventSerializer(EventSerializer):
    class Meta(EventSerializer.Meta):
        model = LetterEvent


class SubmitterSerializer(PublicModelSerializer):
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    name = serializers.CharField(source="person.display_name", read_only=True)
    party = serializers.SlugRelatedField(slug_field="abbreviation", read_only=True, allow_null=True)

    class Meta:
        model = MotionSubmitter
        fields = ["person", "name", "party", "position"]


class VoteSerializer(PublicModelSerializer):
    """How one party voted; ``mistaken``: the party said it voted this way by mistake (the vote
    stands), with ``mistake_note`` saying so ('stemde per vergissing voor')."""

    party = serializers.SlugRelatedField(slug_field="abbreviation", read_only=True)
    choice_display = serializers.CharField(source="get_choice_display", read_only=True)
    mistake_note = serializers.CharField(read_only=True)

    class Meta:
        model = MotionVote
        fields = ["party", "choice", "choice_display", "seats", "mistaken", "mistake_note"]


class ItemSerializer(PublicModelSerializer):
    """Shared by motions and commitments: the ministry as its abbreviation, overdue derived."""

    ministry = serializers.SlugRelatedField(slug_field="abbreviation", read_only=True, allow_null=True)
    chamber_display = serializers.CharField(source="get_chamber_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.SerializerMethodField()
    deadline_display = serializers.CharField(read_only=True)

    #: The fields every item ends with, in this order (each item's ``Meta.fields`` lists its own first).
    ITEM_FIELDS = [
        "ministry",
        "status",
        "status_display",
        "deadline_phrase",
        "deadline_precision",
        "deadline_date",
        "deadline_display",
        "is_overdue",
        "tk_id",
        "created_at",
        "updated_at",
        "timeline",
    ]

    def get_is_overdue(self, obj) -> bool:
        return obj.is_overdue()


class MotionSerializer(ItemSerializer):
    ref = KamerstukRefSerializerField(read_only=True)
    ref_display = CanonicalRefField(source="ref")
    submitters = prefetched(
        SubmitterSerializer, attr="submitter_rows", fallback=lambda m: m.submitters.select_related("person", "party")
    )
    votes = prefetched(VoteSerializer, attr="vote_rows", fallback=lambda m: m.votes.select_related("party"))
    timeline = prefetched(MotionEventSerializer, attr="public_events", fallback=_public_events)

    class Meta:
        model = Motion
        fields = [
            "id",
            "ref",
            "ref_display",
            "chamber",
            "chamber_display",
            "title",
            "text",
            "dossier",
            "submitted_on",
            "debate",
            "submitters",
            "cabinet_verdict",
            "vote_date",
            "vote_result",
            "votes",
            "replaces",
            *ItemSerializer.ITEM_FIELDS,
        ]


class PassageSerializer(PublicModelSerializer):
    class Meta:
        model = CommitmentPassage
        fields = ["citation", "text"]


class CommitmentSerializer(ItemSerializer):
    subjects = serializers.ListField(child=serializers.CharField(), read_only=True)
    senate_dossiers = DossierSerializer(many=True, read_only=True)
    passages = PassageSerializer(many=True, read_only=True)
    timeline = prefetched(CommitmentEventSerializer, attr="public_events", fallback=_public_events)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "chamber",
            "chamber_display",
            "number",
            "senate_number",
            "text",
            *Commitment.ORIGIN_FIELDS,
            *Commitment.SENATE_REGISTRY_FIELDS,
            "passages",
            *ItemSerializer.ITEM_FIELDS,
        ]


class LetterLinkSerializer(PublicModelSerializer):
    effect_display = serializers.CharField(source="get_effect_display", read_only=True)

    class Meta:
        model = LetterLink
        fields = ["motion", "commitment", "effect", "effect_display", "new_deadline_phrase"]


class LetterSerializer(PublicModelSerializer):
    ref = KamerstukRefSerializerField(read_only=True)
    ref_display = CanonicalRefField(source="ref")
    ministry = serializers.SlugRelatedField(slug_field="abbreviation", read_only=True, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    links = prefetched(
        LetterLinkSerializer,
        attr="public_links",
        fallback=lambda letter: letter.links.filter(
            Q(commitment__isnull=True) | Q(commitment__is_public=True)
        ).order_by("id"),
    )
    timeline = prefetched(LetterEventSerializer, attr="public_events", fallback=_public_events)

    class Meta:
        model = Letter
        # No ``pdf``: production does not serve uploaded files; the text is here, the House publishes the PDF.
        fields = [
            "id",
            "ref",
            "ref_display",
            "date",
            "subject",
            "dossier",
            "sender",
            "sender_function",
            "ministry",
            "document_number",
            "text",
            "status",
            "status_display",
            "sent_at",
            "links",
            "tk_id",
            "created_at",
            "updated_at",
            "timeline",
        ]


NO_NUL = RegexValidator(r"^[^\x00]*$", _("Tekst mag geen NUL-teken bevatten."), code="null_characters_not_allowed")


class TransitionSerializer(serializers.Serializer):
    """A requested status change. Which moves the item allows now is the workflow's business (a refusal
    is a 409 that names the moves allowed from the current status); ``to`` must be one of the model's
    statuses (see :func:`transition_serializer`)."""

    to = serializers.CharField(max_length=30, help_text=_("De nieuwe status, bijvoorbeeld 'in_uitvoering'."))
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=REASON_MAX, default="", validators=[NO_NUL]
    )


_TRANSITION_SERIALIZERS: dict = {}


def transition_serializer(model) -> type[TransitionSerializer]:
    """The request body of ``model``'s status change: ``to`` one of its statuses (listed in the schema)."""
    if model not in _TRANSITION_SERIALIZERS:
        choices = model._meta.get_field("status").choices
        _TRANSITION_SERIALIZERS[model] = type(
            f"{model.__name__}TransitionSerializer",
            (TransitionSerializer,),
            {
                "to": serializers.ChoiceField(
                    choices=choices, help_text=_("De nieuwe status, bijvoorbeeld 'in_uitvoering'.")
                ),
                "__module__": __name__,
            },
        )
    return _TRANSITION_SERIALIZERS[model]


class TransitionErrorSerializer(serializers.Serializer):
    """The body of a refused move (documentation of a response: nothing is read from it)."""

    detail = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    allowed = serializers.ListField(child=serializers.CharField(), read_only=True)


class DetailSerializer(serializers.Serializer):
    """An error with its explanation (documentation of a response: nothing is read from it)."""

    detail = serializers.CharField(read_only=True)


# A refused parameter: per parameter its messages, or one ``detail`` (documentation of a response).
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
