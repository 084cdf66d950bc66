import json
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from rangefilter.filters import DateRangeFilterBuilder

from core import deadlines
from core.admin_mixins import (
    ChangedSinceFilter,
    KnownChoiceFilter,
    ScopedChoicesMixin,
    TimelineInline,
    TrackedItemForm,
    WorkflowAdmin,
    admin_views,
    optional_field,
)
from core.fields import DECISION_MEMO_MAX, REASON_MAX

from . import intake
from . import services as letters_services
from .models import Letter, LetterEvent, LetterLink, LetterStatus, LinkEffect, ProposalState
from .services import (
    OWN_HANDLING_FIELDS,
    letter_change_link,
    letter_correct,
    letter_link,
    letter_unlink,
    letter_update,
    link_refusal,
)


class LetterLinkForm(forms.ModelForm):
    """One motion or commitment the letter answers. What the services refuse (another ministry's
    item, a move its workflow no longer allows) is refused here, next to the row."""

    kt_user = None  # set per request by LetterLinkInline.get_formset

    class Meta:
        model = LetterLink
        fields = ("motion", "commitment", "effect", "new_deadline_phrase", "confirmed")

    def clean(self):
        data = super().clean()
        if self.errors or data.get("DELETE") or not self.has_changed():
            return data
        item = data.get("motion") or data.get("commitment")
        letter = getattr(self.instance, "letter", None)
        if item is not None and letter is not None:
            why = link_refusal(
                letter=letter, item=item, effect=data.get("effect") or LinkEffect.SETTLES, by=self.kt_user
            )
            if why:
                raise ValidationError(why)
        return data


class LetterLinkInline(ScopedChoicesMixin, admin.TabularInline):
    model = LetterLink
    form = LetterLinkForm
    extra = 1
    autocomplete_fields = ("motion", "commitment")
    fields = ("motion", "commitment", "effect", "new_deadline_phrase", "confirmed")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.kt_user = request.user  # the form class is made per request
        return formset

    def _sent(self, obj):
        return obj is not None and obj.status == LetterStatus.SENT

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if self._sent(obj) else self.extra

    def has_add_permission(self, request, obj=None):
        return not self._sent(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._sent(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._sent(obj) and super().has_delete_permission(request, obj)

    def save_through_services(self, request, letter, formset) -> bool:
        """Every added, changed or removed link goes through the letter services; True when any did."""
        # what the admin's change message reads (set by formset.save() elsewhere)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for form in formset.initial_forms:
            link = LetterLink.objects.get(pk=form.instance.pk)
            if form in formset.deleted_forms:
                letter_unlink(link=link, by=request.user)
                formset.deleted_objects.append(link)
            elif form.has_changed():
                data = form.cleaned_data
                item = data.get("motion") or data.get("commitment")
                if item != link.item:
                    letter_unlink(link=link, by=request.user)
                    letter_link(
                        letter=letter,
                        item=item,
                        effect=data["effect"],
                        by=request.user,
                        new_deadline_phrase=data.get("new_deadline_phrase", ""),
                        confirmed=data.get("confirmed", True),
                    )
                else:
                    letter_change_link(
                        link=link,
                        effect=data["effect"],
                        by=request.user,
                        new_deadline_phrase=data.get("new_deadline_phrase", ""),
                        confirmed=data.get("confirmed", True),
                    )
                formset.changed_objects.append((link, form.changed_data))
        for form in formset.extra_forms:
            if not form.has_changed() or form in formset.deleted_forms:
                continue
            data = form.cleaned_data
            formset.new_objects.append(
                letter_link(
                    letter=letter,
                    item=data.get("motion") or data.get("commitment"),
                    effect=data["effect"],
                    new_deadline_phrase=data.get("new_deadline_phrase", ""),
                    confirmed=data.get("confirmed", True),
                    by=request.user,
                )
            )
        return bool(formset.new_objects or formset.changed_objects or formset.deleted_objects)


class WaitingFilter(KnownChoiceFilter):
    """Letters waiting for a decision (``for_decision``) or for the confirmation of what the analysis
    proposed (``with_open_proposals``)."""

    title = _("wacht op")
    parameter_name = "wacht_op"
    DECISION, CONFIRMATION = "besluit", "bevestiging"
    options = [(DECISION, _("een besluit")), (CONFIRMATION, _("bevestiging van voorstellen"))]

    def apply(self, request, queryset, choice):
        return queryset.for_decision() if choice == self.DECISION else queryset.with_open_proposals()


class LetterTimeline(TimelineInline):
    model = LetterEvent
    fk_name = "letter_item"


class LetterAdminForm(TrackedItemForm):
    """The letter, plus the intake: the letter's PDF and a decision memo (PDF or text file) are read
    and analysed by a worker after saving (never in this request); a text file's length is checked
    here, a PDF's text there."""

    memo_upload = optional_field(
        forms.FileField,
        _("beslisnota uploaden"),
        _("PDF of tekstbestand; de tekst komt in het (niet-openbare) veld beslisnota."),
    )
    analyse = optional_field(
        forms.BooleanField,
        _("analyseren na opslaan"),
        _(
            "Zoek in brief en beslisnota welke moties en toezeggingen worden beantwoord en welke "
            "nieuwe toezeggingen worden gedaan; u bevestigt de voorstellen daarna."
        ),
        initial=True,
    )

    pdf_changed, memo_pdf, memo_text = False, None, ""

    class Meta:
        model = Letter
        fields = "__all__"

    def clean_pdf(self):
        pdf = self.cleaned_data.get("pdf")
        self.pdf_changed = bool(pdf and "pdf" in self.changed_data and hasattr(pdf, "read"))
        if self.pdf_changed:
            self._read(
                pdf,
                lambda data: (
                    b"%PDF-" in data[:1024] or intake.IntakeError(_("Dit is geen PDF-bestand (de PDF-kop ontbreekt)."))
                ),
            )
        return pdf

    def clean_memo_upload(self):
        memo = self.cleaned_data.get("memo_upload")
        self.memo_text, self.memo_pdf = "", None
        if memo:
            data = self._read(memo, lambda data: True)
            if intake.is_pdf(data, memo.name):
                self.memo_pdf = data  # read by the worker
            else:
                self.memo_text = self._checked(
                    lambda: intake.plain_text(
                        data, suffix=Path(memo.name or "").suffix.lower(), max_chars=DECISION_MEMO_MAX
                    )
                )
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
        return bool(
            self.pdf_changed or self.memo_pdf or self.memo_text or {"text", "decision_memo"} & set(self.changed_data)
        )


def evidence_html(proposal) -> str:
    """The sentence a proposal came from, the words that say it (settles, the deadline) marked."""
    sentence, words = proposal.evidence, proposal.evidence_words
    if not sentence:
        return ""
    at = sentence.find(words) if words else -1
    if at < 0:
        return format_html("<q>{}</q>", sentence)
    return format_html("<q>{}<mark>{}</mark>{}</q>", sentence[:at], words, sentence[at + len(words) :])


class LetterCorrectionForm(forms.ModelForm):
    """Correcting what was published of a sent letter: the fields, and the reason, which goes on its
    public timeline."""

    reason = forms.CharField(
        label=_("reden van de correctie"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Komt op de openbare tijdlijn van de brief."),
    )

    class Meta:
        model = Letter
        fields = ("ref", "date", "subject", "dossier", "sender", "sender_function", "document_number", "text")


class IntakeReviewForm(forms.Form):
    """One checkbox per open proposal; the effect of a link, and the text and deadline of a
    follow-up commitment, can be corrected before confirming."""

    def __init__(self, *args, link_proposals=(), follow_up_proposals=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.link_proposals, self.follow_up_proposals = list(link_proposals), list(follow_up_proposals)
        for p in self.link_proposals:
            label = format_html("{} <small>({}, {} {})</small>", p.item, p.basis, _("zekerheid"), p.confidence)
            if p.note:
                label = format_html("{} <strong>{}</strong>", label, p.note)
            self.fields[f"link_{p.pk}"] = forms.BooleanField(
                required=False,
                initial=p.confidence >= intake.CONFIDENCE_FIRST_MEMBER_DOSSIER and not p.note,
                label=label,
            )
            self.fields[f"link_{p.pk}_effect"] = forms.ChoiceField(
                choices=[c for c in LinkEffect.choices if c[0] != LinkEffect.POSTPONES],
                initial=p.effect,
                label=_("effect"),
            )
        for p in self.follow_up_proposals:
            self.fields[f"followup_{p.pk}"] = forms.BooleanField(
                required=False,
                initial=True,
                label=format_html(
                    "{} <small>({}, {} {})</small>", _("Nieuwe toezegging"), p.basis, _("zekerheid"), p.confidence
                ),
            )
            self.fields[f"followup_{p.pk}_text"] = forms.CharField(
                initial=p.text, label=_("tekst"), required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
            self.fields[f"followup_{p.pk}_phrase"] = forms.CharField(
                initial=p.deadline_phrase, label=_("termijn"), required=False, max_length=200
            )

    def clean(self):
        data = super().clean()
        for p in self.link_proposals:
            if data.get(f"link_{p.pk}"):
                why = link_refusal(letter=p.letter, item=p.item, effect=data.get(f"link_{p.pk}_effect"), by=self.user)
                if why:
                    self.add_error(f"link_{p.pk}", why)
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
        follow_ups = [
            (
                self[f"followup_{p.pk}"],
                [self[f"followup_{p.pk}_text"], self[f"followup_{p.pk}_phrase"]],
                evidence_html(p),
            )
            for p in self.follow_up_proposals
        ]
        return links, follow_ups

    def decisions(self):
        data = self.cleaned_data
        links = {
            p.pk: intake.LinkDecision(accept=bool(data.get(f"link_{p.pk}")), effect=data[f"link_{p.pk}_effect"])
            for p in self.link_proposals
        }
        follow_ups = {
            p.pk: intake.FollowUpDecision(
                accept=bool(data.get(f"followup_{p.pk}")),
                text=data.get(f"followup_{p.pk}_text", ""),
                deadline_phrase=data.get(f"followup_{p.pk}_phrase", ""),
            )
            for p in self.follow_up_proposals
        }
        return links, follow_ups


@admin.register(Letter)
class LetterAdmin(WorkflowAdmin):
    form = LetterAdminForm
    change_form_template = "admin/letters/letter_intake_change_form.html"
    services = letters_services.SERVICES
    list_display = ("__str__", "subject", "date", "status", "ministry")
    list_filter = (
        "status",
        "ministry",
        WaitingFilter,
        ("date", DateRangeFilterBuilder()),
        "dossier",
        ChangedSinceFilter,
    )
    list_select_related = ("ministry",)
    search_fields = ("ref", "subject", "text", "document_number", "internal_reference")
    autocomplete_fields = ("dossier", "sender")
    inlines = [LetterLinkInline, LetterTimeline]
    fieldsets = (
        (None, {"fields": ("ref", "date", "subject", "dossier", "status", "sent_at")}),
        (_("Afzender"), {"fields": ("ministry", "sender", "sender_function")}),
        (_("Inhoud"), {"fields": ("text", "pdf", "document_number")}),
        (_("Niet openbaar"), {"fields": ("internal_reference", "decision_memo", "memo_upload", "internal_notes")}),
        (_("Analyse"), {"fields": ("analyse",)}),
        (None, {"fields": ("version",)}),
    )
    readonly_fields = ("status", "sent_at")
    form_only_fields = {*WorkflowAdmin.form_only_fields, "memo_upload", "analyse"}

    # -- a sent letter: published, so read-only but for our own handling of it -------------------

    def get_readonly_fields(self, request, obj=None):
        if obj is None or obj.status != LetterStatus.SENT:
            return self.readonly_fields
        editable_fields = {*OWN_HANDLING_FIELDS, "memo_upload", "version"}
        names = [name for _title, options in self.fieldsets for name in options["fields"]]
        return [name for name in names if name not in editable_fields and name != "analyse"]

    def get_fieldsets(self, request, obj=None):
        if obj is None or obj.status != LetterStatus.SENT:
            return self.fieldsets
        return [(title, options) for title, options in self.fieldsets if options["fields"] != ("analyse",)]

    # -- intake: read uploads on save, analyse, review the proposals -------------------------------

    def service_data(self, request, form, change):
        data = super().service_data(request, form, change)
        if form.memo_text:  # a memo uploaded as a text file; a PDF memo is read by the worker
            data["decision_memo"] = form.memo_text
        return data

    def save_formset(self, request, form, formset, change):
        inline = getattr(formset, "kt_inline", None)
        if isinstance(inline, LetterLinkInline):
            if inline.save_through_services(request, form.instance, formset) and change:
                letter_update(letter=form.instance, data={}, by=request.user, extra_changed=["links"])
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        letter = form.instance
        if form.cleaned_data.get("analyse") and form.intake_changed():
            self.run_analysis(
                request,
                letter,
                read_pdf=form.pdf_changed and "text" not in form.changed_data,
                memo_document=form.memo_pdf,
                memo_name=getattr(form.cleaned_data.get("memo_upload"), "name", ""),
            )

    def run_analysis(self, request, letter, **upload):
        intake.queue_analysis(letter=letter, by=request.user, **upload)
        self.message_user(
            request,
            format_html(
                _(
                    'Analyse loopt. De voorstellen verschijnen op <a href="{}">Analyse en voorstellen</a> zodra '
                    "ze klaar zijn."
                ),
                self.intake_url(letter),
            ),
            messages.INFO,
        )

    def intake_url(self, letter):
        return reverse("admin:letters_letter_intake", args=[letter.pk])

    def get_urls(self):
        return [
            *admin_views(
                self,
                ("<path:object_id>/voorstellen/", self.intake_view, "letters_letter_intake"),
                ("<path:object_id>/corrigeren/", self.correct_view, "letters_letter_correct"),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "intake_url": reverse("admin:letters_letter_intake", args=[object_id]),
        }
        letter = self.get_object(request, object_id)
        if letter is not None and letter.status == LetterStatus.SENT and self.has_change_permission(request, letter):
            extra_context["correct_url"] = reverse("admin:letters_letter_correct", args=[letter.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    def correct_view(self, request, object_id):
        """Correct a published letter: an explicit action, with a reason on its public timeline."""
        letter = self.editable_object(request, object_id)
        change_url = self.change_url(letter)
        if letter.status != LetterStatus.SENT:
            self.message_user(
                request,
                _("Alleen een verzonden brief wordt gecorrigeerd; wijzig een concept gewoon."),
                messages.WARNING,
            )
            return HttpResponseRedirect(change_url)
        form = LetterCorrectionForm(request.POST or None, instance=Letter.objects.get(pk=letter.pk))
        if request.method == "POST" and form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.changed_data if name != "reason"}
            try:
                changed = letter_correct(letter=letter, data=data, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if changed:
                    self.message_user(
                        request,
                        _("Correctie vastgelegd: %(fields)s.")
                        % {"fields": ", ".join(str(Letter._meta.get_field(n).verbose_name) for n in changed)},
                        messages.SUCCESS,
                    )
                else:
                    self.message_user(request, _("Er is niets gewijzigd."), messages.INFO)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": letter,
            "form": form,
            "change_url": change_url,
            "title": _("Verzonden brief corrigeren"),
        }
        return TemplateResponse(request, "admin/letters/letter_correct.html", context)

    def intake_view(self, request, object_id):
        letter = self.editable_object(request, object_id)
        change_url = self.change_url(letter)
        if request.method == "POST" and "analyse" in request.POST:
            self.run_analysis(request, letter)
            return HttpResponseRedirect(self.intake_url(letter))
        open_links = letter.link_proposals.filter(state=ProposalState.PROPOSED).select_related(
            "letter__ministry", "motion__ministry", "commitment__ministry"
        )
        open_follow_ups = letter.follow_up_proposals.filter(state=ProposalState.PROPOSED)
        form = IntakeReviewForm(
            request.POST or None, link_proposals=open_links, follow_up_proposals=open_follow_ups, user=request.user
        )
        if request.method == "POST" and form.is_valid():
            links, follow_ups = form.decisions()
            try:
                made_links, made_commitments = intake.letter_confirm_proposals(
                    letter=letter, links=links, follow_ups=follow_ups, by=request.user
                )
            except (intake.IntakeError, ValidationError) as error:
                self.message_user(request, "; ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
                return HttpResponseRedirect(self.intake_url(letter))
            self.message_user(
                request,
                _("%(l)d koppeling(en) en %(c)d toezegging(en) vastgelegd.")
                % {"l": len(made_links), "c": len(made_commitments)},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        link_rows, follow_up_rows = form.rows()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": letter,
            "form": form,
            "change_url": change_url,
            "link_rows": link_rows,
            "follow_up_rows": follow_up_rows,
            "decided_links": letter.link_proposals.exclude(state=ProposalState.PROPOSED).select_related(
                "motion", "commitment"
            ),
            "decided_follow_ups": letter.follow_up_proposals.exclude(state=ProposalState.PROPOSED),
            "analyses": [
                (a.get_source_display(), json.dumps(a.data, indent=2, ensure_ascii=False))
                for a in letter.analyses.all()
            ],
            "job": letter.intake_jobs.first(),
            "notes": [note for a in letter.analyses.all() for note in a.data.get("notes", [])],
            "is_sent": letter.status == LetterStatus.SENT,
            "title": _("Voorstellen uit de analyse"),
        }
        return TemplateResponse(request, "admin/letters/letter_intake.html", context)
