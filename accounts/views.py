from django.conf import settings
from django.contrib import messages
from django.contrib.admin import site
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from . import services
from .forms import CodeForm


def two_factor(request):
    """Switch the second factor on (scan, then confirm a code) or off (with a code; not where it is
    required)."""
    user = request.user
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "disable":
                services.disable(user=user, code=form.cleaned_data["code"])
                messages.success(request, _("Tweestapsverificatie staat uit."))
            else:
                device = services.confirm_enrolment(user=user, code=form.cleaned_data["code"])
                otp_login(request, device)  # this session has just shown the code
                messages.success(
                    request,
                    _("Tweestapsverificatie staat aan. Bij het inloggen vraagt Kamertracker voortaan ook de code."),
                )
            return redirect("admin:two_factor")
        except services.SecondFactorError as exc:
            form.add_error("code", str(exc))
    device = services.confirmed_device(user)
    context = {
        **site.each_context(request),
        "title": _("Tweestapsverificatie"),
        "form": form,
        "enabled": bool(device),
        "required": settings.KT_REQUIRE_SECOND_FACTOR,
    }
    if device is None:
        pending = services.start_enrolment(user)
        context.update(qr_svg=services.qr_svg(pending), secret=services.secret_base32(pending))
    return TemplateResponse(request, "accounts/two_factor.html", context)


two_factor.kt_without_second_factor = True  # the one admin page a user without one may open
