from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.translation import gettext_lazy as _
from rangefilter.filters import DateRangeFilterBuilder

from core.admin_mixins import (
    ChangedSinceFilter,
    DeadlineItemForm,
    DueFilter,
    OverdueFilter,
    ResponsibleFilter,
    TimelineInline,
    TransitionForm,
    WorkflowAdmin,
)
from letters.admin_inlines import AnsweredByInline

from .models import Motion, MotionEvent, MotionSubmitter, MotionVote
from .services import VOTE_OUTCOMES, motion_create, motion_record_vote, motion_transition, motion_update


class SubmitterInline(admin.TabularInline):
    model = MotionSubmitter
    extra = 0
    autocomplete_fields = ("person", "party")


class VoteInline(admin.TabularInline):
    model = MotionVote
    extra = 0
    autocomplete_fields = ("party",)


class MotionLetterInline(AnsweredByInline):
    fk_name = "motion"


class MotionTimeline(TimelineInline):
    model = MotionEvent


class VoteTransitionForm(TransitionForm):
    """Recording the House's decision also asks when it was taken: the timeline shows that day."""

    vote_date = forms.DateField(label=_("datum stemming"), required=False, widget=AdminDateWidget,
                                help_text=_("Leeg: de datum die al bij de motie staat."))

    def __init__(self, *args, item=None, target=None, **kwargs):
        super().__init__(*args, item=item, target=target, **kwargs)
        if item is not None and item.vote_date:
            self.fields["vote_date"].initial = item.vote_date


@admin.register(Motion)
class MotionAdmin(WorkflowAdmin):
    create_service = staticmethod(motion_create)
    update_service = staticmethod(motion_update)
    transition_service = staticmethod(motion_transition)
    transition_item_arg = "motion"
    form = DeadlineItemForm
    list_display = ("ref", "title", "chamber", "status", "cabinet_verdict", "ministry", "deadline_date", "responsible")
    list_filter = (
        "status", "chamber", "ministry", ResponsibleFilter, OverdueFilter, DueFilter, ("deadline_date", DateRangeFilterBuilder()),
        "dossier", "cabinet_verdict", ChangedSinceFilter,
    )
    list_select_related = ("ministry", "responsible", "dossier")
    search_fields = ("ref", "title", "text", "submitters__person__surname")
    autocomplete_fields = ("dossier", "debate", "replaces")
    readonly_fields = ("status", "deadline_precision", "deadline_date")
    inlines = [SubmitterInline, VoteInline, MotionLetterInline, MotionTimeline]
    fieldsets = (
        (None, {"fields": ("ref", "chamber", "title", "text", "dossier", "submitted_on", "debate", "replaces", "status")}),
        (_("Stemming en appreciatie"), {"fields": ("cabinet_verdict", "vote_date", "vote_result")}),
        (_("Uitvoering"), {"fields": ("ministry", "responsible", "deadline_phrase", "deadline_exact",
                                      "deadline_reason", "deadline_precision", "deadline_date")}),
        (_("Niet openbaar"), {"fields": ("internal_notes",)}),
        (None, {"fields": ("version",)}),
    )

    def transition_form_for(self, obj, target):
        return VoteTransitionForm if target in VOTE_OUTCOMES else super().transition_form_for(obj, target)

    def run_transition(self, request, obj, target, data):
        if target not in VOTE_OUTCOMES:
            return super().run_transition(request, obj, target, data)
        return motion_record_vote(motion=obj, outcome=target, by=request.user, reason=data.get("reason", ""),
                                  vote_date=data.get("vote_date") or obj.vote_date, result_text=obj.vote_result)
