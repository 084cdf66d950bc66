"""Celery tasks of the alerts: thin wrappers around the services."""

from celery import shared_task

from . import delivery, services


@shared_task(name="alerts.sweep", ignore_result=True)
def sweep() -> int:
    """Beat runs this every few minutes: immediate changes not yet mailed and due digests."""
    return delivery.sweep()


@shared_task(name="alerts.notify_immediate", ignore_result=True, acks_late=True)
def notify_immediate(event_label: str, event_pk: int) -> int:
    """Mail the immediate subscribers of one status change (queued by the status-change hook)."""
    return delivery.notify_immediate(event_label=event_label, event_pk=event_pk)


@shared_task(name="alerts.remove_expired", ignore_result=True)
def remove_expired() -> int:
    """Beat runs this daily: requests nobody confirmed in time are removed."""
    return services.remove_expired()
