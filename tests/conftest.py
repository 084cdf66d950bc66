"""Shared fixtures. Tests marked ``postgres`` or ``redis`` need those servers: without them they are
skipped with a notice, except under .ci/run (KT_REQUIRE_SERVICES=1), where a skip is a failure."""
import os
import socket
from urllib.parse import urlparse

import pytest

REQUIRE_SERVICES = os.environ.get("KT_REQUIRE_SERVICES") == "1"


def _redis_reachable() -> bool:
    url = os.environ.get("REDIS_URL")
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _missing_service(item) -> str | None:
    from django.db import connection

    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "needs PostgreSQL (set DATABASE_URL or run PostgreSQL on 127.0.0.1:5432)"
    if item.get_closest_marker("redis") and not _redis_reachable():
        return "needs Redis (set REDIS_URL or run Redis on 127.0.0.1:6379)"
    if item.get_closest_marker("browser") and not os.path.exists("/usr/bin/chromium"):
        return "needs Chromium at /usr/bin/chromium (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        reason = _missing_service(item)
        if reason is None:
            continue
        if REQUIRE_SERVICES:
            item.user_properties.append(("missing_service", reason))
        else:
            item.add_marker(pytest.mark.skip(reason=f"skipped: {reason}"))


def pytest_runtest_setup(item):
    for key, reason in item.user_properties:
        if key == "missing_service":
            pytest.fail(f"KT_REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)


def pytest_report_header(config):
    from django.db import connection

    return [f"kamertracker: database {connection.vendor}, Redis {'yes' if _redis_reachable() else 'no'}"
            f"{', services required' if REQUIRE_SERVICES else ''}"]


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's language (Dutch): a request in English leaves English active in
    the thread, which would otherwise change the messages the next test sees."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _redis_breakers_closed():
    """A test that stops Redis leaves its breakers open for KT_REDIS_RETRY_SECONDS: the next test
    starts with every use of Redis tried again (tracker/resilience.py)."""
    from tracker.resilience import BREAKERS

    for breaker in BREAKERS.values():
        breaker.reset()
    yield
    for breaker in BREAKERS.values():
        breaker.reset()
