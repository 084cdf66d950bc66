"""Filters of the API. Minimal FilterSets until the public pages' FilterSets (public/filters.py)
exist; then these names point at those, so pages and API filter alike."""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, CommitmentStatus
from letters.models import Letter
from motions.models import Motion, MotionStatus


class _ItemFilter(django_filters.FilterSet):
    ministry = django_filters.CharFilter(field_name="ministry__abbreviation", lookup_expr="iexact",
                                         label=_("ministerie (afkorting)"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("te laat"))

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.overdue(timezone.localdate())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class MotionFilter(_ItemFilter):
    status = django_filters.MultipleChoiceFilter(choices=MotionStatus.choices)
    dossier = django_filters.CharFilter(field_name="dossier__number", label=_("dossiernummer"))
    submitted_after = django_filters.DateFilter(field_name="submitted_on", lookup_expr="gte")
    submitted_before = django_filters.DateFilter(field_name="submitted_on", lookup_expr="lte")
    q = django_filters.CharFilter(method="search", label=_("zoeken"))

    class Meta:
        model = Motion
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value))


class CommitmentFilter(_ItemFilter):
    status = django_filters.MultipleChoiceFilter(choices=CommitmentStatus.choices)
    made_after = django_filters.DateFilter(field_name="made_on", lookup_expr="gte")
    made_before = django_filters.DateFilter(field_name="made_on", lookup_expr="lte")
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", label=_("zoeken"))

    class Meta:
        model = Commitment
        fields = []


class LetterFilter(django_filters.FilterSet):
    ministry = django_filters.CharFilter(field_name="ministry__abbreviation", lookup_expr="iexact")
    dossier = django_filters.CharFilter(field_name="dossier__number")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    q = django_filters.CharFilter(field_name="subject", lookup_expr="icontains", label=_("zoeken"))

    class Meta:
        model = Letter
        fields = []
