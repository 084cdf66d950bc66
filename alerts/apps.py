from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Attenderingen")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import events

        from .delivery import forget_immediate_subscribers, queue_immediate_alerts
        from .models import Subscription

        events.listen(queue_immediate_alerts)
        # a cache of 'who wants alerts at once', not a business rule: dropped when a subscription changes
        post_save.connect(forget_immediate_subscribers, sender=Subscription, dispatch_uid="alerts-immediate")
        post_delete.connect(forget_immediate_subscribers, sender=Subscription, dispatch_uid="alerts-immediate-del")
