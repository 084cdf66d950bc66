"""Redis refused (the server stopped) or hung (SIGSTOP: connections are accepted, nothing answers).
The app runs with its real Redis configuration on a private ``redis-server``: the cache (API throttle,
sign-up limits) and the Celery broker (mail and alert tasks queued after commits). Then every public
page, the sign-up, the API (reads, the throttle, a status change) and the admin (every list, add and
change page, a status change) answer within 2 s with the right answer, and a committed change is
answered as committed."""

import os
import signal
import time

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token

from notifications.models import OutboxMessage
from tests.notifications.support import redis_server  # noqa: F401 - fixture
from tracker.resilience import BREAKERS

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

LIMIT = 2.0  # seconds: nothing a user does may wait longer on Redis
PUBLIC = [
    "/",
    "/moties/",
    "/toezeggingen/",
    "/brieven/",
    "/moties/?q=terugkeer&status=aangenomen",
    "/moties/feed/",
    "/toezeggingen/feed/",
    "/termijnen.ics",
    "/moties/termijnen.ics",
    "/volgen/?kind=moties&dossier=29344",
    "/api/v1/motions/",
    "/api/v1/commitments/",
    "/api/v1/letters/",
    "/api/v1/people/",
    "/api/schema/",
    "/healthz",
]


def _drop_broker_pools(app):
    """Close and forget Celery's (kombu's) connection and producer pools, so the next publish connects
    to the broker URL now configured."""
    import kombu.pools

    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def private_redis(redis_server, settings):  # noqa: F811
    from tracker.celery import app
    from tracker.settings.base import REDIS_BROKER_TRANSPORT_OPTIONS, redis_cache

    settings.REDIS_URL = redis_server.url
    settings.CACHES = {"default": redis_cache(redis_server.url)}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute"}}
    saved = app.conf.broker_url, app.conf.broker_transport_options
    app.conf.broker_url, app.conf.broker_transport_options = redis_server.url, REDIS_BROKER_TRANSPORT_OPTIONS
    _drop_broker_pools(app)
    yield redis_server
    if redis_server.proc and redis_server.proc.poll() is None:
        os.kill(redis_server.proc.pid, signal.SIGCONT)
    app.conf.broker_url, app.conf.broker_transport_options = saved
    _drop_broker_pools(app)


@pytest.fixture
def demo(db):
    from demo.data import load_demo

    load_demo(log=lambda *a: None)


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _admin_lists():
    return [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]


def _admin_forms(user):
    """Of every registered model the add page and one change page (after the lists: a list page may
    make the one row a model has, which ends its add page)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = []
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{name}_add"))
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is not None and model_admin.has_change_permission(request, obj):
            urls.append(reverse(f"{name}_change", args=[obj.pk]))
    return urls


def _break(redis, mode):
    if mode == "stopped":
        redis.kill()
    else:
        os.kill(redis.proc.pid, signal.SIGSTOP)


def _sign_up(client, email):
    return client.post("/volgen/", {"email": email, "frequency": "daily", "kind": "moties", "query": "dossier=29344"})


@pytest.mark.parametrize("mode", ["stopped", "frozen"])
def test_everything_answers_within_two_seconds_without_redis(
    demo, private_redis, client, mode, settings, django_capture_on_commit_callbacks
):
    from motions.models import Motion

    root = get_user_model().objects.get(username="admin")
    token = Token.objects.create(user=get_user_model().objects.get(username="aenm")).key

    # Redis up: the cache and the broker really are this server.
    with django_capture_on_commit_callbacks(execute=True):
        assert _sign_up(client, "eerst@example.org").status_code == 200
    assert client.get("/api/v1/parties/").status_code == 200
    probe = private_redis.client()
    assert probe.llen("celery") >= 1, "the confirmation mail's task went to the private broker"
    assert probe.keys("kt:*"), "the throttle counts in the private Redis"

    _break(private_redis, mode)
    slow = []

    def check(what, call, expected=200):
        response, took = _timed(call)
        assert response.status_code == expected, (what, response.status_code, response.content[:500])
        if took >= LIMIT:
            slow.append((what, round(took, 2)))
        return response

    for url in PUBLIC:
        check(url, lambda url=url: client.get(url))
    motion = Motion.objects.get(ref="kst-29344-902")  # adopted, AenM
    check("motion page", lambda: client.get(f"/moties/{motion.ref.kst_id}/"))
    check("motion API", lambda: client.get(f"/api/v1/motions/{motion.pk}/"))

    with django_capture_on_commit_callbacks(execute=True):
        check("sign-up", lambda: _sign_up(client, "tijdens@example.org"))
    assert OutboxMessage.objects.filter(to="tijdens@example.org").exists(), "the mail waits in the outbox"

    def api_transition():
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"/api/v1/motions/{motion.pk}/transition/",
                {"to": "in_uitvoering", "reason": "API"},
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Token {token}",
            )

    answer = check("API transition", api_transition)
    assert answer.json()["status"] == "in_uitvoering"
    motion.refresh_from_db()
    assert motion.status == "in_uitvoering"

    client.force_login(root)
    for url in _admin_lists():
        check(url, lambda url=url: client.get(url))
    for url in _admin_forms(root):
        check(url, lambda url=url: client.get(url))

    def admin_transition():
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("admin:motions_motion_transition", args=[motion.pk, "afgedaan"]), {"reason": "Klaar"}
            )

    check("admin transition", admin_transition, expected=302)
    motion.refresh_from_db()
    assert motion.status == "afgedaan"
    assert not slow, slow
    assert any(b.is_open for b in BREAKERS.values()), "Redis was really away"


@pytest.mark.parametrize("mode", ["stopped", "frozen"])
def test_the_throttle_falls_back_to_a_local_limit(db, private_redis, client, mode, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "4/minute"}}
    assert client.get("/api/v1/parties/").status_code == 200  # counted in Redis
    _break(private_redis, mode)
    started = time.monotonic()
    codes = [client.get("/api/v1/parties/").status_code for _ in range(6)]
    assert codes == [200, 200, 200, 200, 429, 429]  # counted again in this process, from zero
    assert time.monotonic() - started < LIMIT
