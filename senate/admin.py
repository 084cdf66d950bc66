"""The rappel intake in the admin: paste (or upload) a rappel, review what it proposes, confirm.

The add page is the paste form; an intake's change page is its review: one row per T-number, a
checkbox for each proposal that would change something. The views only parse input and call
``senate.rappel``; the rules (who may, what is proposed, what confirming does) live there.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import optional_field
from core.models import Ministry
from core.permissions import allowed_ministry_ids, may_edit, scope_to_user
from parsing.rappel import MAX_TEXT_LENGTH

from . import rappel
from .models import RappelIntake


class RappelPasteForm(forms.Form):
    text = forms.CharField(
        label=_("Tekst van de rappelpagina"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text=_("Selecteer op de rappelpagina van de Eerste Kamer alles (Ctrl+A), kopieer en plak het hier."),
    )
    upload = optional_field(
        forms.FileField,
        _("Of de opgeslagen pagina"),
        _("Een opgeslagen pagina (.html, .htm) of een tekstbestand (.txt)."),
    )
    ministry = forms.ModelChoiceField(
        label=_("Ministerie"),
        queryset=Ministry.objects.none(),
        required=False,
        help_text=_("Alleen nodig als het rappel geen (bekend) ministerie noemt."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = allowed_ministry_ids(user)
        self.fields["ministry"].queryset = (
            Ministry.objects.all() if ids is None else Ministry.objects.filter(pk__in=ids)
        )

    def clean(self):
        data = super().clean()
        upload, text = data.get("upload"), data.get("text") or ""
        if upload and text.strip():
            raise forms.ValidationError(_("Plak de tekst óf kies een bestand, niet allebei."))
        if upload:
            if upload.size > rappel.max_upload_bytes():
                raise forms.ValidationError(
                    _("Het bestand is %(size).1f MB; het maximum is %(max).1f MB.")
                    % {"size": upload.size / 2**20, "max": rappel.max_upload_bytes() / 2**20}
                )
            try:
                data["text"] = rappel.upload_text(upload.read(), name=upload.name, content_type=upload.content_type)
            except rappel.RappelIntakeError as error:
                raise forms.ValidationError(str(error)) from error
        elif not text.strip():
            raise forms.ValidationError(_("Plak de tekst van een rappelpagina of kies een opgeslagen pagina."))
        return data


class RappelReviewForm(forms.Form):
    """A checkbox per proposal that would change something, with the key of what was shown."""

    def __init__(self, *args, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        for p in self.proposals:
            if p.actionable:
                self.fields[f"accept_{p.number}"] = forms.BooleanField(
                    required=False,
                    initial=True,
                    label=_("%(number)s aanmaken") % {"number": p.number}
                    if p.action == rappel.NEW
                    else _("%(number)s bijwerken") % {"number": p.number},
                )
                self.fields[f"key_{p.number}"] = forms.CharField(widget=forms.HiddenInput, initial=p.key)

    def rows(self):
        return [
            (p, self[f"accept_{p.number}"] if p.actionable else None, self[f"key_{p.number}"] if p.actionable else None)
            for p in self.proposals
        ]

    def accepted(self) -> dict[str, str]:
        return {
            p.number: self.cleaned_data.get(f"key_{p.number}", "")
            for p in self.proposals
            if p.actionable and self.cleaned_data.get(f"accept_{p.number}")
        }


@admin.register(RappelIntake)
class RappelIntakeAdmin(admin.ModelAdmin):
    # The add and change pages are the paste and review views below; these are the fields of the
    # admin's own form, which no page shows.
    fields = ("ministry", "source_name", "rappel_name", "rappel_until")
    list_display = ("__str__", "ministry", "source_name", "created_by", "created_at", "confirmed_at")
    list_select_related = ("ministry", "created_by")
    list_filter = ("ministry",)
    search_fields = ("rappel_name", "source_name")

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user)

    def has_module_permission(self, request):
        return rappel.may_use(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request):
        return rappel.may_use(request.user)

    def has_change_permission(self, request, obj=None):
        return rappel.may_use(request.user) and (obj is None or may_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_active and request.user.is_superuser)

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "changelist_url": reverse("admin:senate_rappelintake_changelist"),
            **extra,
        }

    def add_view(self, request, form_url="", extra_context=None):
        """Paste or upload a rappel; it is read at once and stored for review (nothing else changes)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = RappelPasteForm(request.POST if posted else None, request.FILES if posted else None, user=request.user)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data.get("upload")
            try:
                intake = rappel.rappel_intake_create(
                    text=form.cleaned_data["text"],
                    by=request.user,
                    ministry=form.cleaned_data.get("ministry"),
                    source_name=upload.name if upload else "",
                )
            except rappel.RappelIntakeError as error:
                form.add_error(None, str(error))
            else:
                return HttpResponseRedirect(reverse("admin:senate_rappelintake_change", args=[intake.pk]))
        return TemplateResponse(
            request,
            "admin/senate/rappel_paste.html",
            self._context(request, form=form, title=_("Rappel van de Eerste Kamer inlezen")),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review: what confirming would do per T-number; confirming applies the ticked rows."""
        intake = self.get_object(request, object_id)
        if intake is None:
            raise Http404
        if not self.has_change_permission(request, intake):
            raise PermissionDenied
        try:
            proposals = rappel.rappel_proposals(intake=intake, user=request.user)
        except rappel.RappelIntakeError as error:
            self.message_user(request, str(error), messages.ERROR)
            proposals = []
        form = RappelReviewForm(request.POST if request.method == "POST" else None, proposals=proposals)
        if request.method == "POST" and form.is_valid():
            try:
                outcome = rappel.rappel_confirm(intake=intake, accepted=form.accepted(), by=request.user)
            except rappel.RappelIntakeError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _(
                        "Bevestigd: %(created)d toezegging(en) aangemaakt, %(status)d status(sen), %(deadlines)d "
                        "deadline(s) en %(updates)d verantwoordelijke(n) gewijzigd."
                    )
                    % {
                        "created": len(outcome.created),
                        "status": outcome.status_changes,
                        "deadlines": outcome.deadline_events,
                        "updates": outcome.updates,
                    },
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(reverse("admin:senate_rappelintake_change", args=[intake.pk]))
        counts = {
            action: sum(1 for p in proposals if p.action == action)
            for action in (rappel.NEW, rappel.UPDATE, rappel.UNCHANGED, rappel.SKIPPED)
        }
        return TemplateResponse(
            request,
            "admin/senate/rappel_review.html",
            self._context(
                request,
                original=intake,
                form=form,
                rows=form.rows(),
                counts=counts,
                actionable=any(p.actionable for p in proposals),
                title=_("%(rappel)s: voorstellen") % {"rappel": intake},
            ),
        )
