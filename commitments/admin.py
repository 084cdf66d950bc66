from django.contrib import admin
from rangefilter.filters import DateRangeFilterBuilder

from core.admin_mixins import OverdueFilter, TimelineInline, WorkflowAdmin
from letters.models import LetterLink

from .models import Commitment, CommitmentEvent
from .services import commitment_transition


class CommitmentLetterInline(admin.TabularInline):
    model = LetterLink
    fk_name = "commitment"
    extra = 0
    fields = ("letter", "effect", "new_deadline_phrase")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "beantwoord door"

    def has_add_permission(self, request, obj=None):
        return False


class CommitmentTimeline(TimelineInline):
    model = CommitmentEvent


@admin.register(Commitment)
class CommitmentAdmin(WorkflowAdmin):
    transition_service = staticmethod(commitment_transition)
    transition_item_arg = "commitment"
    list_display = ("__str__", "short_text", "status", "ministry", "deadline_phrase", "deadline_date", "responsible")
    list_filter = ("status", "ministry", OverdueFilter, ("deadline_date", DateRangeFilterBuilder()),
                   "motion__dossier", "is_public")
    list_select_related = ("ministry", "responsible")
    search_fields = ("number", "text", "made_by__surname")
    autocomplete_fields = ("made_by", "debate", "source_letter", "motion", "to_member", "to_party")
    inlines = [CommitmentLetterInline, CommitmentTimeline]
    fieldsets = (
        (None, {"fields": ("number", "text", "status", "is_public")}),
        ("Herkomst", {"fields": ("made_by", "made_by_function", "made_on", "debate", "source_letter", "motion",
                                 "to_member", "to_party")}),
        ("Uitvoering", {"fields": ("ministry", "responsible", "deadline_phrase", "deadline_precision", "deadline_date")}),
        ("Niet openbaar", {"fields": ("internal_notes",)}),
        (None, {"fields": ("version",)}),
    )

    @admin.display(description="tekst")
    def short_text(self, obj):
        return obj.text[:100]
