"""The page cache (public/caching.py, public/versions.py) is never wrong: with real commits (the
versions move on commit), on the memory cache and on Redis, a status change, a deadline change, a new
letter and an import run each change what the affected list, detail page, feed and API answer on the
very next request; a signed-in user's page never reaches an anonymous visitor; matching ETags get a 304;
a hit costs one query whatever the data."""

import json
import re
import shutil
import uuid

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path

from core.workflow import allowed_targets
from public import caching, versions
from public.caching import cached_page
from tests.factories import make_motion, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-cache-test"}}


def _redis():
    import os

    from tracker.settings.base import redis_cache

    return {
        "default": {
            **redis_cache(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")),
            "KEY_PREFIX": f"kt-test-{uuid.uuid4().hex[:8]}",
        }
    }


@pytest.fixture(
    params=[
        "locmem",
        pytest.param("redis", marks=pytest.mark.redis),
        pytest.param("redis+local", marks=pytest.mark.redis),
    ]
)
def page_cache(request, settings):
    """The page cache on, over the memory cache, the real Redis cache backend, or Redis with each
    process's own memory in front (production: ``KT_PAGE_LOCAL_BYTES``); and the API's anonymous
    throttle out of the way (these tests read the API often within a minute)."""
    from django.core.cache import cache

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"}}
    settings.KT_PAGE_CACHE = True
    settings.CACHES = LOCMEM if request.param == "locmem" else _redis()
    settings.KT_PAGE_LOCAL_BYTES = 8 * 1024 * 1024 if request.param == "redis+local" else 0
    cache.clear()
    caching.local_pages.clear()
    yield request.param
    cache.clear()
    caching.local_pages.clear()


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def served_from_cache(client, url) -> str:
    """The answer, asserting that it came from the cache (the data-version query only)."""
    with CaptureQueriesContext(connection) as ctx:
        body = get(client, url).content.decode()
    assert len(ctx) == 1, [q["sql"][:120] for q in ctx.captured_queries]
    return body


def motion_reads(motion):
    key = motion.ref.kst_id
    return {
        "list": "/moties/",
        "detail": f"/moties/{key}/",
        "feed": "/moties/feed/",
        "item feed": f"/moties/{key}/feed/",
        "api": f"/api/v1/motions/{motion.pk}/",
        "api list": "/api/v1/motions/",
        "calendar": "/moties/termijnen.ics",
    }


def warm(client, urls):
    before = {}
    for name, url in urls.items():
        get(client, url)
        before[name] = served_from_cache(client, url)
    return before


def test_a_status_change_shows_on_the_next_request(client, page_cache):
    motion = make_motion(status="aangenomen", deadline_phrase="1 maart 2031")
    urls = motion_reads(motion)
    before = warm(client, urls)
    target = next(t for t in allowed_targets(motion) if t == "in_uitvoering")
    from motions.services import motion_transition

    motion_transition(motion=motion, to=target, reason="Kabinet is begonnen")
    after = {name: get(client, url).content.decode() for name, url in urls.items()}
    assert "status-aangenomen" in before["list"] and "status-in_uitvoering" in after["list"]
    assert "status-in_uitvoering" in after["detail"] and "Kabinet is begonnen" in after["detail"]
    assert "Status: in uitvoering" in after["feed"] and "Status: aangenomen" not in after["feed"]
    assert "Kabinet is begonnen" in after["item feed"] and "Kabinet is begonnen" not in before["item feed"]
    assert json.loads(after["api"])["status"] == "in_uitvoering"
    assert json.loads(after["api list"])["results"][0]["status"] == "in_uitvoering"
    assert "Status: in uitvoering" in after["calendar"].replace("\r\n ", "")


def test_a_deadline_change_shows_on_the_next_request(client, page_cache):
    from core.deadlines import set_deadline

    motion = make_motion(status="aangenomen", deadline_phrase="1 maart 2031")
    urls = motion_reads(motion)
    before = warm(client, urls)
    set_deadline(item=motion, phrase="1 juni 2032", reason="Uitstel")
    after = {name: get(client, url).content.decode() for name, url in urls.items()}
    for name in ("list", "feed"):
        assert "2031" in before[name] and "2032" in after[name] and "1 maart 2031" not in after[name], name
    assert "1 juni 2032" in after["detail"] and "Uitstel" in after["detail"] and "Uitstel" not in before["detail"]
    assert json.loads(after["api"])["deadline_date"] == "2032-06-01"
    assert json.loads(after["api list"])["results"][0]["deadline_date"] == "2032-06-01"
    assert "20320601" in after["calendar"] and "20310301" not in after["calendar"]


def test_a_new_letter_shows_on_the_next_request(client, page_cache):
    motion = make_motion(status="aangenomen")
    urls = {
        "list": "/brieven/",
        "feed": "/brieven/feed/",
        "api": "/api/v1/letters/",
        "motion page": f"/moties/{motion.ref.kst_id}/",
        "motion api": f"/api/v1/motions/{motion.pk}/",
        "home": "/",
    }
    before = warm(client, urls)
    from letters.services import letter_advance, letter_create

    letter = letter_create(
        subject="Voortgangsbrief terugkeer", ministry=motion.ministry, links=[(motion, "informeert", "")]
    )
    letter_advance(letter=letter, to="verzonden")
    after = {name: get(client, url).content.decode() for name, url in urls.items()}
    for name in ("list", "feed", "api", "motion page", "home"):
        assert "Voortgangsbrief terugkeer" not in before[name], name
        assert "Voortgangsbrief terugkeer" in after[name], name
    assert json.loads(after["api"])["count"] == 1
    assert get(client, f"/brieven/{letter.pk}/").content.decode().count("Voortgangsbrief terugkeer")


@pytest.mark.postgres
def test_an_import_run_shows_on_the_next_request(client, page_cache, tmp_path, monkeypatch):
    """The real letters of the corpus, imported through the bulk paths (bulk_create, QuerySet.update)."""
    from letters.models import Letter
    from tests.tkimport.support import CORPUS
    from tkimport import upsert
    from tkimport.services import run_import

    monkeypatch.setattr(upsert.common, "BULK_MIN", 1)
    shutil.copytree(CORPUS / "kamerbrieven", tmp_path / "kamerbrieven")
    urls = {"list": "/brieven/", "feed": "/brieven/feed/", "api": "/api/v1/letters/", "home": "/"}
    before = warm(client, urls)
    run_import(from_dir=tmp_path)
    newest = Letter.objects.public().order_by("-date", "-id").first()
    assert newest is not None, "the import made no public letter"
    after = {name: get(client, url).content.decode() for name, url in urls.items()}
    count = Letter.objects.public().count()
    assert json.loads(before["api"])["count"] == 0 and json.loads(after["api"])["count"] == count
    assert re.search(rf">{count} resulta(?:at|ten)<", after["list"]), count
    assert after["feed"].count("<entry>") == min(count, 50) and "<entry>" not in before["feed"]
    assert after["home"] != before["home"]


def test_a_matching_etag_gets_304_and_a_change_a_new_etag(client, page_cache):
    motion = make_motion(status="aangenomen", deadline_phrase="1 maart 2031")
    urls = motion_reads(motion) | {"home": "/", "calendar": "/termijnen.ics"}
    etags = {}
    for name, url in urls.items():
        response = get(client, url)
        etags[name] = response["ETag"]
        assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"], name
        assert "Cookie" in response["Vary"], name
        with CaptureQueriesContext(connection) as ctx:
            again = client.get(url, headers={"If-None-Match": etags[name]})
        assert again.status_code == 304 and again.content == b"" and len(ctx) == 1, name
        assert again["ETag"] == etags[name]
        if "Last-Modified" in response:  # (not within the second of the last change)
            since = client.get(url, headers={"If-Modified-Since": response["Last-Modified"]})
            assert since.status_code == 304, name
    from motions.services import motion_transition

    motion_transition(motion=motion, to="in_uitvoering")
    for name, url in urls.items():
        response = client.get(url, headers={"If-None-Match": etags[name]})
        assert response.status_code == 200 and response["ETag"] != etags[name], name


def test_last_modified_never_hides_a_second_change_in_the_same_second(client, page_cache, monkeypatch):
    """Two changes in one second share an HTTP date: a Last-Modified is given only once its second is over."""
    import math
    import time as clock

    from motions.services import motion_transition

    motion = make_motion(status="aangenomen")
    changed = versions.current().changed["motions"].timestamp()
    # The clock is held at the last microsecond of the change's second (reading the real clock around
    # the request made the expectation depend on whether the request crossed a second boundary).
    monkeypatch.setattr(clock, "time", lambda: math.ceil(changed) - 1e-6)
    first = get(client, "/moties/")
    assert "Last-Modified" not in first
    motion_transition(motion=motion, to="in_uitvoering")
    monkeypatch.setattr(clock, "time", lambda: versions.current().changed["motions"].timestamp() + 5)
    later = get(client, "/moties/")
    old = first.get("Last-Modified", "Thu, 01 Jan 1970 00:00:00 GMT")
    assert later["Last-Modified"] != old
    assert client.get("/moties/", headers={"If-Modified-Since": old}).status_code == 200


def test_a_hit_costs_one_query_however_many_items(client, page_cache):
    first = make_motion(status="aangenomen")
    urls = [
        "/",
        "/moties/",
        "/moties/?status=aangenomen&overdue=false",
        "/moties/feed/",
        f"/moties/{first.ref.kst_id}/",
        "/api/v1/motions/",
        "/termijnen.ics",
    ]
    for url in urls:
        get(client, url)
        served_from_cache(client, url)
    from motions.models import Motion

    Motion.objects.bulk_create(
        Motion(ref=f"kst-36001-{n}", title=f"Bulk {n}", status="aangenomen") for n in range(1, 61)
    )
    for url in urls:
        body = get(client, url).content.decode()  # a new version: rendered again...
        assert served_from_cache(client, url) == body or url.endswith(".ics")  # ...then one query again


@pytest.mark.urls(__name__)
def test_a_signed_in_users_page_never_reaches_an_anonymous_visitor(client, page_cache):
    """A page that shows staff a non-public field: staff get it fresh and private, never stored; an
    anonymous visitor never gets it, before or after."""
    motion = make_motion(status="aangenomen", internal_notes="INTERNGEHEIM5150")
    staff = make_staff("cachestaff", motion.ministry)
    anonymous = client.get(f"/staffpage/{motion.pk}/")
    client.force_login(staff)
    seen = client.get(f"/staffpage/{motion.pk}/")
    assert b"INTERNGEHEIM5150" in seen.content
    assert "private" in seen["Cache-Control"] and "no-store" in seen["Cache-Control"] and "ETag" not in seen
    assert client.get(f"/staffpage/{motion.pk}/", headers={"If-None-Match": anonymous["ETag"]}).status_code == 200
    client.logout()
    for response in (anonymous, client.get(f"/staffpage/{motion.pk}/")):
        assert response.status_code == 200 and b"INTERNGEHEIM5150" not in response.content
    # and the other way round: a fresh key seen first by staff is not stored for the next visitor
    from django.core.cache import cache

    cache.clear()
    client.force_login(staff)
    assert b"INTERNGEHEIM5150" in client.get(f"/staffpage/{motion.pk}/?x=1").content
    client.logout()
    assert b"INTERNGEHEIM5150" not in client.get(f"/staffpage/{motion.pk}/?x=1").content


def test_staff_get_the_real_pages_private_and_uncached(client, page_cache):
    motion = make_motion(status="aangenomen")
    client.force_login(make_staff("cachestaff2", motion.ministry))
    for url in ("/", "/moties/", f"/moties/{motion.ref.kst_id}/", "/moties/feed/"):
        response = get(client, url)
        assert "no-store" in response["Cache-Control"] and "ETag" not in response, url


def test_a_token_users_api_read_is_private(client, page_cache):
    from rest_framework.authtoken.models import Token

    motion = make_motion(status="aangenomen")
    token = Token.objects.create(user=make_staff("cachetoken", motion.ministry))
    response = get(client, f"/api/v1/motions/{motion.pk}/", Authorization=f"Token {token.key}")
    assert "no-store" in response["Cache-Control"] and "ETag" not in response


def test_writes_bump_their_kind_after_commit_only():
    from motions.models import Motion

    def tokens():
        return versions.current().tokens

    start = tokens()
    with transaction.atomic():
        Motion.objects.bulk_create([Motion(ref="kst-36002-1", title="a")])
        assert tokens() == start  # not before the commit
    moved = tokens()
    assert moved["motions"] != start.get("motions") and moved.get("letters") == start.get("letters")
    with pytest.raises(RuntimeError), transaction.atomic():
        Motion.objects.filter(ref="kst-36002-1").update(title="b")
        raise RuntimeError
    assert tokens() == moved  # rolled back: nothing to show
    Motion.objects.filter(ref="kst-36002-1").update(title="c")  # autocommit: at once
    assert tokens()["motions"] != moved["motions"]
    assert versions.written_kind('UPDATE "core_person" SET x = 1') == "refs"
    assert versions.written_kind('SELECT 1 FROM "motions_motion"') is None
    assert versions.written_kind('INSERT INTO "alerts_subscription" VALUES (1)') is None


def test_the_cache_off_serves_every_request_fresh(client, settings):
    settings.KT_PAGE_CACHE = False
    motion = make_motion(status="aangenomen")
    response = get(client, "/moties/")
    assert "ETag" not in response and caching.enabled() is False
    with CaptureQueriesContext(connection) as ctx:
        get(client, f"/moties/{motion.ref.kst_id}/")
    assert all("public_dataversion" not in q["sql"] for q in ctx.captured_queries)


@cached_page()
def staff_page(request, pk):
    from motions.models import Motion

    motion = Motion.objects.get(pk=pk)
    notes = f" {motion.internal_notes}" if request.user.is_staff else ""
    return HttpResponse(f"{motion.title}{notes}")


@cached_page()
def cookie_page(request):
    response = HttpResponse("a page that sets a cookie")
    response.set_cookie("seen", "1")
    return response


def _urlpatterns():
    from tracker.urls import urlpatterns as site

    return [path("staffpage/<int:pk>/", staff_page), path("cookiepage/", cookie_page), *site]


urlpatterns = _urlpatterns()


@pytest.mark.redis
def test_a_hit_from_the_process_memory_needs_no_redis_read_and_a_change_still_shows(client, settings):
    """With KT_PAGE_LOCAL_BYTES the process keeps its answers: emptying Redis does not make the next
    request render (one query, the versions), and a commit still gives a fresh page on the next request."""
    from django.core.cache import cache

    settings.KT_PAGE_CACHE = True
    settings.CACHES = _redis()
    settings.KT_PAGE_LOCAL_BYTES = 8 * 1024 * 1024
    caching.local_pages.clear()
    motion = make_motion(status="aangenomen", deadline_phrase="1 maart 2031")
    url = f"/moties/{motion.ref.kst_id}/"
    try:
        first = get(client, url).content.decode()
        cache.clear()  # Redis no longer has it: only the process's memory can answer with one query
        assert served_from_cache(client, url) == first
        from motions.services import motion_transition

        motion_transition(motion=motion, to="in_uitvoering", reason="Kabinet is begonnen")
        after = get(client, url).content.decode()
        assert "status-in_uitvoering" in after and "status-in_uitvoering" not in first
    finally:
        cache.clear()
        caching.local_pages.clear()


def test_the_process_memory_keeps_to_its_byte_limit_and_its_age():
    pages = caching.LocalPages()
    body = b"x" * 1000  # an entry counts 1,512 bytes: five fit in 8,000
    for n in range(10):
        pages.set(f"k{n}", (200, body, "text/html", []), seconds=60, limit=8000)
    assert pages.size <= 8000
    assert pages.get("k4") is None and pages.get("k5") is not None  # the oldest went first
    pages.set("k10", (200, body, "text/html", []), seconds=60, limit=8000)
    assert pages.get("k5") is not None and pages.get("k6") is None  # k5 was used again: k6 went
    pages.set("huge", (200, b"y" * 5000, "text/html", []), seconds=60, limit=8000)
    assert pages.get("huge") is None  # larger than a quarter of the memory: not kept
    pages.set("brief", (200, body, "text/html", []), seconds=0, limit=8000)
    assert pages.get("brief") is None  # past its age
    assert pages.size <= 8000 - 1512  # and its room given back


def test_visitors_who_miss_the_same_new_page_at_once_wait_for_one_render(page_cache, monkeypatch):
    """Right after a change everyone misses the same new key: one render in this process, the others
    are served its answer (no dogpile), also in a worker that has just started (no release yet)."""
    import time

    from django.test import RequestFactory

    from tests.concurrency import at_once

    renders = []

    def render():
        renders.append(1)
        time.sleep(0.3)  # long enough for every other thread to arrive and wait
        return HttpResponse(f"page {len(renders)}")

    def visitor():
        request = RequestFactory().get("/moties/", headers={"x-forwarded-proto": "https"})
        return caching.serve(request, ["motions"], render, signed_in=False).content

    monkeypatch.setattr(caching, "_release", None)
    assert at_once(*[visitor] * 8) == [b"page 1"] * 8
    assert len(renders) == 1
    assert caching.single_flight._slots == {}  # nothing left behind


def test_threads_that_start_at_once_all_key_pages_with_the_release(monkeypatch):
    """The release digest is computed once per process; threads of a just-started worker that ask
    meanwhile wait for it (they once got an empty release, and so keys of their own)."""
    from tests.concurrency import at_once

    monkeypatch.delenv("KT_RELEASE", raising=False)
    monkeypatch.setattr(caching, "_release", None)
    releases = at_once(*[caching.release] * 8)
    assert len(set(releases)) == 1 and releases[0], releases


# The page cache on Redis with the process memory in front: FrontMiddleware answers anonymous pages.
front = pytest.mark.parametrize("page_cache", ["redis+local"], indirect=True)


def front_keys() -> set[str]:
    return {key for key in caching.local_pages._entries if key.startswith("front:")}


def no_inner_path(monkeypatch):
    """From here on a request that gets past FrontMiddleware to a public view fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("not answered by FrontMiddleware")

    monkeypatch.setattr(caching, "serve", refuse)


@pytest.mark.redis
@front
def test_the_front_answers_an_anonymous_page_itself_and_a_change_still_shows(client, page_cache, monkeypatch):
    """A second anonymous GET of a public page is answered by FrontMiddleware (the view's layer is not
    reached: one query, the versions), headers and all; after a commit the next request is fresh."""
    motion = make_motion(status="aangenomen", deadline_phrase="1 maart 2031")
    urls = {"detail": f"/moties/{motion.ref.kst_id}/", "list": "/moties/?status=aangenomen", "feed": "/moties/feed/"}
    first = {name: get(client, url) for name, url in urls.items()}
    assert len(front_keys()) == len(urls)
    with monkeypatch.context() as patched:
        no_inner_path(patched)
        for name, url in urls.items():
            with CaptureQueriesContext(connection) as ctx:
                again = get(client, url)
            assert len(ctx) == 1 and again.content == first[name].content, name
            for header in ("ETag", "Cache-Control", "Vary", "Content-Type", "Content-Language", "X-Frame-Options"):
                assert again.get(header) == first[name].get(header), (name, header)
            assert "Set-Cookie" not in again
            not_modified = client.get(url, headers={"If-None-Match": first[name]["ETag"]})
            assert not_modified.status_code == 304 and not_modified["ETag"] == first[name]["ETag"], name
    from motions.services import motion_transition

    motion_transition(motion=motion, to="in_uitvoering", reason="Kabinet is begonnen")
    after = get(client, urls["detail"]).content.decode()
    assert "status-in_uitvoering" in after and "Kabinet is begonnen" in after
    assert "status-aangenomen" in first["list"].content.decode()
    assert f'href="{urls["detail"]}"' not in get(client, urls["list"]).content.decode()  # no longer aangenomen


@pytest.mark.redis
@front
def test_the_front_keeps_languages_and_formats_apart(client, page_cache):
    get(client, "/moties/", **{"Accept-Language": "en"})
    dutch = get(client, "/moties/", **{"Accept-Language": "nl"}).content.decode()
    english = get(client, "/moties/", **{"Accept-Language": "en"}).content.decode()
    assert '<html lang="en"' in english and '<html lang="nl"' in dutch
    assert len(front_keys()) == 2


def test_only_an_anonymous_get_of_a_public_page_gets_a_front_key(rf, db):
    def key(path="/moties/", method="get", **headers):
        return caching.front_key(getattr(rf, method)(path, headers=headers))

    assert key() and key("/moties/?status=aangenomen") != key()
    assert key(**{"Accept-Language": "en"}) != key(**{"Accept-Language": "nl"})
    assert caching.front_key(rf.get("/moties/", secure=True)) != key()  # the scheme is part of the URL
    assert key(Cookie="sessionid=abc") is None  # a session, a language choice, a CSRF token: the whole way
    assert key(Authorization="Token abc") is None
    assert key(method="post") is None and key(method="head") is None
    assert key("/api/v1/motions/") is None  # the API's throttle counts every request
    assert key("/admin/") is None and key("/healthz") is None and key("/no-such-page/") is None
    assert key(Host="evil.example") is None  # not a host this site serves


@pytest.mark.redis
@front
@pytest.mark.urls(__name__)
def test_the_front_never_keeps_an_answer_that_sets_a_cookie_or_a_signed_in_page(client, page_cache):
    for _ in range(2):
        assert "seen" in client.get("/cookiepage/").cookies
    motion = make_motion(status="aangenomen", internal_notes="INTERNGEHEIM5150")
    client.force_login(make_staff("frontstaff", motion.ministry))
    assert b"INTERNGEHEIM5150" in client.get(f"/staffpage/{motion.pk}/").content
    assert front_keys() == set()
    client.logout()
    client.cookies.clear()
    assert b"INTERNGEHEIM5150" not in get(client, f"/staffpage/{motion.pk}/").content
    assert len(front_keys()) == 1


@pytest.mark.redis
@front
def test_the_api_throttle_still_counts_with_the_front_on(client, page_cache, settings):
    """The API is not a front page: an anonymous client over its limit is refused, cached reads or not."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    codes = [client.get("/api/v1/motions/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429] and front_keys() == set()


def test_the_front_keeps_only_what_a_public_page_marked_public(rf, settings):
    """Belt and braces beside the key's own conditions: an answer that did not come through
    ``cached_page`` for an anonymous visitor (no ``kt_front``), or that has no ETag, is never kept."""
    settings.KT_PAGE_CACHE_SECONDS = 60
    pages = caching.local_pages
    pages.clear()
    request = rf.get("/moties/")
    for marked, etag, kept in ((False, '"e1"', False), (True, None, False), (True, '"e2"', True)):
        response = HttpResponse("page")
        if etag:
            response["ETag"] = etag
        if marked:
            response.kt_front = True
        caching.front_store(request, response, f"front:{etag}", 1 << 20)
        assert (pages.get(f"front:{etag}") is not None) is kept, (marked, etag)
    pages.clear()
