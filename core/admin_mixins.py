"""Admin building blocks: ministry scoping, the read-only timeline and workflow transition buttons.
They hold no business rule: they ask core.permissions and call the app's services."""

from __future__ import annotations

import datetime as dt

from concurrency.admin import ConcurrentModelAdmin
from concurrency.forms import ConcurrentForm
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rangefilter.filters import DateRangeFilterBuilder

from parsing.kamerstuk import KamerstukRef, KamerstukRefError

from . import deadlines
from .fields import REASON_MAX
from .models import Ministry
from .permissions import (
    allowed_ministry_ids,
    assignable_users,
    check_assignment,
    check_update,
    editable,
    is_tracked,
    may_change,
    may_edit,
    scope_to_user,
    user_ministry,
)
from .workflow import WorkflowError, status_label


def optional_field(field_class: type[forms.Field], label, help_text, **kwargs) -> forms.Field:
    """A field a staff form has beyond the model's, which may be left empty (a file to read, a choice
    to make): ``optional_field(forms.FileField, _("…"), _("…"))``."""
    return field_class(label=label, required=False, help_text=help_text, **kwargs)


def admin_views(model_admin, *views) -> list:
    """The URL patterns of a model admin's own pages, each given as ``(route, view, name)``, behind the
    admin's login and permission check (``admin_site.admin_view``)."""
    return [path(route, model_admin.admin_site.admin_view(view), name=name) for route, view, name in views]


class KnownChoiceFilter(admin.SimpleListFilter):
    """A list filter that refuses a value it does not offer (Django's error for a bad filter), instead
    of quietly listing everything. A subclass lists its ``options`` (or computes them in ``lookups``)
    and says in :meth:`apply` what a chosen one keeps; with none chosen the list is unfiltered."""

    options: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()

    def lookups(self, request, model_admin):
        return self.options

    def choice(self):
        value = self.value()
        if value is not None and value not in {str(v) for v, _label in self.lookup_choices}:
            raise IncorrectLookupParameters(f"{self.parameter_name}={value!r}")
        return value

    def queryset(self, request, queryset):
        choice = self.choice()
        return queryset if choice is None else self.apply(request, queryset, choice)

    def apply(self, request, queryset, choice: str):
        raise NotImplementedError

    @classmethod
    def query(cls, value) -> dict:
        """The query string parameter that selects ``value`` (the staff workbench links with it)."""
        return {cls.parameter_name: str(value)}


class OverdueFilter(KnownChoiceFilter):
    """Open items past their latest date (``overdue``), or the others."""

    title = _("te laat")
    parameter_name = "te_laat"
    YES, NO = "ja", "nee"
    options = [(YES, _("te laat")), (NO, _("niet te laat"))]

    def apply(self, request, queryset, choice):
        overdue = queryset.overdue(timezone.localdate())
        return overdue if choice == self.YES else queryset.exclude(pk__in=overdue.values("pk"))


class ResponsibleFilter(KnownChoiceFilter):
    """The items the user is the responsible civil servant of (``for_responsible``)."""

    title = _("verantwoordelijke medewerker")
    parameter_name = "verantwoordelijke"
    MINE = "mij"
    options = [(MINE, _("ik"))]

    def apply(self, request, queryset, choice):
        return queryset.for_responsible(request.user)


class DueFilter(KnownChoiceFilter):
    """Open items whose latest date falls within the next days (``due_within``)."""

    title = _("uiterste datum binnenkort")
    parameter_name = "termijn_binnen"
    DAYS = (7, 30, 90)

    def lookups(self, request, model_admin):
        return [
            (str(days), ngettext("binnen %(n)d dag", "binnen %(n)d dagen", days) % {"n": days}) for days in self.DAYS
        ]

    def apply(self, request, queryset, choice):
        return queryset.due_within(int(choice), timezone.localdate())


class ChangedSinceFilter(admin.SimpleListFilter):
    """Items with a timeline event after a moment (``changed_since``): what the staff workbench lists as
    changed since the user's previous visit. The moment is in the URL, so the list stays the one the
    workbench counted, however often the workbench is opened since."""

    title = _("gewijzigd")
    parameter_name = "gewijzigd_sinds"

    @classmethod
    def query(cls, moment) -> dict:
        return {cls.parameter_name: moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")}

    def moment(self):
        value = self.value()
        if value is None:
            return None
        try:
            moment = dt.datetime.fromisoformat(value)
            return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(f"{self.parameter_name}={value!r}") from error

    def lookups(self, request, model_admin):
        value = self.value()
        if value is None:
            return []
        try:
            label = _("sinds %(moment)s") % {"moment": date_format(timezone.localtime(self.moment()), "j F Y H:i")}
        except (IncorrectLookupParameters, OverflowError):
            label = value  # refused in queryset(), with Django's error for a bad filter
        return [(value, label)]

    def queryset(self, request, queryset):
        moment = self.moment()
        return queryset.changed_since(moment) if moment is not None else queryset


class ScopedChoicesMixin:
    """Every choice of a foreign key a staff member can set is limited to what that user may use, in
    the form field's queryset (so a forged id posted to the form is an invalid choice, whatever the
    widget showed): motions, commitments and letters of their own ministry, a ministry of their own,
    and as responsible civil servant only active staff of those ministries."""

    ministry_field = "ministry"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if db_field.name == self.ministry_field and related is Ministry:
            ids = allowed_ministry_ids(request.user)
            if ids is not None:
                kwargs["queryset"] = related.objects.filter(pk__in=ids)
        elif db_field.name == "responsible":
            kwargs["queryset"] = assignable_users(request.user).order_by("first_name", "last_name", "username")
        elif is_tracked(related):
            kwargs["queryset"] = editable(related, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MinistryScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Staff see and edit only their ministry's rows; superusers see all. The change rule is
    :func:`core.permissions.may_change`, the same one the API asks."""

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user, self.ministry_field)

    def _obj_allowed(self, request, obj):
        return obj is None or may_edit(request.user, obj, self.ministry_field)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._obj_allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return may_change(request.user, obj, model=self.model, field=self.ministry_field)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._obj_allowed(request, obj)

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


class TrackedItemForm(ConcurrentForm):
    """The admin form of a motion, commitment or letter. It checks what the services will check,
    so a refusal is a form error next to its field, never an error page: every reference the user
    sets (``core.permissions.check_update``)."""

    kt_user = None  # the user the form is for: set per request by WorkflowAdmin.get_form

    def clean(self):
        data = super().clean()
        model = self._meta.model
        concrete = {f.name: f for f in model._meta.concrete_fields}
        references = {
            name: data.get(name)
            for name in self.changed_data
            if name in data and isinstance(concrete.get(name), models.ForeignKey)
        }
        if references:
            try:
                if self.instance.pk:
                    check_update(user=self.kt_user, item=model.objects.get(pk=self.instance.pk), data=references)
                else:
                    check_assignment(user=self.kt_user, model=model, data=references, ministry=data.get("ministry"))
            except ValidationError as error:
                self.add_error(None, error)
        return data


class DeadlineItemForm(TrackedItemForm):
    """Plus the deadline: the phrase as written (parsed, a phrase it cannot read is an error that
    names the forms it can), an exact date that overrides it, and the reason for a change."""

    deadline_exact = forms.DateField(
        label=_("exacte uiterste datum"),
        required=False,
        widget=AdminDateWidget,
        help_text=_(
            "Alleen invullen als de uiterste datum een andere is dan de termijn zegt; laat leeg om de "
            "datum uit de termijn te halen."
        ),
    )
    deadline_reason = forms.CharField(
        label=_("reden van de termijnwijziging"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Komt op de openbare tijdlijn, bij de gewijzigde termijn."),
    )

    def clean_deadline_phrase(self):
        phrase = " ".join((self.cleaned_data.get("deadline_phrase") or "").split())
        if phrase and "deadline_phrase" in self.changed_data:
            deadlines.parse(phrase)  # a ValidationError naming the forms it can read
        return phrase

    def deadline_changed(self) -> bool:
        return bool({"deadline_phrase", "deadline_exact"} & set(self.changed_data))

    def deadline_input(self) -> dict:
        return {
            "phrase": self.cleaned_data.get("deadline_phrase", ""),
            "exact_date": self.cleaned_data.get("deadline_exact"),
            "reason": self.cleaned_data.get("deadline_reason", ""),
        }


class ReadOnlyInline(admin.TabularInline):
    """Rows shown on an item's page that cannot be added, changed or deleted there; a subclass makes
    its ``readonly_fields`` its ``fields``."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TimelineInline(ReadOnlyInline):
    """The item's append-only events, read-only, each in words ('status: ingediend → aangenomen')."""

    fields = ("happened", "at", "what", "by", "reason", "letter", "is_public")
    readonly_fields = fields
    ordering = ("at", "id")
    verbose_name = _("gebeurtenis")
    verbose_name_plural = _("tijdlijn")

    @admin.display(description=_("datum"))
    def happened(self, event):
        return date_format(event.happened_on, "j F Y")

    @admin.display(description=_("wat"))
    def what(self, event):
        return event.summary()


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
        required=False,
        help_text=_("De reden verschijnt op de openbare tijdlijn; zet interne informatie in de interne notities."),
    )

    def __init__(self, *args, item=None, target=None, **kwargs):
        self.item, self.target = item, target
        super().__init__(*args, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that only shows what the system wrote (the outbox, the export list): nothing to add,
    change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WorkflowAdmin(MinistryScopedAdmin, ConcurrentModelAdmin):
    """The admin of a tracked item, one more caller of its services (``services``, the app's
    :class:`core.services.ItemServices`): an add calls its ``create``, a change its ``update`` (only the
    fields that changed; the deadline through ``core.deadlines.set_deadline``), related rows edited
    inline are recorded on the timeline, and a status change is a button for each transition the
    workflow allows now, which asks for a reason and calls its ``transition``."""

    form = TrackedItemForm
    change_form_template = "admin/workflow_change_form.html"
    change_list_template = "admin/workflow_change_list.html"
    services = None  # the app's ItemServices, set by the subclass
    transition_form = None  # a form class for the transition page; default TransitionForm
    readonly_fields = ("status",)
    actions = ["bulk_transition"]
    # Form fields that are not model fields the services take.
    form_only_fields = {"version", "deadline_exact", "deadline_reason"}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.kt_user = request.user  # a class of its own per request (modelform_factory)
        responsible = form.base_fields.get("responsible")
        if obj is not None and obj.ministry_id and responsible is not None:  # staff of the item's own ministry
            responsible.queryset = assignable_users(request.user, obj.ministry).order_by(
                "first_name", "last_name", "username"
            )
        return form

    # -- saving through the services -------------------------------------------------------------

    def service_data(self, request, form, change) -> dict:
        """The model fields of the form, as the services take them (on a change: only those that
        changed). The deadline is not among them: see :meth:`save_deadline`."""
        names = (
            {f.name for f in self.model._meta.concrete_fields}
            - self.form_only_fields
            - {"status", "deadline_phrase", "deadline_precision", "deadline_date"}
        )
        fields = form.changed_data if change else form.cleaned_data
        return {name: form.cleaned_data[name] for name in fields if name in names and name in form.cleaned_data}

    def create_item(self, request, form, data):
        kwargs = dict(data)
        if isinstance(form, DeadlineItemForm):
            kwargs["deadline_phrase"] = form.cleaned_data["deadline_phrase"]
            kwargs["deadline_exact"] = form.cleaned_data.get("deadline_exact")
        return self.services.create(**kwargs, by=request.user)

    def save_model(self, request, obj, form, change):
        if not may_edit(request.user, obj, self.ministry_field):
            raise PermissionDenied
        data = self.service_data(request, form, change)
        with transaction.atomic():
            if not change:
                created = self.create_item(request, form, data)
                obj.pk = created.pk  # the inlines hang on this object: make it the created row
                obj._state.adding = False
            else:
                original = self.model.objects.get(pk=obj.pk)
                self.services.update_item(
                    original, data=data, by=request.user, version=form.cleaned_data.get("version")
                )
                if isinstance(form, DeadlineItemForm) and form.deadline_changed():
                    deadlines.set_deadline(item=original, by=request.user, **form.deadline_input())
            obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        """Related rows edited inline (submitters, votes) are saved, and on a change recorded as one
        'updated' event naming them; an inline with ``save_through_services`` saves itself."""
        inline = getattr(formset, "kt_inline", None)
        if inline is not None and hasattr(inline, "save_through_services"):
            inline.save_through_services(request, form.instance, formset)
            return
        had_changes = change and formset.has_changed()
        formset.save()
        if had_changes:
            self.services.update_item(
                form.instance, data={}, by=request.user, extra_changed=[formset.fk.remote_field.get_accessor_name()]
            )

    def save_related(self, request, form, formsets, change):
        """Many-to-many fields (a Senate commitment's dossiers) are saved by the form; on a change they
        are recorded on the timeline like any other field."""
        super().save_related(request, form, formsets, change)
        many = [f.name for f in self.model._meta.many_to_many if f.name in form.changed_data]
        if change and many:
            self.services.update_item(form.instance, data={}, by=request.user, extra_changed=many)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.kt_inline = inline
            yield formset, inline

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
            *admin_views(
                self, ("<path:object_id>/overgang/<str:target>/", self.transition_view, "%s_%s_transition" % info)
            ),
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

    def transition_form_for(self, obj, target):
        """The form the transition page asks (a reason; a motion's vote also its date)."""
        return self.transition_form or TransitionForm

    def run_transition(self, request, obj, target, data: dict):
        self.services.move_item(obj, to=target, by=request.user, reason=data.get("reason", ""))

    def editable_object(self, request, object_id):
        """The item of one of our own views (a transition, a correction): 404 when it does not exist or
        lies outside the user's ministries, 403 when the user may not change it."""
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def change_url(self, obj) -> str:
        return reverse("admin:%s_%s_change" % (self.opts.app_label, self.opts.model_name), args=[obj.pk])

    def transition_view(self, request, object_id, target):
        obj = self.editable_object(request, object_id)
        change_url = self.change_url(obj)
        form = self.transition_form_for(obj, target)(request.POST or None, item=obj, target=target)
        if request.method == "POST" and form.is_valid():
            try:
                self.run_transition(request, obj, target, form.cleaned_data)
            except (WorkflowError, ValidationError) as exc:
                messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Status gewijzigd naar '%(s)s'.") % {"s": status_label(obj, target)})
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "form": form,
            "target_label": status_label(obj, target),
            "allowed": target in dict(self.available_transitions(obj)),
            "change_url": change_url,
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
        reason = request.POST.get("reason", "")
        if len(reason) > REASON_MAX:
            self.message_user(
                request, _("De reden is te lang (ten hoogste %(n)d tekens).") % {"n": REASON_MAX}, messages.ERROR
            )
            return None
        done, refused = 0, []
        for obj in queryset:
            if not self.has_change_permission(request, obj):
                refused.append(f"{obj}: {_('geen rechten')}")
                continue
            try:
                self.run_transition(request, obj, target, {"reason": reason})
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


class OwedItemAdmin(WorkflowAdmin):
    """The admin of what the government owes (a motion, a commitment): the deadline form, and the
    filters and fieldsets every such item has around the kind's own (``own_filters`` after the
    deadline filters, ``own_fieldsets`` before the execution part)."""

    form = DeadlineItemForm
    readonly_fields = ("status", "deadline_precision", "deadline_date")
    own_filters = ()
    own_fieldsets = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.list_filter = (
            "status",
            "chamber",
            "ministry",
            ResponsibleFilter,
            OverdueFilter,
            DueFilter,
            ("deadline_date", DateRangeFilterBuilder()),
            *cls.own_filters,
            ChangedSinceFilter,
        )
        cls.fieldsets = (
            *cls.own_fieldsets,
            (
                _("Uitvoering"),
                {
                    "fields": (
                        "ministry",
                        "responsible",
                        "deadline_phrase",
                        "deadline_exact",
                        "deadline_reason",
                        "deadline_precision",
                        "deadline_date",
                    )
                },
            ),
            (_("Niet openbaar"), {"fields": ("internal_notes",)}),
            (None, {"fields": ("version",)}),
        )
