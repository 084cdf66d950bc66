from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Attenderingen")

    def ready(self):
        from core import events

        from .services import queue_immediate_alerts

        events.listen(queue_immediate_alerts)
