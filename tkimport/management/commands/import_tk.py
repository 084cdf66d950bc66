"""python manage.py import_tk [--since DATE] [--from-dir DIR]"""

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from tkimport.services import ImportAlreadyRunning, run_import


class RichProgress:
    """A progress bar on a terminal; nothing when output goes to a file or a pipe."""

    def __init__(self, console: Console):
        self.bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not console.is_terminal,
            transient=False,
        )
        self.task = None

    def __enter__(self):
        self.bar.start()
        return self

    def __exit__(self, *exc):
        self.bar.stop()

    def phase(self, name, total=None):
        if self.task is not None:
            self.bar.update(self.task, completed=self.bar.tasks[-1].total or self.bar.tasks[-1].completed)
        self.task = self.bar.add_task(name, total=total)

    def advance(self, n=1):
        self.bar.advance(self.task, n)


def _since(value: str):
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since verwacht een datum als 2025-01-31, niet {value!r}.") from None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class Command(BaseCommand):
    help = "Importeer moties, stemmingen, toezeggingen en Kamerbrieven uit de open data van de Tweede Kamer."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Alleen records gewijzigd vanaf deze datum (JJJJ-MM-DD).")
        parser.add_argument("--from-dir", help="Lees opgeslagen OData-antwoorden (*.json) uit deze map.")
        parser.add_argument("--base-url", help="Ander adres van de OData-dienst (standaard de Tweede Kamer).")

    def handle(self, *args, since=None, from_dir=None, base_url=None, **options):
        since_value = _since(since) if since else None
        console = Console(file=self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout)
        try:
            with RichProgress(console) as progress:
                run = run_import(from_dir=from_dir, since=since_value, base_url=base_url, progress=progress)
        except (FileNotFoundError, ImportAlreadyRunning) as exc:
            raise CommandError(str(exc)) from exc
        stats = run.stats
        self.stdout.write("Samenvatting import open data TK:")
        for key in sorted(stats):
            self.stdout.write(f"  {key}: {stats[key]}")
        for problem in run.problems[:50]:
            self.stderr.write(f"  probleem: {problem}")
        if len(run.problems) > 50:
            self.stderr.write(f"  ... en nog {len(run.problems) - 50} (zie importronde {run.pk} in de admin)")
        if run.interrupted:
            raise CommandError(f"Import onderbroken: {run.interrupted}")
