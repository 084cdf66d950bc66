"""Model fields for domain value types, and the field declarations several models share."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from parsing.kamerstuk import KamerstukRef, KamerstukRefError


def parse_ref(value: str) -> KamerstukRef:
    """A written Kamerstuk reference as a :class:`KamerstukRef`; a ``ValidationError`` when it is none."""
    try:
        return KamerstukRef.parse(value)
    except KamerstukRefError as exc:
        raise ValidationError(str(exc), code="invalid_kamerstuk") from exc


class KamerstukRefFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        return parse_ref(value)

    def run_validators(self, value):
        # max_length is about the stored id ('kst-33750-VI-63'), as in KamerstukRefField.run_validators
        super().run_validators(value.kst_id if isinstance(value, KamerstukRef) else value)

    def prepare_value(self, value):
        if isinstance(value, KamerstukRef):
            return value.canonical
        return value


class KamerstukRefField(models.CharField):
    """Stores a Kamerstuk reference as its stable id (``kst-33750-VI-63``) and returns a
    :class:`KamerstukRef`. Accepts every written form on assignment through forms."""

    description = "Kamerstuk reference"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return KamerstukRef.parse(value)

    def to_python(self, value):
        if value is None or isinstance(value, KamerstukRef):
            return value
        if value == "":
            return None
        return parse_ref(value)

    def get_prep_value(self, value):
        value = self.to_python(value)
        return value.kst_id if value is not None else None

    def run_validators(self, value):
        super().run_validators(value.kst_id if isinstance(value, KamerstukRef) else value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.kst_id if value is not None else ""

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", KamerstukRefFormField)
        return super().formfield(**kwargs)

    @classmethod
    def of_item(cls, help_text, *, optional: bool = False) -> "KamerstukRefField":
        """An item's own Kamerstuk (a motion's, a letter's): no two items share one. ``optional`` for an
        item that may not have one yet, such as a letter before it is published."""
        blank = {"null": True, "blank": True} if optional else {}
        return cls(_("Kamerstuk"), unique=True, help_text=help_text, **blank)


# Longest free text a form or the API accepts (imports and intake are not cut off; the database has
# no limit). Generous: a motion is rarely over 5,000 characters, a letter 100,000.
MOTION_TEXT_MAX = 20_000
COMMITMENT_TEXT_MAX = 10_000
LETTER_TEXT_MAX = 500_000
DECISION_MEMO_MAX = 200_000
NOTES_MAX = 20_000
REASON_MAX = 2_000


def non_public(field: models.Field) -> models.Field:
    """Mark a field as non-public: public pages, feeds and the API never show it."""
    field.non_public = True
    return field


def public_field_names(model) -> list[str]:
    """The names of the model's concrete fields that may be shown to the public."""
    return [f.name for f in model._meta.concrete_fields if not getattr(f, "non_public", False)]


def non_public_field_names(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if getattr(f, "non_public", False)]


# -- declarations several models share (fields, and the parts of a Meta) ----------------------------


def optional_fk(to, verbose_name=None, *, on_delete, related_name="+", **kwargs) -> models.ForeignKey:
    """A reference that may be empty, in the database and in forms (``related_name`` "+": no reverse
    accessor)."""
    return models.ForeignKey(
        to, verbose_name=verbose_name, null=True, blank=True, on_delete=on_delete, related_name=related_name, **kwargs
    )


def optional_char(verbose_name, max_length: int, help_text="", **kwargs) -> models.CharField:
    """A line of text that may be left empty ("": nothing known), with a hint for the one who fills it in."""
    return models.CharField(verbose_name, max_length=max_length, blank=True, help_text=help_text, **kwargs)


def optional_date(verbose_name, **kwargs) -> models.DateField:
    return models.DateField(verbose_name, null=True, blank=True, **kwargs)


def optional_datetime(verbose_name=None, **kwargs) -> models.DateTimeField:
    return models.DateTimeField(verbose_name, null=True, blank=True, **kwargs)


def indexed_ordering(*fields: str, name: str) -> tuple[list[str], list[models.Index]]:
    """A model's default order and the index that serves it, from one list of fields, for its Meta:
    ``ordering, indexes = indexed_ordering("-date", "-id", name="letter_default_order")``."""
    return list(fields), [models.Index(fields=list(fields), name=name)]


def tk_id_field() -> models.UUIDField:
    """The record's Id in the Tweede Kamer open data, where it came from there: how the import finds it again."""
    return models.UUIDField(_("id in open data TK"), null=True, blank=True, unique=True)
