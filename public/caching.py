"""The cache of the public pages, feeds, iCalendar files and the API's public reads: a layer around
the views, never inside them.

For an anonymous GET the key (and the ETag) is made of: the full URL, the language, today's date (what
is overdue changes at midnight), the release (code and templates) and the data versions of the kinds the
page shows (``public/versions.py``), so a committed change gives new keys on the very next request.

- ``If-None-Match`` / ``If-Modified-Since`` that match answer 304 before anything is read but the versions.
- A hit is served from the cache (``KT_PAGE_CACHE_ALIAS``; Redis in production); a miss renders and stores
  the answer when it is a plain 200 without cookies or a CSRF token in it. In production a small memory of
  each process (``LocalPages``, ``KT_PAGE_LOCAL_BYTES``) stands in front of Redis: a key names exactly one
  answer, so a copy of it needs no invalidation.
- In front of all that, for a public page (``cached_page``) asked without any cookie or Authorization
  header, ``FrontMiddleware`` answers from the same process memory before the rest of the middleware
  runs (sessions, language, CSRF, authentication: most of what a hit cost), under a key of the raw
  request (URL, Accept-Language, Accept) and every kind's data version; see ``front_key``.
- Anonymous answers say ``Cache-Control: public, max-age=KT_PAGE_MAX_AGE`` and ``Vary: Cookie,
  Accept-Language``; a signed-in user (staff may see more) is neither served from nor stored in the
  cache, and gets ``private, no-store``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from . import versions

_release: str | None = None
KEEP_HEADERS = ("Content-Disposition",)


_release_lock = threading.Lock()


def release() -> str:
    """``KT_RELEASE``, or a digest of the code and templates (name, size, mtime): a deploy gives new keys.
    Computed once per process, under a lock: threads arriving meanwhile wait for it rather than key pages
    without it."""
    global _release
    if _release is None:
        with _release_lock:
            if _release is None:
                _release = os.environ.get("KT_RELEASE", "") or _code_digest()
    return _release


def _code_digest() -> str:
    digest = hashlib.sha1()
    base = Path(settings.BASE_DIR)
    skip = {".venv", "node_modules", "var", "tests", "bench", ".git", "__pycache__"}
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".mo", ".txt")):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


class LocalPages:
    """This process's memory of recent answers, in front of the shared page cache (a Redis read is most
    of what a hit costs). Never stale without any invalidation: an entry's key is made of the data
    versions, the date, the language and the release (``Entry``), so a change gives new keys and an old
    entry is only ever not asked for again. Bounded in bytes (least recently used out first) and in age
    (``KT_PAGE_CACHE_SECONDS``, as in the shared cache). Thread-safe (gunicorn's threaded workers)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[float, tuple, int]] = OrderedDict()
        self.size = 0

    def get(self, key: str):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            expires, stored, size = found
            if expires <= time.monotonic():
                del self._entries[key]
                self.size -= size
                return None
            self._entries.move_to_end(key)
            return stored

    def set(self, key: str, stored: tuple, seconds: int, limit: int) -> None:
        size = len(stored[1]) + 512  # the body, and a little for the key, headers and bookkeeping
        if size > limit // 4:  # a few large files would push out every page
            return
        with self._lock:
            if (old := self._entries.pop(key, None)) is not None:
                self.size -= old[2]
            self._entries[key] = (time.monotonic() + seconds, stored, size)
            self.size += size
            while self.size > limit:
                _key, (_expires, _stored, dropped) = self._entries.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0


local_pages = LocalPages()


class SingleFlight:
    """One render per key at a time in this process: right after a change every visitor misses the same
    new keys at once, and without this each of them would render the same page (a dogpile); the others
    wait for the first and are then served its answer from the cache."""

    def __init__(self):
        self._guard = threading.Lock()
        self._slots: dict[str, list] = {}  # key: [its lock, how many requests hold or wait for it]

    @contextmanager
    def __call__(self, key: str):
        with self._guard:
            slot = self._slots.setdefault(key, [threading.Lock(), 0])
            slot[1] += 1
        try:
            with slot[0]:
                yield
        finally:
            with self._guard:
                slot[1] -= 1
                if not slot[1]:
                    del self._slots[key]


single_flight = SingleFlight()


def enabled() -> bool:
    return getattr(settings, "KT_PAGE_CACHE", True)


def page_cache():
    return caches[getattr(settings, "KT_PAGE_CACHE_ALIAS", "default")]


class Entry:
    """What one anonymous GET is answered with: key, ETag and Last-Modified from the data versions."""

    def __init__(self, request, kinds: Iterable[str], variant: str = ""):
        self.kinds = tuple(kinds)
        # The versions FrontMiddleware read for this request, if it did (read before anything else).
        self.versions = getattr(request, "kt_versions", None) or versions.current()
        today = timezone.localdate()
        material = "|".join(
            [
                release(),
                request.build_absolute_uri(),
                translation.get_language() or "",
                today.isoformat(),
                variant,
                self.versions.token(self.kinds),
            ]
        )
        digest = hashlib.sha256(material.encode()).hexdigest()
        self.key = f"page:{digest[:40]}"
        self.etag = f'"{digest[:24]}"'
        midnight = timezone.make_aware(dt.datetime.combine(today, dt.time()))
        changed = max(self.versions.last_changed(self.kinds) or midnight, midnight)
        # HTTP dates count whole seconds: the change's second rounded up, and only once that second is
        # over, so a copy fetched with a Last-Modified predates no change of that value (two changes in
        # one second would otherwise share it). Until then the ETag alone answers.
        last_modified = math.ceil(changed.timestamp())
        self.last_modified = last_modified if last_modified <= time.time() else None

    def not_modified(self, request):
        """A 304 (or 412) when the request's conditions say the client has this version, else None."""
        return get_conditional_response(request, etag=self.etag, last_modified=self.last_modified)

    def finish(self, response):
        response["ETag"] = self.etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified)
        elif "Last-Modified" in response:  # a view's own (the feeds': their newest item) misses deletions
            del response["Last-Modified"]
        public_headers(response)
        return response


def public_headers(response):
    patch_cache_control(response, public=True, max_age=settings.KT_PAGE_MAX_AGE)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


def private_headers(response):
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ("Cookie", "Authorization"))
    return response


def storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def serve(
    request, kinds: Iterable[str], render: Callable[[], HttpResponse], *, signed_in: bool, variant: str = ""
) -> HttpResponse:
    """Answer ``request`` from the cache, with a 304, or by ``render()`` (and store it)."""
    if request.method != "GET" or not enabled():
        return render()
    if signed_in:
        return private_headers(render())
    entry = Entry(request, kinds, variant)
    if (short := entry.not_modified(request)) is not None:
        return entry.finish(short)
    cache = page_cache()
    local_limit = getattr(settings, "KT_PAGE_LOCAL_BYTES", 0)

    def lookup():
        stored = local_pages.get(entry.key) if local_limit else None
        if stored is None:
            stored = cache.get(entry.key)
            if stored is not None and local_limit:
                local_pages.set(entry.key, stored, settings.KT_PAGE_CACHE_SECONDS, local_limit)
        return stored

    stored = lookup()
    if stored is None:
        with single_flight(entry.key):
            stored = lookup()  # another request of this process may have rendered it meanwhile
            if stored is None:
                return _render_and_store(request, entry, render, cache, local_limit)
    status, content, content_type, headers = stored
    response = HttpResponse(content, content_type=content_type, status=status)
    for name, value in headers:
        response[name] = value
    return entry.finish(response)


def _render_and_store(request, entry: Entry, render: Callable[[], HttpResponse], cache, local_limit: int):
    response = render()
    if hasattr(response, "render") and callable(response.render) and not getattr(response, "is_rendered", True):
        response.render()
    if storable(request, response):
        headers = [(name, response[name]) for name in KEEP_HEADERS if name in response]
        stored = (response.status_code, response.content, response["Content-Type"], headers)
        cache.set(entry.key, stored, settings.KT_PAGE_CACHE_SECONDS)
        if local_limit:
            local_pages.set(entry.key, stored, settings.KT_PAGE_CACHE_SECONDS, local_limit)
        return entry.finish(response)
    return response  # an error, a redirect, or a page with a cookie: as the view made it


def cached_page(kinds: Iterable[str] | Callable[..., Iterable[str]] = versions.ALL):
    """Decorator of a public view; ``kinds`` are the data it shows (or a function of the view's
    keyword arguments that says so)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            chosen = kinds(**kwargs) if callable(kinds) else kinds
            signed_in = request.user.is_authenticated
            response = serve(request, chosen, lambda: view(request, *args, **kwargs), signed_in=signed_in)
            response.kt_front = not signed_in  # a public page: FrontMiddleware may keep it
            return response

        wrapped.kt_cached_page = True  # FrontMiddleware: this URL is a public page

        return wrapped

    return decorator


# What a front entry never keeps: what the response sets on this one client.
_FRONT_SKIP = {"set-cookie"}


def front_key(request) -> str | None:
    """The key of an anonymous GET in this process's memory, made before any middleware has looked at
    the request, or None when the request may not be answered from there: not a GET, a cookie (a
    session, a language choice or a CSRF token: whoever sends one goes the whole way) or an
    ``Authorization`` header, or a host this site does not serve.

    Made of everything a public page's answer depends on: the release, the full URL (scheme, host,
    path, query), the raw ``Accept-Language`` (without a cookie it alone picks the language) and
    ``Accept``, today's date, and the tokens of every kind of data (``versions.ALL``: coarser than a
    page's own kinds, so never staler). The versions are kept on the request for ``Entry``."""
    meta = request.META
    if request.method != "GET" or meta.get("HTTP_COOKIE") or "HTTP_AUTHORIZATION" in meta:
        return None
    try:
        if not getattr(resolve(request.path_info).func, "kt_cached_page", False):
            return None  # not a public page (the admin, the API with its throttle, a health check)
        url = request.build_absolute_uri()
    except (Resolver404, DisallowedHost):
        return None
    request.kt_versions = versions.current()
    material = "|".join(
        [
            release(),
            url,
            meta.get("HTTP_ACCEPT_LANGUAGE", ""),
            meta.get("HTTP_ACCEPT", ""),
            timezone.localdate().isoformat(),
            request.kt_versions.token(versions.ALL),
        ]
    )
    return "front:" + hashlib.sha256(material.encode()).hexdigest()[:40]


def front_store(request, response, key: str, limit: int) -> None:
    """Keep a public page's answer (``cached_page``, 200, nothing set on the client) under ``key``."""
    if getattr(response, "kt_front", False) and storable(request, response) and "ETag" in response:
        headers = [(name, value) for name, value in response.items() if name.lower() not in _FRONT_SKIP]
        last_modified = parse_http_date_safe(response["Last-Modified"]) if "Last-Modified" in response else None
        stored = (response.status_code, response.content, headers, response["ETag"], last_modified)
        local_pages.set(key, stored, settings.KT_PAGE_CACHE_SECONDS, limit)


def front_answer(request, stored) -> HttpResponse:
    """The kept answer, or a 304 when the request's conditions say the client has it."""
    status, content, headers, etag, last_modified = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response) or response


class FrontMiddleware:
    """Answers an anonymous GET of a public page from this process's memory (``KT_PAGE_LOCAL_BYTES``)
    before the middleware below it runs; placed right after the security and static-file middleware,
    which still run on every answer. Off when the page cache or the process memory is off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "KT_PAGE_LOCAL_BYTES", 0)
        key = front_key(request) if limit and enabled() else None
        if key is None:
            return self.get_response(request)
        if (stored := local_pages.get(key)) is not None:
            return front_answer(request, stored)
        response = self.get_response(request)
        front_store(request, response, key, limit)
        return response
