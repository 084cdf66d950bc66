from functools import wraps

from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _

from . import services
from .forms import LoginForm


class AdminSite(admin.AdminSite):
    """Django's admin, plus: the login asks for the second factor of users who switched it on, and a
    session of such a user counts only once that code was given (whatever way it was logged in).
    With ``KT_REQUIRE_SECOND_FACTOR`` on, staff without one are sent to set it up before anything else."""

    site_header = site_title = "Kamertracker"
    index_title = "Beheer"
    login_form = LoginForm
    login_template = "accounts/login.html"

    def _has_device(self, request) -> bool:
        has = getattr(request, "_kt_needs_second_factor", None)
        if has is None:
            has = request._kt_needs_second_factor = services.needs_second_factor(request.user)
        return has

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not self._has_device(request) or request.user.is_verified()

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)
        if getattr(view, "kt_without_second_factor", False) or view in (
                self.logout, self.password_change, self.password_change_done, self.i18n_javascript):
            return inner

        @wraps(view)
        def guarded(request, *args, **kwargs):
            if (getattr(settings, "KT_REQUIRE_SECOND_FACTOR", False) and self.has_permission(request)
                    and not self._has_device(request)):
                messages.warning(request, _("Stel eerst tweestapsverificatie in: dat is hier verplicht."))
                return redirect("admin:two_factor")
            return inner(request, *args, **kwargs)

        return guarded

    def get_urls(self):
        from .views import two_factor

        return [path("tweestapsverificatie/", self.admin_view(two_factor), name="two_factor"), *super().get_urls()]
