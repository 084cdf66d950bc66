from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TkImportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tkimport"
    verbose_name = _("Import open data Tweede Kamer")
