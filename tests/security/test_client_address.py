"""Client addresses behind trusted proxies (KT_TRUSTED_PROXIES): a forged X-Forwarded-For neither
resets the API's anonymous limit nor lets somebody else's guessing lock out a staff member (django-axes
locks the username only together with the guesser's real address)."""

import itertools

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from tracker.clients import client_ip

PROXY = "10.0.0.2"  # the TLS proxy: every request reaches the app from here
LOGIN = "/admin/login/?next=/admin/"
LIMITED = override_settings(
    REST_FRAMEWORK={**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
)


def _meta(forwarded=None, remote=PROXY):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return meta


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "198.51.100.1", PROXY),  # no proxy configured: the header is ignored
        (1, None, PROXY),  # straight to the app: its own peer
        (1, "203.0.113.7", "203.0.113.7"),  # what the proxy appended
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a client's own entry is never read
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),  # two proxies: the outer one's entry
        (2, "203.0.113.7", "203.0.113.7"),  # shorter than the chain: the leftmost
        (1, "6.6.6.6, geen-adres", PROXY),  # garbage where the proxy writes: its peer
        (1, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_client_ip_reads_only_what_the_trusted_proxies_wrote(settings, proxies, forwarded, expected):
    settings.KT_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", **_meta(forwarded))
    assert client_ip(request) == expected


@pytest.fixture
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@LIMITED
@pytest.mark.django_db
def test_forged_forwarded_for_does_not_reset_the_api_limit(client, settings, _clean_cache):
    settings.KT_TRUSTED_PROXIES = 1
    forged = (f"198.51.100.{n}, 203.0.113.7" for n in itertools.count(1))  # a new "client" every request
    codes = [client.get("/api/v1/parties/", **_meta(next(forged))).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    # Another real client behind the same proxy has its own limit.
    assert client.get("/api/v1/parties/", **_meta("203.0.113.8")).status_code == 200


@LIMITED
@pytest.mark.django_db
def test_without_proxies_the_header_is_not_a_new_client(client, settings, _clean_cache):
    settings.KT_TRUSTED_PROXIES = 0
    codes = [
        client.get("/api/v1/parties/", **_meta(f"198.51.100.{n}", remote="203.0.113.7")).status_code for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def _login(client, username, password, forwarded):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **_meta(forwarded))


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, KT_TRUSTED_PROXIES=1)
@pytest.mark.django_db
def test_guessing_behind_the_proxy_locks_out_only_the_guesser(client, django_user_model):
    from axes.models import AccessAttempt

    django_user_model.objects.create_user("admin", password="een-lang-en-goed-wachtwoord", is_staff=True)
    attacker, victim = "198.51.100.66", "203.0.113.10"
    # The attacker even claims the victim's address in the header it sends itself.
    codes = [_login(client, "admin", "fout", f"{victim}, {attacker}").status_code for _ in range(4)]
    assert codes == [200, 200, 429, 429]
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {attacker}
    # The real admin, from its own address behind the same proxy, logs in with its password.
    real = _login(client, "admin", "een-lang-en-goed-wachtwoord", victim)
    assert real.status_code == 302 and real["Location"] == "/admin/"


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2, KT_TRUSTED_PROXIES=1)
@pytest.mark.django_db
def test_the_locked_out_address_stays_locked_even_with_another_forged_header(client, django_user_model):
    django_user_model.objects.create_user("admin", password="een-lang-en-goed-wachtwoord", is_staff=True)
    attacker = "198.51.100.66"
    assert [_login(client, "admin", "fout", f"192.0.2.{n}, {attacker}").status_code for n in range(3)] == [
        200,
        429,
        429,
    ]
    locked = _login(client, "admin", "een-lang-en-goed-wachtwoord", f"192.0.2.99, {attacker}")
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
