"""Public pages: thin views that read through the selectors and FilterSets and render."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import feeds, kinds
from .selectors import counts_per_ministry, recent_letters, upcoming_deadlines

PAGE_SIZE = 25


def _kind(slug: str) -> kinds.Kind:
    try:
        return kinds.KINDS[slug]
    except KeyError:
        raise Http404 from None


def _item(kind: kinds.Kind, key: str):
    try:
        return kind.get(key)
    except kind.model.DoesNotExist:
        raise Http404 from None


def filtered(kind: kinds.Kind, params):
    """The FilterSet for a list's query string over its public queryset; invalid fields are ignored
    (and shown as form errors), never a 500."""
    return kind.filterset(params or None, queryset=kind.queryset())


@require_GET
def home(request):
    today = timezone.localdate()
    counts = counts_per_ministry(today=today)
    biggest = max([max(c.motions_open, c.commitments_open, c.total_overdue) for c in counts] + [1])
    return render(request, "public/home.html", {
        "counts": counts, "chart_max": biggest, "today": today,
        "upcoming": upcoming_deadlines(today=today), "letters": recent_letters(),
    })


@require_GET
def item_list(request, kind):
    kind = _kind(kind)
    filterset = filtered(kind, request.GET)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/list.html", {
        "kind": kind, "filter": filterset, "page": page, "items": page.object_list,
        "query": request.GET.urlencode(), "follow_query": _follow_query(request.GET),
    })


def _follow_query(params) -> str:
    params = params.copy()
    params.pop("page", None)
    params.pop("sort", None)
    return params.urlencode()


@require_GET
def item_detail(request, kind, key):
    kind = _kind(kind)
    item = _item(kind, key)
    return render(request, f"public/{kind.slug}_detail.html", {
        "kind": kind, "item": item, "today": timezone.localdate(),
        "follow_query": f"item={item.pk}",
    })


@require_GET
def list_feed(request, kind):
    kind = _kind(kind)
    return feeds.ListFeed()(request, kind=kind, filterset=filtered(kind, request.GET))


@require_GET
def item_feed(request, kind, key):
    kind = _kind(kind)
    return feeds.ItemFeed()(request, kind=kind, item=_item(kind, key))


@require_GET
def calendar(request, kind=None):
    """Deadlines as iCalendar: of one list (respecting its filters) or of motions and commitments."""
    chosen = [_kind(kind)] if kind else [kinds.KINDS["moties"], kinds.KINDS["toezeggingen"]]
    if not all(k.has_deadline for k in chosen):
        raise Http404
    items = []
    for k in chosen:
        items += list(filtered(k, request.GET).qs.filter(deadline_date__isnull=False).prefetch_related(None)[:2000])
    body = feeds.deadline_calendar(items, request=request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kamertracker-termijnen.ics"'
    return response
