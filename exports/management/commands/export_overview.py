"""manage.py export_overview --ministry JenV --format xlsx --output overzicht.xlsx"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.models import Ministry
from exports.services import FORMATS, export_overview


class Command(BaseCommand):
    help = "Overzicht van de openstaande moties en toezeggingen van één ministerie (CSV, XLSX of HTML)."

    def add_arguments(self, parser):
        parser.add_argument("--ministry", required=True, help="Afkorting van het ministerie, bijvoorbeeld JenV.")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="xlsx")
        parser.add_argument(
            "--chamber",
            choices=["TK", "EK"],
            default="",
            help="Alleen de items van één Kamer: TK (Tweede Kamer) of EK (Eerste Kamer).",
        )
        parser.add_argument("--output", help="Bestand; zonder: naar standaarduitvoer (niet voor xlsx op een terminal).")

    def handle(self, *args, ministry, fmt, output=None, chamber="", **options):
        found = Ministry.objects.filter(abbreviation__iexact=ministry).first()
        if found is None:
            known = ", ".join(Ministry.objects.order_by("abbreviation").values_list("abbreviation", flat=True))
            raise CommandError(f"Onbekend ministerie {ministry!r}. Bekend: {known or '(geen)'}.")
        if output is None and fmt == "xlsx" and sys.stdout.isatty():
            raise CommandError("Een XLSX-bestand hoort niet op een terminal: geef --output BESTAND.")
        self.stderr.write(f"Overzicht van {found.name} samenstellen ({fmt})…")
        data, count = export_overview(ministry=found, fmt=fmt, chamber=chamber)
        if output:
            try:
                Path(output).write_bytes(data)
            except OSError as exc:
                raise CommandError(f"Kan {output} niet schrijven: {exc}") from exc
            self.stderr.write(self.style.SUCCESS(f"{count} openstaande items geschreven naar {output}."))
        else:
            self.stdout.flush()
            (getattr(self.stdout, "buffer", None) or sys.stdout.buffer).write(data)
            self.stderr.write(self.style.SUCCESS(f"{count} openstaande items geschreven."))
