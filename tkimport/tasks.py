from celery import shared_task

from .services import ImportAlreadyRunning, run_import


@shared_task(name="tkimport.import_tk", ignore_result=True)
def import_tk_nightly():
    """The nightly incremental import (each entity from its checkpoint)."""
    try:
        run = run_import()
    except ImportAlreadyRunning:
        return None
    return run.pk
