"""Admin building blocks: ministry scoping, the read-only timeline and workflow transition buttons.
They hold no business rule: they ask core.permissions and call the app's services."""
from __future__ import annotations

from concurrency.admin import ConcurrentModelAdmin
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from parsing.kamerstuk import KamerstukRef, KamerstukRefError

from .fields import REASON_MAX
from .permissions import allowed_ministry_ids, may_edit, scope_to_user, user_ministry
from .workflow import WorkflowError, status_label


class OverdueFilter(admin.SimpleListFilter):
    title = _("te laat")
    parameter_name = "te_laat"

    def lookups(self, request, model_admin):
        return [("ja", _("te laat")), ("nee", _("niet te laat"))]

    def queryset(self, request, queryset):
        overdue = queryset.overdue(timezone.localdate())
        if self.value() == "ja":
            return overdue
        if self.value() == "nee":
            return queryset.exclude(pk__in=overdue.values("pk"))
        return queryset


class MinistryScopedAdmin(admin.ModelAdmin):
    """Staff see and edit only their ministry's rows; superusers see all."""

    ministry_field = "ministry"

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user, self.ministry_field)

    def _obj_allowed(self, request, obj):
        return obj is None or may_edit(request.user, obj, self.ministry_field)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._obj_allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._obj_allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._obj_allowed(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.ministry_field:
            ids = allowed_ministry_ids(request.user)
            if ids is not None:
                kwargs["queryset"] = db_field.related_model.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        ministry = user_ministry(request.user)
        if ministry is not None:
            initial.setdefault(self.ministry_field, ministry.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if not may_edit(request.user, obj, self.ministry_field):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


class TimelineInline(admin.TabularInline):
    """The item's append-only status events, read-only."""

    extra = 0
    can_delete = False
    fields = ("at", "kind", "from_status", "to_status", "by", "reason", "letter", "deadline_change", "is_public")
    readonly_fields = fields
    ordering = ("at", "id")
    verbose_name = _("gebeurtenis")
    verbose_name_plural = _("tijdlijn")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("termijn"))
    def deadline_change(self, event):
        if event.kind != "deadline":
            return ""
        return format_html("{} → {}", event.old_deadline_phrase or "–", event.new_deadline_phrase or "–")


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX, required=False,
        help_text=_("De reden verschijnt op de openbare tijdlijn; zet interne informatie in de interne notities."),
    )


class WorkflowAdmin(MinistryScopedAdmin, ConcurrentModelAdmin):
    """Shows only the transitions the workflow allows now, as buttons; each asks for a reason and
    calls ``transition_service(item=..., to=..., by=..., reason=...)``."""

    change_form_template = "admin/workflow_change_form.html"
    change_list_template = "admin/workflow_change_list.html"
    transition_service = None  # a staticmethod set by the subclass
    transition_item_arg = "item"
    readonly_fields = ("status",)
    actions = ["bulk_transition"]

    def get_search_results(self, request, queryset, search_term):
        """A search term written as a Kamerstuk reference ('33 750 VI, nr. 63') also finds that item."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term and any(f.name == "ref" for f in self.opts.concrete_fields):
            try:
                ref = KamerstukRef.parse(search_term)
            except KamerstukRefError:
                return results, may_have_duplicates
            results = results | queryset.filter(ref=ref)
        return results, may_have_duplicates

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/overgang/<str:target>/", self.admin_site.admin_view(self.transition_view),
                 name="%s_%s_transition" % info),
            *super().get_urls(),
        ]

    def available_transitions(self, obj):
        return [(t.target, t.custom.get("label", t.target)) for t in obj.get_available_status_transitions()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_change_permission(request, obj):
            info = self.opts.app_label, self.opts.model_name
            extra_context["workflow_transitions"] = [
                (label, reverse("admin:%s_%s_transition" % info, args=[obj.pk, target]))
                for target, label in self.available_transitions(obj)
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def run_transition(self, request, obj, target, reason):
        self.transition_service(**{self.transition_item_arg: obj, "to": target, "by": request.user, "reason": reason})

    def transition_view(self, request, object_id, target):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        change_url = reverse("admin:%s_%s_change" % (self.opts.app_label, self.opts.model_name), args=[obj.pk])
        form = TransitionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                self.run_transition(request, obj, target, form.cleaned_data["reason"])
            except (WorkflowError, ValidationError) as exc:
                messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Status gewijzigd naar '%(s)s'.") % {"s": status_label(obj, target)})
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "original": obj, "form": form, "target_label": status_label(obj, target),
            "allowed": target in dict(self.available_transitions(obj)), "change_url": change_url,
            "title": _("Status wijzigen"),
        }
        return TemplateResponse(request, "admin/workflow_transition.html", context)

    @admin.action(description=_("Status van geselecteerde items wijzigen"))
    def bulk_transition(self, request, queryset):
        """Each item goes through the same service, one by one; refusals are reported, not hidden."""
        target = request.POST.get("target_status")
        labels = dict(self.opts.get_field("status").choices)
        if target not in labels:
            self.message_user(request, _("Kies een doelstatus."), messages.ERROR)
            return None
        done, refused = 0, []
        for obj in queryset:
            if not self.has_change_permission(request, obj):
                refused.append(f"{obj}: {_('geen rechten')}")
                continue
            try:
                self.run_transition(request, obj, target, request.POST.get("reason", ""))
                done += 1
            except (WorkflowError, ValidationError) as exc:
                refused.append(str(exc))
        if done:
            self.message_user(request, _("%(n)d item(s) gewijzigd.") % {"n": done}, messages.SUCCESS)
        for msg in refused:
            self.message_user(request, msg, messages.ERROR)
        return None

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["status_choices"] = self.opts.get_field("status").choices
        return super().changelist_view(request, extra_context)
