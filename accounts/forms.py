from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import services


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": r"[0-9 ]*", "size": 8}
            ),
        )
        super().__init__(**kwargs)


class LoginForm(AdminAuthenticationForm):
    """The admin login: password, plus the app's code when the user switched the second factor on."""

    otp_token = CodeField(
        label=_("Code uit de authenticator-app"),
        required=False,
        help_text=_("Alleen als u tweestapsverificatie hebt aangezet."),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        device = services.confirmed_device(user)
        if device is not None:
            code = cleaned.get("otp_token") or ""
            if not code.strip():
                raise forms.ValidationError(_("Vul ook de code uit uw authenticator-app in."), code="code_required")
            try:
                services.check_code(device, code)
            except services.SecondFactorError as exc:
                raise forms.ValidationError(str(exc), code="bad_code") from None
            user.otp_device = device  # django-otp marks the session verified at login
        return cleaned


class CodeForm(forms.Form):
    code = CodeField(label=_("Code"))
