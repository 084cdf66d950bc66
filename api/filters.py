"""The API filters with the public pages' FilterSets, so a query string means the same on a list
page, in an alert and in the API; the API checks each parameter against its schema first
(api/params.py)."""

from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation

from public.filters import CommitmentFilter, LetterFilter, MotionFilter

from . import params

__all__ = ["ApiFilterBackend", "CommitmentFilter", "LetterFilter", "MotionFilter"]


class ApiFilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        data = kwargs["data"].copy()
        for name in params.ARRAYS & set(data):  # an empty array (``status=``) is no filter
            data.setlist(name, [value for value in data.getlist(name) if value != ""])
        kwargs["data"] = data
        return kwargs

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        params.check(request, self._parameter_names(filterset))
        if not filterset.is_valid():
            if params.only_unknown_references(filterset):
                return queryset.none()
            raise translate_validation(filterset.errors)
        return filterset.qs

    @staticmethod
    def _parameter_names(filterset):
        """The query parameters of the FilterSet's fields (a range field has one per end: period_after)."""
        names = set()
        for name, field in filterset.form.fields.items():
            suffixes = getattr(field.widget, "suffixes", None)
            if suffixes:
                names.update(f"{name}_{suffix}" for suffix in suffixes)
            else:
                names.add(name)
        return names
