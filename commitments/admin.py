from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rangefilter.filters import DateRangeFilterBuilder

from core.admin_mixins import (
    ChangedSinceFilter,
    DeadlineItemForm,
    DueFilter,
    OverdueFilter,
    ResponsibleFilter,
    TimelineInline,
    WorkflowAdmin,
)
from letters.admin_inlines import AnsweredByInline

from . import services as commitments_services
from .models import Commitment, CommitmentEvent


class CommitmentLetterInline(AnsweredByInline):
    fk_name = "commitment"


class CommitmentTimeline(TimelineInline):
    model = CommitmentEvent


@admin.register(Commitment)
class CommitmentAdmin(WorkflowAdmin):
    services = commitments_services.SERVICES
    form = DeadlineItemForm
    list_display = ("__str__", "short_text", "status", "ministry", "deadline_phrase", "deadline_date", "responsible")
    list_filter = ("status", "ministry", ResponsibleFilter, OverdueFilter, DueFilter,
                   ("deadline_date", DateRangeFilterBuilder()), "motion__dossier", "is_public", ChangedSinceFilter)
    list_select_related = ("ministry", "responsible")
    search_fields = ("number", "text", "made_by__surname")
    autocomplete_fields = ("made_by", "debate", "source_letter", "motion", "to_member", "to_party")
    readonly_fields = ("status", "deadline_precision", "deadline_date")
    inlines = [CommitmentLetterInline, CommitmentTimeline]
    fieldsets = (
        (None, {"fields": ("number", "text", "status", "is_public")}),
        (_("Herkomst"), {"fields": ("made_by", "made_by_function", "made_on", "debate", "source_letter", "motion",
                                    "to_member", "to_party")}),
        (_("Uitvoering"), {"fields": ("ministry", "responsible", "deadline_phrase", "deadline_exact",
                                      "deadline_reason", "deadline_precision", "deadline_date")}),
        (_("Niet openbaar"), {"fields": ("internal_notes",)}),
        (None, {"fields": ("version",)}),
    )

    @admin.display(description=_("tekst"))
    def short_text(self, obj):
        return obj.text[:100]
