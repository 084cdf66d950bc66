from functools import wraps

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path, reverse
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

    @staticmethod
    def _has_second_factor(request) -> bool:
        """Once per request (the admin asks several times)."""
        if not hasattr(request, "_kt_has_second_factor"):
            request._kt_has_second_factor = services.has_second_factor(request.user)
        return request._kt_has_second_factor

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not self._has_second_factor(request) or request.user.is_verified()

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)
        if getattr(view, "kt_without_second_factor", False) or view in (
            self.logout,
            self.password_change,
            self.password_change_done,
            self.i18n_javascript,
        ):
            return inner

        @wraps(view)
        def guarded(request, *args, **kwargs):
            if self.has_permission(request) and services.must_set_up(
                has_second_factor=self._has_second_factor(request)
            ):
                messages.warning(request, _("Stel eerst tweestapsverificatie in: dat is hier verplicht."))
                return redirect("admin:two_factor")
            return inner(request, *args, **kwargs)

        return guarded

    def index(self, request, extra_context=None):
        """Staff of a ministry start at their workbench; others at Django's index, superusers with a
        link to the workbench (of every ministry)."""
        from workbench import views as workbench

        if workbench.is_start_page(request.user):
            return workbench.workbench_view(request, self)
        extra_context = dict(extra_context or {})
        if workbench.may_use(request.user):
            extra_context["workbench_url"] = reverse("admin:workbench", current_app=self.name)
        return super().index(request, extra_context)

    def workbench(self, request):
        from workbench.views import workbench_view

        return workbench_view(request, self)

    def get_urls(self):
        from .views import two_factor

        return [
            path("tweestapsverificatie/", self.admin_view(two_factor), name="two_factor"),
            path("werkbank/", self.admin_view(self.workbench), name="workbench"),
            *super().get_urls(),
        ]
