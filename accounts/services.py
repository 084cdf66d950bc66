"""The optional second factor of staff accounts: one time-based one-time password (TOTP, RFC 6238)
device per user, from django-otp. A user without a confirmed device logs in with a password; a user
with one must also give the current code from their authenticator app. django-otp throttles wrong
codes per device (each failure doubles the wait)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator-app"


class SecondFactorError(Exception):
    """A code was refused; the message says why (for the user)."""


def confirmed_device(user) -> TOTPDevice | None:
    if not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def has_second_factor(user) -> bool:
    return confirmed_device(user) is not None


def must_set_up(*, has_second_factor: bool) -> bool:
    """Where the second factor is compulsory (``KT_REQUIRE_SECOND_FACTOR``), a user without one may
    use nothing but its set-up page."""
    return settings.KT_REQUIRE_SECOND_FACTOR and not has_second_factor


def check_code(device: TOTPDevice, code: str) -> None:
    """Raise SecondFactorError unless ``code`` is the device's current code (and not throttled)."""
    allowed, extra = device.verify_is_allowed()
    if not allowed:
        raise SecondFactorError(_("Te veel onjuiste codes. Probeer het over een minuut opnieuw."))
    code = "".join((code or "").split())
    if not (code.isdigit() and len(code) == device.digits and device.verify_token(code)):
        raise SecondFactorError(_("Deze code klopt niet. Neem de code die de app nu toont."))


@transaction.atomic
def start_enrolment(user) -> TOTPDevice:
    """The user's unconfirmed device (a new secret the first time); it counts only once confirmed."""
    if has_second_factor(user):
        raise SecondFactorError(_("Tweestapsverificatie staat al aan."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_enrolment(*, user, code: str) -> TOTPDevice:
    """Switch the second factor on: the app shows the right code for the new secret."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        raise SecondFactorError(_("Begin opnieuw: er is geen nieuwe koppeling klaargezet."))
    check_code(device, code)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return device


@transaction.atomic
def disable(*, user, code: str) -> None:
    """Switch the second factor off; it takes a current code, so a left-open session cannot. Not
    where it is required (``KT_REQUIRE_SECOND_FACTOR``)."""
    if settings.KT_REQUIRE_SECOND_FACTOR:
        raise SecondFactorError(_("Tweestapsverificatie is hier verplicht."))
    device = confirmed_device(user)
    if device is None:
        raise SecondFactorError(_("Tweestapsverificatie staat niet aan."))
    check_code(device, code)
    TOTPDevice.objects.filter(user=user).delete()


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code (no image request, no script), on white
    so it scans in the dark theme too."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4)
    return image.to_string(encoding="unicode")


def secret_base32(device: TOTPDevice) -> str:
    """The secret for typing into an app by hand, in groups of four."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
