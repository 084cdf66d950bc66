"""Run one reminder sweep, as beat does, and print what was (or would be) sent."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reminders import services


class Command(BaseCommand):
    help = "Eén herinneringsronde: zet de herinneringen en weekoverzichten die vandaag aan de beurt zijn in de outbox."

    def add_arguments(self, parser):
        parser.add_argument("--now", metavar="YYYY-MM-DD", help="de ronde uitvoeren alsof het deze datum is")
        parser.add_argument("--dry-run", action="store_true", help="alleen tonen wat verzonden zou worden")

    def handle(self, *args, now=None, dry_run=False, verbosity=1, **options):
        today = None
        if now:
            try:
                today = date.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now verwacht een datum als 2026-03-31, niet {now!r}.") from None
        self.stdout.write(
            f"Herinneringsronde per {today or 'vandaag'}{' (proef, er wordt niets verzonden)' if dry_run else ''}..."
        )
        result = services.sweep(today=today, dry_run=dry_run)
        verb = "zou verzenden" if dry_run else "verzenden"
        for planned in result.reminders:
            self.stdout.write(f"  {verb}: {planned.subject} -> {planned.to}")
        for planned in result.digests:
            self.stdout.write(f"  {verb}: {planned.subject} -> {planned.to}")
        if verbosity > 1:
            for planned in result.skipped:
                self.stdout.write(f"  overgeslagen: {planned.key} ({planned.note})")
        for label in result.no_recipient:
            self.stderr.write(f"  geen ontvanger: {label} (geen verantwoordelijke met e-mail, geen adres ministerie)")
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar: {len(result.reminders)} herinneringen, {len(result.digests)} weekoverzichten, "
                f"{len(result.skipped)} overgeslagen, {len(result.no_recipient)} zonder ontvanger"
                f"{'' if dry_run else f', {result.claimed} berichten in de wachtrij'}."
            )
        )
