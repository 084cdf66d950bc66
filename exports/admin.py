"""The overview export in the admin: a list of the ministries the user may export (staff: their
own, through core.permissions; superusers: all), each with its CSV, XLSX and printable page."""

from django.contrib import admin
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ReadOnlyAdmin, admin_views
from core.permissions import allowed_ministry_ids, scope_to_user

from . import rappel
from .models import OverviewExport
from .services import CONTENT_TYPES, FORMATS, check_chamber, export_overview, filename


@admin.register(OverviewExport)
class OverviewExportAdmin(ReadOnlyAdmin):
    list_display = ("name", "abbreviation", "downloads", "rappel_answer")
    list_display_links = None
    search_fields = ("name", "abbreviation")
    actions = None

    def _may_export(self, request):
        ids = allowed_ministry_ids(request.user)
        return request.user.is_active and request.user.is_staff and (ids is None or bool(ids))

    def has_module_permission(self, request):
        return self._may_export(request)

    def has_view_permission(self, request, obj=None):
        return self._may_export(request) and (obj is None or self.get_queryset(request).filter(pk=obj.pk).exists())

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user, field="pk")

    @staticmethod
    def _format_links(obj, url_name, formats):
        """A link per format to the ministry's file: 'CSV · XLSX · HTML'."""
        links = ((reverse(url_name, args=[obj.abbreviation, fmt]), fmt.upper()) for fmt in formats)
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    @admin.display(description=_("downloaden"))
    def downloads(self, obj):
        return self._format_links(obj, "admin:exports_overview_download", FORMATS)

    @admin.display(description=_("rappel Eerste Kamer"))
    def rappel_answer(self, obj):
        return self._format_links(obj, "admin:exports_rappel_download", rappel.FORMATS)

    def get_urls(self):
        return [
            *admin_views(
                self,
                ("<str:abbreviation>/<str:fmt>/", self.download_view, "exports_overview_download"),
                ("<str:abbreviation>/rappel/<str:fmt>/", self.rappel_view, "exports_rappel_download"),
            ),
            *super().get_urls(),
        ]

    def _ministry(self, request, abbreviation):
        """The ministry of the address, if the user may export it (staff: only their own)."""
        ministry = self.get_queryset(request).filter(abbreviation=abbreviation).first()
        if ministry is None or not self._may_export(request):
            raise Http404(_("Geen ministerie dat u mag exporteren."))
        return ministry

    @staticmethod
    def _file(data, *, fmt, name):
        response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
        disposition = "inline" if fmt == "html" else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{name}"'
        return response

    def download_view(self, request, abbreviation, fmt):
        """The overview; ``?kamer=EK`` (or TK) keeps one House's items."""
        chamber = request.GET.get("kamer", "")
        if fmt not in FORMATS:
            raise Http404(_("Onbekend formaat."))
        try:
            check_chamber(chamber)
        except ValueError as exc:
            raise Http404(str(exc)) from None
        ministry = self._ministry(request, abbreviation)
        data, _count = export_overview(
            ministry=ministry, fmt=fmt, chamber=chamber, csp_nonce=str(getattr(request, "csp_nonce", ""))
        )
        return self._file(data, fmt=fmt, name=filename(ministry=ministry, fmt=fmt))

    def rappel_view(self, request, abbreviation, fmt):
        if fmt not in rappel.FORMATS:
            raise Http404(_("Onbekend formaat."))
        ministry = self._ministry(request, abbreviation)
        data, _count = rappel.export_rappel_answer(
            ministry=ministry, fmt=fmt, csp_nonce=str(getattr(request, "csp_nonce", ""))
        )
        return self._file(data, fmt=fmt, name=rappel.rappel_filename(ministry=ministry, fmt=fmt))
