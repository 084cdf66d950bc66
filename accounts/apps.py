from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True  # this module also holds the admin's config, below
    name = "accounts"
    verbose_name = _("Accounts")


class KamertrackerAdminConfig(admin_apps.AdminConfig):
    """The Django admin with our site class (second factor at login, its set-up page)."""

    default = False
    default_site = "accounts.admin_site.AdminSite"
