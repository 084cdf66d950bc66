import json
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from rangefilter.filters import DateRangeFilterBuilder

from core import deadlines
from core.admin_mixins import TimelineInline, WorkflowAdmin
from core.fields import DECISION_MEMO_MAX

from . import intake
from .models import Letter, LetterEvent, LetterLink, LetterStatus, LinkEffect, ProposalState
from .services import letter_transition


class LetterLinkInline(admin.TabularInline):
    model = LetterLink
    extra = 1
    autocomplete_fields = ("motion", "commitment")
    fields = ("motion", "commitment", "effect", "new_deadline_phrase", "confirmed")


class LetterTimeline(TimelineInline):
    model = LetterEvent
    fk_name = "letter_item"


class LetterAdminForm(forms.ModelForm):
    """The letter, plus the intake: the letter's PDF and a decision memo (PDF or text file) are read
    and analysed by a worker after saving (never in this request); a text file's length is checked
    here, a PDF's text there."""

    memo_upload = forms.FileField(
        label=_("beslisnota uploaden"), required=False,
        help_text=_("PDF of tekstbestand; de tekst komt in het (niet-openbare) veld beslisnota."),
    )
    analyse = forms.BooleanField(
        label=_("analyseren na opslaan"), required=False, initial=True,
        help_text=_("Zoek in brief en beslisnota welke moties en toezeggingen worden beantwoord en welke "
                    "nieuwe toezeggingen worden gedaan; u bevestigt de voorstellen daarna."),
    )

    pdf_changed, memo_pdf, memo_text = False, None, ""

    class Meta:
        model = Letter
        fields = "__all__"

    def clean_pdf(self):
        pdf = self.cleaned_data.get("pdf")
        self.pdf_changed = bool(pdf and "pdf" in self.changed_data and hasattr(pdf, "read"))
        if self.pdf_changed:
            self._read(pdf, lambda data: b"%PDF-" in data[:1024] or intake.IntakeError(
                _("Dit is geen PDF-bestand (de PDF-kop ontbreekt).")))
        return pdf

    def clean_memo_upload(self):
        memo = self.cleaned_data.get("memo_upload")
        self.memo_text, self.memo_pdf = "", None
        if memo:
            data = self._read(memo, lambda data: True)
            if intake.is_pdf(data, memo.name):
                self.memo_pdf = data  # read by the worker
            else:
                self.memo_text = self._checked(lambda: intake.plain_text(
                    data, suffix=Path(memo.name or "").suffix.lower(), max_chars=DECISION_MEMO_MAX))
        return memo

    def _read(self, uploaded, check) -> bytes:
        def read():
            intake.check_size(uploaded.size)
            uploaded.seek(0)
            data = uploaded.read()
            uploaded.seek(0)
            problem = check(data)
            if isinstance(problem, intake.IntakeError):
                raise problem
            return data
        return self._checked(read)

    @staticmethod
    def _checked(call):
        try:
            return call()
        except intake.IntakeError as error:
            raise ValidationError(str(error)) from error

    def intake_changed(self) -> bool:
        return bool(self.pdf_changed or self.memo_pdf or self.memo_text
                    or {"text", "decision_memo"} & set(self.changed_data))


def evidence_html(proposal) -> str:
    """The sentence a proposal came from, the words that say it (settles, the deadline) marked."""
    sentence, words = proposal.evidence, proposal.evidence_words
    if not sentence:
        return ""
    at = sentence.find(words) if words else -1
    if at < 0:
        return format_html("<q>{}</q>", sentence)
    return format_html("<q>{}<mark>{}</mark>{}</q>", sentence[:at], words, sentence[at + len(words):])


class IntakeReviewForm(forms.Form):
    """One checkbox per open proposal; the effect of a link, and the text and deadline of a
    follow-up commitment, can be corrected before confirming."""

    def __init__(self, *args, link_proposals=(), follow_up_proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.link_proposals, self.follow_up_proposals = list(link_proposals), list(follow_up_proposals)
        for p in self.link_proposals:
            self.fields[f"link_{p.pk}"] = forms.BooleanField(
                required=False, initial=p.confidence >= intake.CONFIDENCE_FIRST_MEMBER_DOSSIER,
                label=format_html("{} <small>({}, {} {})</small>", p.item, p.basis, _("zekerheid"), p.confidence))
            self.fields[f"link_{p.pk}_effect"] = forms.ChoiceField(
                choices=[c for c in LinkEffect.choices if c[0] != LinkEffect.POSTPONES], initial=p.effect,
                label=_("effect"))
        for p in self.follow_up_proposals:
            self.fields[f"followup_{p.pk}"] = forms.BooleanField(
                required=False, initial=True,
                label=format_html("{} <small>({}, {} {})</small>", _("Nieuwe toezegging"), p.basis,
                                  _("zekerheid"), p.confidence))
            self.fields[f"followup_{p.pk}_text"] = forms.CharField(
                initial=p.text, label=_("tekst"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
            self.fields[f"followup_{p.pk}_phrase"] = forms.CharField(
                initial=p.deadline_phrase, label=_("termijn"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        for p in self.follow_up_proposals:
            phrase = (data.get(f"followup_{p.pk}_phrase") or "").strip() or p.deadline_phrase
            if data.get(f"followup_{p.pk}"):
                try:
                    deadlines.parse(phrase)
                except ValidationError as error:
                    self.add_error(f"followup_{p.pk}_phrase", error)
        return data

    def rows(self):
        """(checkbox, other fields, evidence) per proposal, for the template."""
        links = [(self[f"link_{p.pk}"], [self[f"link_{p.pk}_effect"]], evidence_html(p)) for p in self.link_proposals]
        follow_ups = [(self[f"followup_{p.pk}"], [self[f"followup_{p.pk}_text"], self[f"followup_{p.pk}_phrase"]],
                       evidence_html(p)) for p in self.follow_up_proposals]
        return links, follow_ups

    def decisions(self):
        data = self.cleaned_data
        links = {p.pk: intake.LinkDecision(accept=bool(data.get(f"link_{p.pk}")), effect=data[f"link_{p.pk}_effect"])
                 for p in self.link_proposals}
        follow_ups = {p.pk: intake.FollowUpDecision(accept=bool(data.get(f"followup_{p.pk}")),
                                                    text=data.get(f"followup_{p.pk}_text", ""),
                                                    deadline_phrase=data.get(f"followup_{p.pk}_phrase", ""))
                      for p in self.follow_up_proposals}
        return links, follow_ups


@admin.register(Letter)
class LetterAdmin(WorkflowAdmin):
    form = LetterAdminForm
    change_form_template = "admin/letters/letter_intake_change_form.html"
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
        (_("Inhoud"), {"fields": ("text", "pdf", "document_number")}),
        (_("Niet openbaar"), {"fields": ("internal_reference", "decision_memo", "memo_upload", "internal_notes")}),
        (_("Analyse"), {"fields": ("analyse",)}),
        (None, {"fields": ("version",)}),
    )
    readonly_fields = ("status", "sent_at")

    # -- intake: read uploads on save, analyse, review the proposals -------------------------------

    def save_model(self, request, obj, form, change):
        if form.memo_text:
            obj.decision_memo = form.memo_text
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        letter = form.instance
        if form.cleaned_data.get("analyse") and form.intake_changed():
            self.run_analysis(request, letter, read_pdf=form.pdf_changed and "text" not in form.changed_data,
                              memo_document=form.memo_pdf, memo_name=getattr(form.cleaned_data.get("memo_upload"),
                                                                            "name", ""))

    def run_analysis(self, request, letter, **upload):
        intake.queue_analysis(letter=letter, by=request.user, **upload)
        self.message_user(request, format_html(
            _("Analyse loopt. De voorstellen verschijnen op <a href=\"{}\">Analyse en voorstellen</a> zodra "
              "ze klaar zijn."), self.intake_url(letter)), messages.INFO)

    def intake_url(self, letter):
        return reverse("admin:letters_letter_intake", args=[letter.pk])

    def get_urls(self):
        return [
            path("<path:object_id>/voorstellen/", self.admin_site.admin_view(self.intake_view),
                 name="letters_letter_intake"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "intake_url": reverse("admin:letters_letter_intake", args=[object_id])}
        return super().change_view(request, object_id, form_url, extra_context)

    def intake_view(self, request, object_id):
        letter = self.get_object(request, object_id)
        if letter is None:
            raise Http404
        if not self.has_change_permission(request, letter):
            raise PermissionDenied
        change_url = reverse("admin:letters_letter_change", args=[letter.pk])
        if request.method == "POST" and "analyse" in request.POST:
            self.run_analysis(request, letter)
            return HttpResponseRedirect(self.intake_url(letter))
        open_links = letter.link_proposals.filter(state=ProposalState.PROPOSED).select_related("motion", "commitment")
        open_follow_ups = letter.follow_up_proposals.filter(state=ProposalState.PROPOSED)
        form = IntakeReviewForm(request.POST or None, link_proposals=open_links, follow_up_proposals=open_follow_ups)
        if request.method == "POST" and form.is_valid():
            links, follow_ups = form.decisions()
            try:
                made_links, made_commitments = intake.letter_confirm_proposals(
                    letter=letter, links=links, follow_ups=follow_ups, by=request.user)
            except (intake.IntakeError, ValidationError) as error:
                self.message_user(request, "; ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
                return HttpResponseRedirect(self.intake_url(letter))
            self.message_user(request, _("%(l)d koppeling(en) en %(c)d toezegging(en) vastgelegd.")
                              % {"l": len(made_links), "c": len(made_commitments)}, messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        link_rows, follow_up_rows = form.rows()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "original": letter, "form": form, "change_url": change_url,
            "link_rows": link_rows, "follow_up_rows": follow_up_rows,
            "decided_links": letter.link_proposals.exclude(state=ProposalState.PROPOSED).select_related(
                "motion", "commitment"),
            "decided_follow_ups": letter.follow_up_proposals.exclude(state=ProposalState.PROPOSED),
            "analyses": [(a.get_source_display(), json.dumps(a.data, indent=2, ensure_ascii=False))
                         for a in letter.analyses.all()],
            "job": letter.intake_jobs.first(),
            "notes": [note for a in letter.analyses.all() for note in a.data.get("notes", [])],
            "is_sent": letter.status == LetterStatus.SENT,
            "title": _("Voorstellen uit de analyse"),
        }
        return TemplateResponse(request, "admin/letters/letter_intake.html", context)
