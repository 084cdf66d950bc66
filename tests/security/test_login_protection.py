"""Login protection: django-axes locks out repeated failed admin logins (even with the right password
afterwards), strong passwords are required, and staff sessions are short-lived."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def attempt(client, password):
    return client.post(LOGIN, {"username": "ambtenaar", "password": password, "next": "/admin/"})


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_failed_logins_lock_out_even_the_right_password(client, django_user_model, settings):
    django_user_model.objects.create_user("ambtenaar", password="een-lang-en-goed-wachtwoord", is_staff=True)
    for _ in range(2):
        assert attempt(client, "fout").status_code == 200  # the login form again, with an error
    locked = attempt(client, "fout")
    assert locked.status_code == 429
    assert "Te veel mislukte inlogpogingen" in locked.content.decode()
    right = attempt(client, "een-lang-en-goed-wachtwoord")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still not logged in


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_success_before_the_limit_logs_in_and_resets(client, django_user_model):
    django_user_model.objects.create_user("ambtenaar", password="een-lang-en-goed-wachtwoord", is_staff=True)
    attempt(client, "fout")
    attempt(client, "fout")
    response = attempt(client, "een-lang-en-goed-wachtwoord")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2)
def test_lockout_is_per_username(client, django_user_model):
    django_user_model.objects.create_user("ambtenaar", password="een-lang-en-goed-wachtwoord", is_staff=True)
    django_user_model.objects.create_user("collega", password="nog-een-lang-wachtwoord", is_staff=True)
    attempt(client, "fout")
    assert attempt(client, "fout").status_code == 429
    other = client.post(LOGIN, {"username": "collega", "password": "nog-een-lang-wachtwoord", "next": "/admin/"})
    assert other.status_code == 302


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError) as exc:
        validate_password("Kort-3x!")
    assert any(e.code == "password_too_short" for e in exc.value.error_list)
    validate_password("lang-genoeg-wachtwoord-42")


def test_staff_sessions_are_short():
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
