from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SenateConfig(AppConfig):
    name = "senate"
    verbose_name = _("Eerste Kamer")
