"""schemathesis generates requests from the served OpenAPI schema and calls the Django app through
WSGI: no request may end in a server error or in a response that breaks the schema. Run once
anonymously and once with a ministry token (so the write endpoints run the workflow too)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import CHECKS as REGISTERED_CHECKS
from schemathesis.checks import load_all_checks

from tracker.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.slow]

load_all_checks()
CHECKS = REGISTERED_CHECKS.get_all()  # `--checks all`: every built-in check, none left out


@pytest.fixture(autouse=True)
def _wsgi_inside_the_test_transaction(world, settings):
    """Calls go through the real WSGI handler, which closes the database connection after each
    request; keep it open (as Django's test client does) so the test's transaction and data stay."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"}}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield world
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token_header(world):
    return {"Authorization": f"Token {Token.objects.create(user=world['staff_a']).key}"}


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

BOUNDED = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@BOUNDED
def test_anonymous_requests_conform_to_the_schema(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_token_requests_conform_to_the_schema(case, token_header):
    case.call_and_validate(checks=CHECKS, headers=token_header)
