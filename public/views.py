"""Public pages: thin views that read through the selectors and FilterSets and render."""

from __future__ import annotations

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import feeds, kinds, versions
from .caching import cached_page
from .selectors import chart_rows, counts_per_ministry, open_status_query, recent_letters, upcoming_deadlines

PAGE_SIZE = 25
# The data each list shows (public/versions.py): a motion or letter list shows only its own app's rows
# and the reference data (people, parties, ministries, dossiers); commitments are placed in dossiers
# through motions and letters (Commitment.dossiers), and detail pages show every linked kind.
LIST_DATA = {"moties": ("motions", "refs"), "brieven": ("letters", "refs")}


def list_data(kind=None, **_kwargs):
    return LIST_DATA.get(kind, versions.ALL)


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
    """The FilterSet for a list's query string over its public queryset. Callers check ``is_valid()``
    before reading ``qs``: a malformed filter is a form error, never a 500 and never a list that
    silently ignores it."""
    return kind.filterset(params or None, queryset=kind.queryset())


def _invalid(filterset) -> bool:
    return filterset.is_bound and not filterset.is_valid()


def _bad_filter_response(filterset):
    return HttpResponseBadRequest(filterset.errors.as_text(), content_type="text/plain; charset=utf-8")


def without_empty(params) -> QueryDict | None:
    """The query string without empty parameters (a GET form sends every field: ``?q=&status=&...``),
    or None when it has none."""
    if not any(value == "" for _key, values in params.lists() for value in values):
        return None
    clean = QueryDict(mutable=True)
    for key, values in params.lists():
        if kept := [value for value in values if value != ""]:
            clean.setlist(key, kept)
    return clean


@require_GET
@cached_page()
def home(request):
    today = timezone.localdate()
    counts = counts_per_ministry(today=today)
    return render(
        request,
        "public/home.html",
        {
            "counts": counts,
            "chart": chart_rows(counts),
            "today": today,
            "open_query": open_status_query(),
            "upcoming": upcoming_deadlines(today=today),
            "letters": recent_letters(),
        },
    )


@require_GET
@cached_page(list_data)
def item_list(request, kind):
    kind = _kind(kind)
    if (clean := without_empty(request.GET)) is not None:
        return redirect(f"{request.path}?{clean.urlencode()}" if clean else request.path)
    filterset = filtered(kind, request.GET)
    context = {
        "kind": kind,
        "filter": filterset,
        "query": request.GET.urlencode(),
        "follow_query": _follow_query(request.GET),
    }
    if _invalid(filterset):  # the errors, and no list that would seem to answer the question
        return render(request, "public/list.html", {**context, "invalid": True}, status=400)
    page, page_notice = _page(Paginator(filterset.qs, PAGE_SIZE), request.GET.get("page"))
    return render(
        request,
        "public/list.html",
        {
            **context,
            "page": page,
            "items": page.object_list,
            "page_notice": page_notice,
        },
    )


def _page(paginator, number):
    """The asked page; past the end the last page, and page 1 for a number that is none, each with a
    notice that says so (an old link to page 7 of a list that shrank still lands on its end)."""
    try:
        return paginator.page(number or 1), None
    except InvalidPage:
        pass
    try:
        asked = int(number)
    except (TypeError, ValueError):
        asked = None
    if asked is not None and asked > paginator.num_pages:
        last = paginator.page(paginator.num_pages)
        return last, _("Pagina %(asked)s bestaat niet; je ziet de laatste pagina.") % {"asked": asked}
    return paginator.page(1), _("Geen geldig paginanummer; je ziet de eerste pagina.")


def _follow_query(params) -> str:
    params = params.copy()
    params.pop("page", None)
    params.pop("sort", None)
    return params.urlencode()


@require_GET
@cached_page()
def item_detail(request, kind, key):
    kind = _kind(kind)
    item = _item(kind, key)
    return render(
        request,
        f"public/{kind.slug}_detail.html",
        {
            "kind": kind,
            "item": item,
            "today": timezone.localdate(),
            "follow_query": f"item={item.pk}",
        },
    )


@require_GET
@cached_page(list_data)
def list_feed(request, kind):
    kind = _kind(kind)
    filterset = filtered(kind, request.GET)
    if _invalid(filterset):
        return _bad_filter_response(filterset)
    return feeds.ListFeed()(request, kind=kind, filterset=filterset)


@require_GET
@cached_page()
def item_feed(request, kind, key):
    kind = _kind(kind)
    return feeds.ItemFeed()(request, kind=kind, item=_item(kind, key))


@require_GET
@cached_page(list_data)
def calendar(request, kind=None):
    """Deadlines as iCalendar: of one list (respecting its filters) or of motions and commitments."""
    chosen = [_kind(kind)] if kind else [kinds.KINDS["moties"], kinds.KINDS["toezeggingen"]]
    if not all(k.has_deadline for k in chosen):
        raise Http404
    items = []
    for k in chosen:
        filterset = filtered(k, request.GET)
        if _invalid(filterset):
            return _bad_filter_response(filterset)
        items += list(filterset.qs.filter(deadline_date__isnull=False).prefetch_related(None)[:2000])
    body = feeds.deadline_calendar(items, request=request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kamertracker-termijnen.ics"'
    return response
