from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import OwedItemAdmin, TimelineInline
from letters.admin_inlines import AnsweredByInline

from . import services as commitments_services
from .models import Commitment, CommitmentEvent, CommitmentPassage


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
class CommitmentAdmin(OwedItemAdmin):
    services = commitments_services.SERVICES
    list_display = (
        "__str__",
        "short_text",
        "chamber",
        "status",
        "ministry",
        "deadline_phrase",
        "deadline_date",
        "responsible",
    )
    own_filters = ("motion__dossier", "is_public")
    list_select_related = ("ministry", "responsible")
    search_fields = ("number", "senate_number", "text", "made_by__surname", "committee")
    autocomplete_fields = ("made_by", "debate", "source_letter", "motion", "to_member", "to_party", "senate_dossiers")
    inlines = [PassageInline, CommitmentLetterInline, CommitmentTimeline]
    own_fieldsets = (
        (None, {"fields": ("chamber", "number", "text", "status", "is_public")}),
        (_("Herkomst"), {"fields": Commitment.ORIGIN_FIELDS}),
        (
            _("Eerste Kamer"),
            {
                "fields": ("senate_number", *Commitment.SENATE_REGISTRY_FIELDS),
                "description": _("Wat de toezeggingenregistratie van de Eerste Kamer vastlegt (Kerngegevens)."),
            },
        ),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "subjects":  # a JSON list; bounded like every text a person types
            kwargs["max_length"] = SUBJECTS_MAX
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("tekst"))
    def short_text(self, obj):
        return obj.text[:100]
