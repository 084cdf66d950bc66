from django.contrib import admin
from django.urls import path

from . import services
from .forms import LoginForm


class AdminSite(admin.AdminSite):
    """Django's admin, plus: the login asks for the second factor of users who switched it on, and a
    session of such a user counts only once that code was given (whatever way it was logged in)."""

    site_header = site_title = "Kamertracker"
    index_title = "Beheer"
    login_form = LoginForm
    login_template = "accounts/login.html"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        needs = getattr(request, "_kt_needs_second_factor", None)
        if needs is None:
            needs = request._kt_needs_second_factor = services.needs_second_factor(request.user)
        return not needs or request.user.is_verified()

    def get_urls(self):
        from .views import two_factor

        return [path("tweestapsverificatie/", self.admin_view(two_factor), name="two_factor"), *super().get_urls()]
