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

from .models import Commitment, CommitmentEvent, CommitmentPassage
from .services import commitment_create, commitment_transition, commitment_update


class CommitmentLetterInline(AnsweredByInline):
    fk_name = "commitment"


SUBJECTS_MAX = 4_000


class PassageInline(admin.StackedInline):
    """The passages the Senate's registry quotes ("Uit de stukken")."""

    model = CommitmentPassage
    extra = 0
    fields = ("citation", "text", "position")


class CommitmentTimeline(TimelineInline):
    model = CommitmentEvent


@admin.register(Commitment)
class CommitmentAdmin(WorkflowAdmin):
    create_service = staticmethod(commitment_create)
    update_service = staticmethod(commitment_update)
    transition_service = staticmethod(commitment_transition)
    transition_item_arg = "commitment"
    form = DeadlineItemForm
    list_display = ("__str__", "short_text", "chamber", "status", "ministry", "deadline_phrase", "deadline_date",
                    "responsible")
    list_filter = ("status", "chamber", "ministry", ResponsibleFilter, OverdueFilter, DueFilter,
                   ("deadline_date", DateRangeFilterBuilder()), "motion__dossier", "is_public", ChangedSinceFilter)
    list_select_related = ("ministry", "responsible")
    search_fields = ("number", "senate_number", "text", "made_by__surname", "committee")
    autocomplete_fields = ("made_by", "debate", "source_letter", "motion", "to_member", "to_party", "senate_dossiers")
    readonly_fields = ("status", "deadline_precision", "deadline_date")
    inlines = [PassageInline, CommitmentLetterInline, CommitmentTimeline]
    fieldsets = (
        (None, {"fields": ("chamber", "number", "text", "status", "is_public")}),
        (_("Herkomst"), {"fields": ("made_by", "made_by_function", "made_on", "debate", "source_letter", "motion",
                                    "to_member", "to_party")}),
        (_("Uitvoering"), {"fields": ("ministry", "responsible", "deadline_phrase", "deadline_exact",
                                      "deadline_reason", "deadline_precision", "deadline_date")}),
        (_("Eerste Kamer"), {
            "fields": ("senate_number", "committee", "activity_type", "category", "subjects", "senate_dossiers",
                       "responsible_ministers", "former_responsible_ministers"),
            "description": _("Wat de toezeggingenregistratie van de Eerste Kamer vastlegt (Kerngegevens)."),
        }),
        (_("Niet openbaar"), {"fields": ("internal_notes",)}),
        (None, {"fields": ("version",)}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "subjects":  # a JSON list; bounded like every text a person types
            kwargs["max_length"] = SUBJECTS_MAX
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("tekst"))
    def short_text(self, obj):
        return obj.text[:100]
