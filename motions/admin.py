from django.contrib import admin
from rangefilter.filters import DateRangeFilterBuilder

from core.admin_mixins import OverdueFilter, TimelineInline, WorkflowAdmin
from letters.models import LetterLink

from .models import Motion, MotionEvent, MotionSubmitter, MotionVote
from .services import motion_transition


class SubmitterInline(admin.TabularInline):
    model = MotionSubmitter
    extra = 0
    autocomplete_fields = ("person", "party")


class VoteInline(admin.TabularInline):
    model = MotionVote
    extra = 0
    autocomplete_fields = ("party",)


class MotionLetterInline(admin.TabularInline):
    model = LetterLink
    fk_name = "motion"
    extra = 0
    fields = ("letter", "effect", "new_deadline_phrase")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "beantwoord door"

    def has_add_permission(self, request, obj=None):
        return False


class MotionTimeline(TimelineInline):
    model = MotionEvent


@admin.register(Motion)
class MotionAdmin(WorkflowAdmin):
    transition_service = staticmethod(motion_transition)
    transition_item_arg = "motion"
    list_display = ("ref", "title", "status", "cabinet_verdict", "ministry", "deadline_date", "responsible")
    list_filter = (
        "status", "ministry", OverdueFilter, ("deadline_date", DateRangeFilterBuilder()), "dossier", "cabinet_verdict",
    )
    list_select_related = ("ministry", "responsible", "dossier")
    search_fields = ("ref", "title", "text", "submitters__person__surname")
    autocomplete_fields = ("dossier", "debate", "replaces")
    readonly_fields = ("status",)
    inlines = [SubmitterInline, VoteInline, MotionLetterInline, MotionTimeline]
    fieldsets = (
        (None, {"fields": ("ref", "title", "text", "dossier", "submitted_on", "debate", "replaces", "status")}),
        ("Stemming en appreciatie", {"fields": ("cabinet_verdict", "vote_date", "vote_result")}),
        ("Uitvoering", {"fields": ("ministry", "responsible", "deadline_phrase", "deadline_precision", "deadline_date")}),
        ("Niet openbaar", {"fields": ("internal_notes",)}),
        (None, {"fields": ("version",)}),
    )
