from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("herinneringen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import events

        from .services import cancel_moot_reminders

        events.listen(cancel_moot_reminders)
