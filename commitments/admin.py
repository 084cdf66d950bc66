from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import OwedItemAdmin, TimelineInline
from letters.admin_inlines import AnsweredByInline

from . import services as commitments_services
from .models import Commitment, CommitmentEvent


class CommitmentLetterInline(AnsweredByInline):
    fk_name = "commitment"


class CommitmentTimeline(TimelineInline):
    model = CommitmentEvent


@admin.register(Commitment)
class CommitmentAdmin(OwedItemAdmin):
    services = commitments_services.SERVICES
    list_display = ("__str__", "short_text", "status", "ministry", "deadline_phrase", "deadline_date", "responsible")
    own_filters = ("motion__dossier", "is_public")
    list_select_related = ("ministry", "responsible")
    search_fields = ("number", "text", "made_by__surname")
    autocomplete_fields = ("made_by", "debate", "source_letter", "motion", "to_member", "to_party")
    inlines = [CommitmentLetterInline, CommitmentTimeline]
    own_fieldsets = (
        (None, {"fields": ("number", "text", "status", "is_public")}),
        (_("Herkomst"), {"fields": ("made_by", "made_by_function", "made_on", "debate", "source_letter", "motion",
                                    "to_member", "to_party")}),
    )

    @admin.display(description=_("tekst"))
    def short_text(self, obj):
        return obj.text[:100]
