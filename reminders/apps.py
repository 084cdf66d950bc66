from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("herinneringen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import events
        from notifications import checks

        from .services import VETO_CHECK, cancel_moot_reminders, reminder_veto

        events.listen(cancel_moot_reminders)
        checks.register(VETO_CHECK, reminder_veto)
