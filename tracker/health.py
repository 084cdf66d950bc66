"""``/healthz`` for load balancers and monitoring: 200 while the database answers, 503 (JSON, no
page) when it does not. The body also says whether the Celery broker answers and how many mails are
late in the outbox; the web app keeps working without the broker, so that does not fail the check,
but monitoring should alert on it."""
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
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
        return "ok"
    except redis.RedisError:
        return "unreachable"


@never_cache
@require_GET
def healthz(request):
    from notifications.selectors import backlog

    body = {"status": "ok", "database": "ok", "broker": _broker()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        late = backlog()
    except DatabaseError:
        body.update(status="unavailable", database="unreachable")
        return JsonResponse(body, status=503)
    body["outbox"] = {"late": late.late, "oldest_late_seconds": late.oldest_late_seconds}
    return JsonResponse(body)
