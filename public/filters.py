"""The one query builder for lists of motions, commitments and letters: the public list pages, their
Atom and iCalendar feeds, the e-mail alerts (a subscription stores a list's query string and is matched
with the same FilterSet) and the JSON API all filter through these FilterSets, over the public
querysets of ``<app>/selectors.py``. The filter state is the URL's query string."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from commitments.models import Commitment, CommitmentStatus
from core.models import Chamber, Dossier, Ministry, Party, Person
from letters.models import Letter
from motions.models import Motion, MotionStatus, MotionSubmitter

from . import search as fulltext
from .widgets import speed_up

# A dossier number as people write it (also the API schema's pattern for the parameter).
DOSSIER_PATTERN = r"^\s*(?:kst-)?(\d{2}\s?\.?\d{3})(?:\s*[-\s]\s*([A-Za-z0-9]{1,6}))?\s*$"
_DOSSIER_RE = re.compile(DOSSIER_PATTERN)


class DossierField(forms.CharField):
    """A dossier number as people write it: '29344', '29 344', '33750-VI', '33 750 VI'."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = _DOSSIER_RE.match(value)
        if not match:
            raise ValidationError(
                _(
                    "Geen dossiernummer: gebruik vijf cijfers, eventueel met toevoeging, "
                    "bijvoorbeeld 29344 of 33750-VI."
                ),
                code="invalid_dossier",
            )
        return re.sub(r"\D", "", match.group(1)), (match.group(2) or "").upper()


@extend_schema_field(OpenApiTypes.STR)
class DossierFilter(django_filters.Filter):
    field_class = DossierField

    def filter(self, qs, value):
        if not value:
            return qs
        number, suffix = value
        return qs.filter(dossier__number=number, dossier__suffix=suffix)


class CommitmentDossierFilter(DossierFilter):
    """Commitments have no dossier of their own: ``Commitment.dossiers`` says which they belong to."""

    def filter(self, qs, value):
        if not value:
            return qs
        number, suffix = value
        return qs.in_dossiers(Dossier.objects.filter(number=number, suffix=suffix))


@extend_schema_field(OpenApiTypes.STR)
class AbbreviationFilter(django_filters.ModelChoiceFilter):
    """A choice of party or ministry by its abbreviation (typed for the API schema)."""


@extend_schema_field(OpenApiTypes.INT)
class PersonFilter(django_filters.ModelChoiceFilter):
    """A choice of person by id (typed for the API schema)."""


class SearchField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value and not fulltext.has_words(value):
            raise ValidationError(_("Zoek op minstens één woord of getal."), code="no_words")
        return value


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField

    def filter(self, qs, value):
        return fulltext.search(qs, value) if value else qs


class BoundedDateRangeFilter(django_filters.DateFromToRangeFilter):
    """``<name>_after`` / ``<name>_before`` (yyyy-mm-dd); a malformed date is a form error."""


YES_NO = [("", _("alle")), ("true", _("ja")), ("false", _("nee"))]


def _by_abbreviation(field_name, queryset, label, empty_label):
    """A choice of party or ministry on ``field_name``, by its abbreviation."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name, to_field_name="abbreviation", queryset=queryset, label=label, empty_label=empty_label
    )


class PublicFilterSet(django_filters.FilterSet):
    """Filters every list shares. ``item`` (an id) lets an alert follow a single item."""

    q = SearchFilter(label=_("Zoeken"), max_length=200)
    ministry = _by_abbreviation("ministry", Ministry.objects.all(), _("Ministerie"), _("alle ministeries"))
    dossier = DossierFilter(label=_("Dossier"), help_text=_("Bijvoorbeeld 29344 of 33750-VI"), max_length=20)
    item = django_filters.NumberFilter(field_name="pk", widget=forms.HiddenInput, min_value=1, max_value=2**62)

    overdue_today = None  # tests may pin "today"

    @property
    def form(self):
        if not hasattr(self, "_form"):
            self._form = speed_up(super().form, type(self).__name__)
        return self._form

    def today(self):
        return self.overdue_today or timezone.localdate()

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = self.Meta.model.overdue_q(self.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class YesNoField(forms.NullBooleanField):
    """'true' / 'false' / empty; anything else is a form error (a plain NullBooleanField reads it as
    empty, so ``?overdue=misschien`` would silently show everything)."""

    ACCEPTED = {None, "", True, False, "true", "false", "True", "False", "1", "0"}

    def to_python(self, value):
        if value not in self.ACCEPTED:
            raise ValidationError(_("Kies ja of nee."), code="invalid_yes_no")
        return super().to_python(value)


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


def _chamber_filter():
    return django_filters.ChoiceFilter(
        field_name="chamber", choices=Chamber.choices, label=_("Kamer"), empty_label=_("beide Kamers")
    )


def _overdue_filter():
    return YesNoFilter(
        method="filter_overdue",
        label=_("Te laat"),
        widget=forms.Select(choices=YES_NO),
    )


def _status_filter(choices):
    return django_filters.MultipleChoiceFilter(
        choices=choices, label=_("Status"), widget=forms.CheckboxSelectMultiple, distinct=False
    )


def _person_filter(queryset, label, empty_label):
    return PersonFilter(queryset=queryset, method="filter_member", label=label, empty_label=empty_label)


_BY_DEADLINE = ("deadline_date", "termijn", _("Termijn"))
_BY_STATUS = ("status", "status", _("Status"))


def _sort_filter(*orders):
    """``?sort=`` over (model field, URL value, label) triples, offered in this order."""
    return django_filters.OrderingFilter(
        fields=tuple((field, param) for field, param, _label in orders),
        field_labels={field: label for field, _param, label in orders},
        label=_("Sorteren"),
    )


class MotionFilter(PublicFilterSet):
    status = _status_filter(MotionStatus.choices)
    party = AbbreviationFilter(
        to_field_name="abbreviation",
        queryset=Party.objects.all(),
        method="filter_party",
        label=_("Fractie (indiener)"),
        empty_label=_("alle fracties"),
    )
    member = _person_filter(
        Person.objects.filter(Exists(MotionSubmitter.objects.filter(person=OuterRef("pk")))),
        _("Kamerlid (indiener)"),
        _("alle Kamerleden"),
    )
    period = BoundedDateRangeFilter(field_name="submitted_on", label=_("Ingediend tussen"))
    chamber = _chamber_filter()
    overdue = _overdue_filter()
    sort = _sort_filter(("submitted_on", "ingediend", _("Datum indiening")), _BY_DEADLINE, _BY_STATUS)

    class Meta:
        model = Motion
        fields = []

    def filter_party(self, queryset, name, value):
        return queryset.filter(Exists(MotionSubmitter.objects.filter(motion=OuterRef("pk"), party=value)))

    def filter_member(self, queryset, name, value):
        return queryset.filter(Exists(MotionSubmitter.objects.filter(motion=OuterRef("pk"), person=value)))


class CommitmentFilter(PublicFilterSet):
    status = _status_filter(CommitmentStatus.choices)
    party = _by_abbreviation("to_party", Party.objects.all(), _("Toegezegd aan fractie"), _("alle fracties"))
    member = _person_filter(Person.objects.all(), _("Bewindspersoon of Kamerlid"), _("alle personen"))
    dossier = CommitmentDossierFilter(label=_("Dossier"), help_text=_("Bijvoorbeeld 29344 of 33750-VI"), max_length=20)
    period = BoundedDateRangeFilter(field_name="made_on", label=_("Gedaan tussen"))
    chamber = _chamber_filter()
    overdue = _overdue_filter()
    sort = _sort_filter(_BY_DEADLINE, ("made_on", "datum", _("Datum")), _BY_STATUS)

    class Meta:
        model = Commitment
        fields = []

    def filter_member(self, queryset, name, value):
        return queryset.filter(Q(made_by=value) | Q(to_member=value))


class LetterFilter(PublicFilterSet):
    member = django_filters.ModelChoiceFilter(
        # A semi-join (EXISTS) probes the foreign-key index per person; a JOIN ... DISTINCT read every row.
        # Only senders of sent (public) letters: a draft must not tell who is writing to the House.
        field_name="sender",
        queryset=Person.objects.filter(Exists(Letter.objects.public().filter(sender=OuterRef("pk")))),
        label=_("Afzender"),
        empty_label=_("alle afzenders"),
    )
    period = BoundedDateRangeFilter(field_name="date", label=_("Datum tussen"))
    sort = django_filters.OrderingFilter(
        fields=(("date", "datum"),),
        field_labels={"date": _("Datum")},
        label=_("Sorteren"),
    )

    class Meta:
        model = Letter
        fields = []


FILTERSETS = {"moties": MotionFilter, "toezeggingen": CommitmentFilter, "brieven": LetterFilter}
