from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import OwedItemAdmin, TimelineInline, TransitionForm
from letters.admin_inlines import AnsweredByInline

from . import services as motions_services
from .models import Motion, MotionEvent, MotionSubmitter, MotionVote
from .services import VOTE_OUTCOMES, motion_record_vote


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

    vote_date = forms.DateField(
        label=_("datum stemming"),
        required=False,
        widget=AdminDateWidget,
        help_text=_("Leeg: de datum die al bij de motie staat."),
    )

    def __init__(self, *args, item=None, target=None, **kwargs):
        super().__init__(*args, item=item, target=target, **kwargs)
        if item is not None and item.vote_date:
            self.fields["vote_date"].initial = item.vote_date


@admin.register(Motion)
class MotionAdmin(OwedItemAdmin):
    services = motions_services.SERVICES
    list_display = ("ref", "title", "chamber", "status", "cabinet_verdict", "ministry", "deadline_date", "responsible")
    own_filters = ("dossier", "cabinet_verdict")
    list_select_related = ("ministry", "responsible", "dossier")
    search_fields = ("ref", "title", "text", "submitters__person__surname")
    autocomplete_fields = ("dossier", "debate", "replaces")
    inlines = [SubmitterInline, VoteInline, MotionLetterInline, MotionTimeline]
    own_fieldsets = (
        (
            None,
            {"fields": ("ref", "chamber", "title", "text", "dossier", "submitted_on", "debate", "replaces", "status")},
        ),
        (_("Stemming en appreciatie"), {"fields": ("cabinet_verdict", "vote_date", "vote_result")}),
    )

    def transition_form_for(self, obj, target):
        return VoteTransitionForm if target in VOTE_OUTCOMES else super().transition_form_for(obj, target)

    def run_transition(self, request, obj, target, data):
        if target not in VOTE_OUTCOMES:
            return super().run_transition(request, obj, target, data)
        return motion_record_vote(
            motion=obj,
            outcome=target,
            by=request.user,
            reason=data.get("reason", ""),
            vote_date=data.get("vote_date") or obj.vote_date,
            result_text=obj.vote_result,
        )
