from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Openbare pagina's")

    def ready(self):
        from . import versions

        versions.install()  # every connection bumps the data versions of what it writes
