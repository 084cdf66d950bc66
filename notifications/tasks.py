"""Celery tasks of the outbox: thin wrappers around the services."""

from celery import shared_task

from . import services


@shared_task(name="notifications.send_message", ignore_result=True, acks_late=True)
def send_message(message_id: int) -> str:
    return services.deliver(message_id)


@shared_task(name="notifications.flush_outbox", ignore_result=True)
def flush_outbox() -> int:
    """Queue the rows whose (re)try is due; beat runs this every minute."""
    return len(services.claim_due())
