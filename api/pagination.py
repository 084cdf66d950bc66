from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from .params import positive_int_schema, single_value


class PageNumberPagination(pagination.PageNumberPagination):
    """``page`` (from 1) and ``page_size`` (1 to 500), refused with a 400 when they are no such number,
    as the schema says (DRF would quietly use the default page size)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        errors = {}
        for name, top in ((self.page_query_param, 2**62), (self.page_size_query_param, self.max_page_size)):
            value = single_value(request, name)
            if value is None:
                continue
            if not (value.isascii() and value.isdigit() and len(value) <= 19 and 1 <= int(value) <= top):
                errors[name] = [_("Geef een geheel getal van 1 tot en met %(max)d.") % {"max": top}]
        if errors:
            raise ValidationError(errors)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = positive_int_schema(2**62)
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = positive_int_schema(self.max_page_size)
        return parameters
