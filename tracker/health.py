"""``/healthz`` for load balancers and monitoring: 200 while the database answers, 503 (JSON, no
page) when it does not. That is all anyone may see. Staff who are logged in, and monitoring that sends
``Authorization: Bearer <KT_HEALTHZ_TOKEN>``, also get whether the Celery broker answers and how many
mails are late in the outbox; the web app keeps working without the broker, so that does not fail
the check, but monitoring should alert on it."""

import hmac

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _broker() -> str:
    if not settings.REDIS_URL:
        return "not used"
    import redis

    try:
        redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=settings.KT_REDIS_TIMEOUT,
            socket_timeout=settings.KT_REDIS_TIMEOUT,
        ).ping()
        return "ok"
    except redis.RedisError:
        return "unreachable"


def may_see_details(request) -> bool:
    token = getattr(settings, "KT_HEALTHZ_TOKEN", "")
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    try:
        user = request.user
        return user.is_active and user.is_staff
    except DatabaseError:  # the session is in the database: without it, nobody is staff
        return False


@never_cache
@require_GET
def healthz(request):
    from notifications.selectors import backlog

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    if not may_see_details(request):
        return JsonResponse({"status": "ok"})
    body = {"status": "ok", "database": "ok", "broker": _broker()}
    try:
        late = backlog()
    except DatabaseError:
        body.update(status="unavailable", database="unreachable")
        return JsonResponse(body, status=503)
    body["outbox"] = {"late": late.late, "oldest_late_seconds": late.oldest_late_seconds}
    return JsonResponse(body)
