"""Celery tasks of the reminders: thin wrappers around the services."""

from celery import shared_task

from . import services


@shared_task(name="reminders.sweep", ignore_result=True)
def sweep() -> int:
    """Beat runs this every few minutes; ``manage.py send_reminders`` runs the same service."""
    return len(services.sweep().reminders)
