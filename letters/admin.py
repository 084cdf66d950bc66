from django.contrib import admin
from rangefilter.filters import DateRangeFilterBuilder

from core.admin_mixins import TimelineInline, WorkflowAdmin

from .models import Letter, LetterEvent, LetterLink
from .services import letter_transition


class LetterLinkInline(admin.TabularInline):
    model = LetterLink
    extra = 1
    autocomplete_fields = ("motion", "commitment")
    fields = ("motion", "commitment", "effect", "new_deadline_phrase", "confirmed")


class LetterTimeline(TimelineInline):
    model = LetterEvent
    fk_name = "letter_item"


@admin.register(Letter)
class LetterAdmin(WorkflowAdmin):
    transition_service = staticmethod(letter_transition)
    transition_item_arg = "letter"
    list_display = ("__str__", "subject", "date", "status", "ministry")
    list_filter = ("status", "ministry", ("date", DateRangeFilterBuilder()), "dossier")
    list_select_related = ("ministry",)
    search_fields = ("ref", "subject", "text", "document_number")
    autocomplete_fields = ("dossier", "sender")
    inlines = [LetterLinkInline, LetterTimeline]
    fieldsets = (
        (None, {"fields": ("ref", "date", "subject", "dossier", "status", "sent_at")}),
        ("Afzender", {"fields": ("ministry", "sender", "sender_function")}),
        ("Inhoud", {"fields": ("text", "pdf", "document_number")}),
        ("Niet openbaar", {"fields": ("internal_reference", "decision_memo", "internal_notes")}),
        (None, {"fields": ("version",)}),
    )
    readonly_fields = ("status", "sent_at")
