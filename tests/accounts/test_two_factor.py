"""The optional second factor (accounts/, django-otp TOTP): set it up from the admin, then logging in
takes the app's code; a session without the code gets no admin; switching it off takes a code; wrong
codes are throttled."""

import re
import time
from base64 import b32decode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import MinistryFactory, make_staff

PASSWORD = "pw-123-secret!"
PAGE = "/admin/tweestapsverificatie/"


def code(device, steps_ahead=0):
    """What the user's app shows now (or ``steps_ahead`` 30-second steps later), from the device's key
    as the QR code carries it."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def login(client, username, otp_token=None):
    data = {"username": username, "password": PASSWORD, "next": "/admin/"}
    if otp_token is not None:
        data["otp_token"] = otp_token
    return client.post(reverse("admin:login"), data)


def admin_works(client):
    return client.get("/admin/").status_code == 200


@pytest.fixture
def staff(db):
    return make_staff("anna", MinistryFactory(abbreviation="JenV"))


def enrol(client, user):
    """Set the second factor up through the page, as a user does; return the device."""
    client.force_login(user)
    page = client.get(PAGE).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1)
    assert b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)) == device.bin_key
    assert client.post(PAGE, {"action": "enable", "code": code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_without_a_second_factor_the_password_is_enough(staff):
    client = Client()
    response = login(client, "anna")
    assert response.status_code == 302 and admin_works(client)


def test_setting_up_shows_a_qr_code_and_takes_a_confirming_code(staff, client):
    client.force_login(staff)
    page = client.get(PAGE).content.decode()
    assert "<svg" in page and "<script" not in page.split('id="content-main"')[1]
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert "issuer=Kamertracker" in device.config_url
    assert client.get(PAGE).status_code == 200 and TOTPDevice.objects.filter(user=staff).count() == 1  # reused

    wrong = f"{(int(code(device)) + 1) % 10**6:06d}"
    response = client.post(PAGE, {"action": "enable", "code": wrong})
    assert response.status_code == 200 and "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    time.sleep(1.1)  # django-otp's throttle after one wrong code
    assert client.post(PAGE, {"action": "enable", "code": code(device)}).status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert admin_works(client)  # this session showed the code
    assert "staat aan" in client.get(PAGE).content.decode()


def test_once_on_the_login_asks_for_the_code(staff):
    device = enrol(Client(), staff)
    client = Client()
    response = login(client, "anna")
    assert response.status_code == 200 and "Vul ook de code" in response.content.decode()
    assert not admin_works(client)
    response = login(client, "anna", f"{(int(code(device, 1)) + 1) % 10**6:06d}")
    assert response.status_code == 200 and "Deze code klopt niet" in response.content.decode()
    assert not admin_works(client)
    time.sleep(1.1)
    response = login(client, "anna", code(device, 1))  # the next step: the enrolment used this one's code
    assert response.status_code == 302 and admin_works(client)


def test_a_session_without_the_code_gets_no_admin(staff):
    enrol(Client(), staff)
    client = Client()
    client.force_login(staff)  # logged in some other way, without the second factor
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("admin:motions_motion_changelist")).status_code == 302
    assert client.get(PAGE).status_code == 302


def test_wrong_codes_are_throttled(staff):
    device = enrol(Client(), staff)
    client = Client()
    for _ in range(3):
        login(client, "anna", "000000" if code(device, 1) != "000000" else "111111")
    response = login(client, "anna", code(device, 1))  # right, but too soon after three wrong ones
    assert response.status_code == 200 and "Te veel onjuiste codes" in response.content.decode()
    assert not admin_works(client)


def test_switching_off_takes_a_current_code(staff):
    enroller = Client()
    device = enrol(enroller, staff)
    response = enroller.post(PAGE, {"action": "disable", "code": "12345"})
    assert response.status_code == 200 and TOTPDevice.objects.filter(pk=device.pk).exists()
    assert enroller.post(PAGE, {"action": "disable", "code": code(device, 1)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    client = Client()
    assert login(client, "anna").status_code == 302 and admin_works(client)


def test_where_it_is_required_staff_must_set_it_up_first(staff, settings):
    settings.KT_REQUIRE_SECOND_FACTOR = True
    client = Client()
    assert login(client, "anna").status_code == 302  # the password still logs in ...
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == PAGE  # ... but only to the set-up page
    assert client.get(reverse("admin:motions_motion_changelist"))["Location"] == PAGE
    assert client.get(PAGE).status_code == 200
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert client.post(PAGE, {"action": "enable", "code": code(device)}).status_code == 302
    assert admin_works(client)
    page = client.get(PAGE).content.decode()
    assert "staat aan" in page and 'value="disable"' not in page
    response = client.post(PAGE, {"action": "disable", "code": code(device, 1)})
    assert response.status_code == 200 and TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert client.post(reverse("admin:logout")).status_code in (200, 302)  # logging out is always possible
