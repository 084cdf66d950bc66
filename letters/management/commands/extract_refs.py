"""``manage.py extract_refs FILE [--json]``: analyse one letter (PDF or text file) and print what it
cites, answers and promises. The analysis is ``parsing.letters.analyse_letter``; reading the file
is ``letters.intake.path_text``. Uses the dossier titles and recess
dates in the database when it can reach one (to infer the own dossier of a letter that prints only
'Nr. 131'), and works without."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from letters.intake import IntakeError, analyse_text, path_text


class Command(BaseCommand):
    help = "Analyseer een Kamerbrief of beslisnota (PDF of tekst): Kamerstukken, moties, toezeggingen, termijnen."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="pad naar een .pdf- of .txt-bestand")
        parser.add_argument("--json", action="store_true", help="de analyse als JSON")

    def handle(self, *args, file, json=False, **options):
        try:
            text = path_text(file)
        except IntakeError as error:
            raise CommandError(f"{file}: {error}") from error
        try:
            data = analyse_text(text)
        except DatabaseError:
            data = analyse_text(text, with_reference_data=False)
        if json:
            self.stdout.write(_dumps(data))
            return
        self.stdout.write(_summary(data))


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _ref(ref: dict | None) -> str:
    if not ref:
        return "-"
    dossier = " ".join(part for part in (ref.get("dossier"), ref.get("suffix")) if part) or "(dossier onbekend)"
    return f"{dossier}, nr. {ref['nr']}"


def _summary(data: dict) -> str:
    signer = data.get("signed_by") or {}
    lines = [
        f"Eigen nummer: {_ref(data.get('own_ref'))}",
        f"Datum: {data.get('date') or '-'}",
        f"Ondertekend: {', '.join(v for v in (signer.get('name'), signer.get('role')) if v) or '-'}",
        f"Kamerstukken ({len(data['kamerstuk_refs'])}):",
        *(f"  {_ref(ref)}  [{ref['text']}]" for ref in data["kamerstuk_refs"]),
        f"Handelingen ({len(data['handelingen_refs'])}):",
        *(
            f"  {ref['chamber'] or '?'} {ref['session']}, nr. {', '.join(ref['nrs'])}  [{ref['text']}]"
            for ref in data["handelingen_refs"]
        ),
        f"Moties ({len(data['motions'])}):",
        *(
            f"  {', '.join(m['members'])} ({', '.join(m['parties']) or '-'}), {_ref(m['ref'])}"
            f"{', afgedaan' if m['settles'] else ''}"
            for m in data["motions"]
        ),
        f"Toezeggingen ({len(data['commitments'])}):",
        *(f"  {c['text']}{' (afgedaan)' if c['settles'] else ''}" for c in data["commitments"]),
        f"Nieuwe termijnen ({len(data['new_deadlines'])}):",
        *(f"  {d['phrase']} -> uiterlijk {d['latest']}: {d['text']}" for d in data["new_deadlines"]),
    ]
    return "\n".join(lines)
