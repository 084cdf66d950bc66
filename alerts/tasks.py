"""Celery tasks of the alerts: thin wrappers around the services."""
from celery import shared_task

from . import services


@shared_task(name="alerts.sweep", ignore_result=True)
def sweep() -> int:
    """Beat runs this every few minutes: immediate changes not yet mailed and due digests."""
    return services.sweep()
