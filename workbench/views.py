"""The staff workbench page in the admin: thin; the lists come from workbench.selectors, the links
from the change list filters that select the same items."""

from __future__ import annotations

from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.admin_mixins import ChangedSinceFilter, DueFilter, OverdueFilter, ResponsibleFilter
from core.permissions import allowed_ministry_ids, user_ministry
from letters.admin import WaitingFilter

from . import selectors as s
from .services import workbench_visit

assert s.DUE_DAYS in DueFilter.DAYS, "the due list must be one the change list filter offers"


def is_start_page(user) -> bool:
    """The admin index is the workbench for staff of a ministry; superusers keep Django's index, with
    a link to the workbench of every ministry."""
    return not user.is_superuser and user_ministry(user) is not None


def may_use(user) -> bool:
    return allowed_ministry_ids(user) != set()


def _filters(section: str, since) -> dict:
    return {
        s.DUE: lambda: DueFilter.query(s.DUE_DAYS),
        s.OVERDUE: lambda: OverdueFilter.query(OverdueFilter.YES),
        s.DECISION: lambda: WaitingFilter.query(WaitingFilter.DECISION),
        s.PROPOSALS: lambda: WaitingFilter.query(WaitingFilter.CONFIRMATION),
        s.CHANGED: lambda: ChangedSinceFilter.query(since),
    }[section]()


def changelist_url(model, *, scope: str, section: str, since) -> str:
    """The admin change list that shows exactly the items of one workbench list."""
    params = {
        **(ResponsibleFilter.query(ResponsibleFilter.MINE) if scope == s.MINE else {}),
        **_filters(section, since),
    }
    opts = model._meta
    return f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}?{urlencode(params)}"


def _titles(user, *, first_visit: bool, since) -> tuple[dict, dict]:
    ministry = user_ministry(user)
    if allowed_ministry_ids(user) is None:
        ministry_title = _("Alle ministeries")
    else:
        ministry_title = _("Mijn ministerie: %(ministry)s") % {"ministry": ministry.name if ministry else "–"}
    scopes = {
        s.MINE: (_("Mijn items"), _("Moties en toezeggingen waarvan u de verantwoordelijke medewerker bent.")),
        s.MINISTRY: (ministry_title, ""),
    }
    changed = (
        _("Gewijzigd in de afgelopen %(n)d dagen") % {"n": s.FIRST_VISIT.days}
        if first_visit
        else _("Gewijzigd sinds uw vorige bezoek (%(moment)s)")
        % {"moment": date_format(timezone.localtime(since), "j F Y H:i")}
    )
    sections = {
        s.DUE: _("Uiterste datum binnen %(n)d dagen") % {"n": s.DUE_DAYS},
        s.OVERDUE: _("Te laat"),
        s.DECISION: _("Brieven ter besluitvorming"),
        s.PROPOSALS: _("Voorstellen uit de analyse, te bevestigen"),
        s.CHANGED: changed,
    }
    return scopes, sections


def workbench_view(request, site):
    request.current_app = site.name
    user = request.user
    now = timezone.now()
    previous = workbench_visit(user=user, at=now)
    since = previous or now - s.FIRST_VISIT
    models = [
        model
        for model in s.TRACKED_MODELS
        if model in site._registry and site._registry[model].has_view_or_change_permission(request)
    ]
    scopes = s.workbench(user=user, today=timezone.localdate(), since=since, models=models)
    scope_titles, section_titles = _titles(user, first_visit=previous is None, since=since)
    for scope in scopes:
        scope.title, scope.intro = scope_titles[scope.key]
        for section in scope.sections:
            section.title = section_titles[section.key]
            for item_list in section.lists:
                item_list.url = changelist_url(item_list.model, scope=scope.key, section=section.key, since=since)
    context = {
        **site.each_context(request),
        "title": _("Werkbank"),
        "scopes": scopes,
        "no_ministry": not may_use(user),
        "all_ministries": allowed_ministry_ids(user) is None,
        "app_list": site.get_app_list(request),
    }
    return TemplateResponse(request, "admin/workbench.html", context)
