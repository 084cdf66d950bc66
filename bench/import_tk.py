"""Benchmark: import generated Tweede Kamer open data records shaped like the real ones.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kamertracker .venv/bin/python bench/import_tk.py

Generates motion Zaken (with their Document, HuidigeDocumentVersie and an Indiener ZaakActor
$expand'ed), their Besluiten ('Ingediend' and the vote, with the Zaak link), 15 party Stemmingen
per vote (with the Fractie $expand'ed) and 'Brief regering' documents naming motions in their
subject (one in four names two: '(Kamerstuk 30000-5 en 6)'), as OData page files of 250 (in the
order the network reader fetches them: all Zaak pages, then Besluit, Stemming, Document), and
imports them with ``run_import(from_dir=...)``, the path of ``manage.py import_tk --from-dir``.
Two mixes: 'motions' (a letter for every 20th motion) and 'letters' (a letter for every 2nd).
Each run is its own process on a fresh database ``<name>_tkbench`` (your data is not touched) and
reports records per second and the process's peak memory (ru_maxrss), so the sizes can be compared;
a second run over the same files must change nothing. Not part of the test suite.
Options: --sizes 20000,100000 (default), --mixes motions,letters (default), or --one N --mix M
(a single run, used by the default mode).
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchdb import bench_database  # noqa: E402

PAGE = 250
TARGET = 5_000
LETTER_EVERY = {"motions": 20, "letters": 2}
PARTIES = [
    ("PVV", 37),
    ("GL-PvdA", 25),
    ("VVD", 24),
    ("NSC", 20),
    ("D66", 9),
    ("BBB", 7),
    ("CDA", 5),
    ("SP", 5),
    ("DENK", 3),
    ("PvdD", 3),
    ("FVD", 3),
    ("SGP", 3),
    ("ChristenUnie", 3),
    ("Volt", 2),
    ("JA21", 1),
]
OUTCOMES = [
    ("Stemmen - aangenomen", "Aangenomen.", 48),
    ("Stemmen - verworpen", "Verworpen.", 30),
    ("Stemmen - aangehouden", "Aangehouden.", 11),
    ("Stemmen - ingetrokken", "Ingetrokken.", 2),
    ("Overgenomen", "Overgenomen.", 1),
    ("Stemmen - uitstellen", "Stemming uitgesteld.", 4),
]
VERDICTS = [
    ("Oordeel Kamer", 31),
    ("Ontraden", 30),
    ("Ontijdig", 4),
    ("Overbodig", 3),
    ("Niet beschikbaar bij gewijzigde moties en/of amendementen", 6),
    ("Geen (expliciete) appreciatie", 3),
]


def uid(*parts) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "tkbench/" + "/".join(map(str, parts))))


def pick(rng, weighted):
    return rng.choices([w[:-1] for w in weighted], weights=[w[-1] for w in weighted])[0]


def motion_count(records: int, letter_every: int) -> int:
    """Motions needed for about ``records`` top-level records (Zaak + 2 Besluiten + 15 Stemmingen
    for the motions put to the vote, plus a letter for every ``letter_every``-th)."""
    voted = sum(w for s, _t, w in OUTCOMES if s in ("Stemmen - aangenomen", "Stemmen - verworpen"))
    per_motion = 3 + 15 * voted / sum(w for *_x, w in OUTCOMES) + 1 / letter_every
    return int(records / per_motion)


def motion(i: int, letter_every: int = 20):
    rng = random.Random(i)
    dossier, nr = 30000 + i // 900, i % 900 + 1
    zaak_id, doc_id = uid("zaak", i), uid("doc", i)
    date = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
    soort, tekst = pick(rng, OUTCOMES)
    mp = rng.randrange(150)
    party, _seats = PARTIES[mp % len(PARTIES)]
    zaak = {
        "Id": zaak_id,
        "Nummer": f"2024Z{i:05d}",
        "Soort": "Motie",
        "Titel": f"Dossier {dossier}",
        "Status": "Vrijgegeven",
        "Onderwerp": f"Motie van het lid Lid{mp} c.s. over onderwerp {i}",
        "GestartOp": f"{date}T00:00:00+01:00",
        "Organisatie": "Tweede Kamer",
        "Vergaderjaar": "2023-2024",
        "Volgnummer": nr,
        "Afgedaan": True,
        "GrootProject": False,
        "GewijzigdOp": f"{date}T16:13:36.017+02:00",
        "ApiGewijzigdOp": f"{date}T10:56:14.1970961Z",
        "Verwijderd": False,
        "Kabinetsappreciatie": pick(rng, VERDICTS)[0],
        "Document": [
            {
                "Id": doc_id,
                "Soort": "Motie",
                "DocumentNummer": f"2024D{i:05d}",
                "Titel": f"Dossier {dossier}",
                "Onderwerp": f"Motie van het lid Lid{mp} c.s. over onderwerp {i}",
                "Datum": f"{date}T00:00:00+01:00",
                "Vergaderjaar": "2023-2024",
                "Kamer": 2,
                "Volgnummer": nr,
                "Organisatie": "Tweede Kamer",
                "ContentType": "application/pdf",
                "GewijzigdOp": f"{date}T12:30:09.533+01:00",
                "Verwijderd": False,
                "HuidigeDocumentVersie_Id": uid("ver", i),
                "HuidigeDocumentVersie": {
                    "Id": uid("ver", i),
                    "Status": "Vrijgegeven",
                    "Versienummer": 1,
                    "Extensie": ".pdf",
                    "Document_Id": doc_id,
                    "Verwijderd": False,
                    "ExterneIdentifier": f"kst-{dossier}-{nr}",
                },
            }
        ],
        "ZaakActor": [
            {
                "Id": uid("actor", i),
                "Zaak_Id": zaak_id,
                "ActorNaam": f"Lid{mp}, A.",
                "ActorFractie": party,
                "Relatie": "Indiener",
                "Persoon_Id": uid("mp", mp),
                "Fractie_Id": uid("party", party),
                "Verwijderd": False,
            }
        ],
    }
    besluiten = [
        {
            "Id": uid("ingediend", i),
            "Agendapunt_Id": None,
            "StemmingsSoort": None,
            "BesluitSoort": "Ingediend",
            "BesluitTekst": "Ingediend",
            "Status": "Besluit",
            "AgendapuntZaakBesluitVolgorde": 1,
            "GewijzigdOp": f"{date}T10:00:00+01:00",
            "Verwijderd": False,
            "Zaak": [{"Id": zaak_id}],
        },
        {
            "Id": uid("besluit", i),
            "Agendapunt_Id": None,
            "StemmingsSoort": "Met handopsteken",
            "BesluitSoort": soort,
            "BesluitTekst": tekst,
            "Status": "Besluit",
            "AgendapuntZaakBesluitVolgorde": 2,
            "GewijzigdOp": f"{date}T16:13:36.01+02:00",
            "Verwijderd": False,
            "Zaak": [{"Id": zaak_id}],
        },
    ]
    stemmingen = []
    if soort in ("Stemmen - aangenomen", "Stemmen - verworpen"):
        for abbr, seats in PARTIES:
            stemmingen.append(
                {
                    "Id": uid("stem", i, abbr),
                    "Besluit_Id": uid("besluit", i),
                    "Soort": rng.choice(["Voor", "Tegen"]),
                    "FractieGrootte": seats,
                    "ActorNaam": abbr,
                    "ActorFractie": abbr,
                    "Vergissing": False,
                    "Persoon_Id": None,
                    "Fractie_Id": uid("party", abbr),
                    "GewijzigdOp": f"{date}T09:30:54.86+02:00",
                    "Verwijderd": False,
                    "Fractie": {
                        "Id": uid("party", abbr),
                        "Afkorting": abbr,
                        "NaamNL": abbr,
                        "AantalZetels": seats,
                        "Verwijderd": False,
                    },
                }
            )
    letters = []
    if i % letter_every == 0:
        named = f"{dossier}-{nr} en {nr + 1}" if i % (4 * letter_every) == 0 and nr < 900 else f"{dossier}-{nr}"
        letters.append(
            {
                "Id": uid("letter", i),
                "Soort": "Brief regering",
                "DocumentNummer": f"2025D{i:06d}",
                "Titel": f"Dossier {dossier}",
                "Datum": f"{date}T00:00:00+01:00",
                "Kamer": 2,
                "Onderwerp": f"Uitvoering van de motie van het lid Lid{mp} (Kamerstuk {named})",
                "Volgnummer": 900 + nr,
                "Organisatie": "Tweede Kamer",
                "Verwijderd": False,
                "GewijzigdOp": f"{date}T12:00:00+01:00",
                "ApiGewijzigdOp": f"{date}T11:00:00.1234567Z",
            }
        )
    return {"Zaak": [zaak], "Besluit": besluiten, "Stemming": stemmingen, "Document": letters}


def generate(directory: Path, records: int, letter_every: int = 20) -> int:
    """Write the pages, one entity set after the other; return the number of records written."""
    count, n = 0, motion_count(records, letter_every)
    for order, entity in enumerate(("Zaak", "Besluit", "Stemming", "Document")):
        page, number = [], 0

        def flush():
            nonlocal page, number
            if page:
                number += 1
                body = {"@odata.context": f"https://example.invalid/OData/v4/2.0/$metadata#{entity}", "value": page}
                (directory / f"{order}_{entity}_{number:05d}.json").write_text(json.dumps(body))
                page = []

        for i in range(n):
            for record in motion(i, letter_every)[entity]:
                page.append(record)
                count += 1
                if len(page) >= PAGE:
                    flush()
        flush()
    return count


def run_one(records: int, mix: str) -> dict:
    os.environ["DATABASE_URL"], _ = bench_database(os.environ.get("DATABASE_URL", ""), suffix="_tkbench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import logging

    logging.disable(logging.WARNING)
    from letters.models import Letter, LetterEvent, LetterLink
    from motions.models import Motion, MotionEvent, MotionVote
    from tkimport.services import run_import

    with tempfile.TemporaryDirectory() as tmp:
        written = generate(Path(tmp), records, LETTER_EVERY[mix])
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        run = run_import(from_dir=tmp)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        events = MotionEvent.objects.count() + LetterEvent.objects.count()
        again = time.perf_counter()
        second = run_import(from_dir=tmp)
        second_seconds = time.perf_counter() - again
        new_events = MotionEvent.objects.count() + LetterEvent.objects.count() - events
    return {
        "mix": mix,
        "records": written,
        "seconds": round(seconds, 1),
        "per_second": round(written / seconds),
        "peak_rss_mb": round(peak / 1024),
        "baseline_rss_mb": round(baseline / 1024),
        "motions": Motion.objects.count(),
        "votes": MotionVote.objects.count(),
        "letters": Letter.objects.count(),
        "links": LetterLink.objects.count(),
        "events": events,
        "second_run_new_events": new_events,
        "problems": run.stats.get("problems", 0),
        "reading": run.stats.get("seconds_reading"),
        "applying": run.stats.get("seconds_applying"),
        "second_run_seconds": round(second_seconds, 1),
        "second_run_new_or_changed": second.stats.get("records_new", 0) + second.stats.get("records_changed", 0),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--mixes", default="motions,letters")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mix", default="motions", choices=sorted(LETTER_EVERY), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.mix)))
        return
    results = []
    for mix in args.mixes.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(size), "--mix", mix],
                capture_output=True,
                text=True,
                env=os.environ,
                check=False,
            )
            if out.returncode:
                sys.exit(out.stderr)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            r = results[-1]
            print(
                f"{r['mix']:>7} mix, {r['records']:>7} records: {r['seconds']:>6}s (read and stage {r['reading']}s, "
                f"apply {r['applying']}s), {r['per_second']:>5} records/s (target {TARGET}), peak memory "
                f"{r['peak_rss_mb']} MB (before the import {r['baseline_rss_mb']} MB); {r['motions']} motions, "
                f"{r['votes']} votes, {r['letters']} letters, {r['links']} links, {r['events']} events, "
                f"{r['problems']} problems; second run {r['second_run_seconds']}s, "
                f"{r['second_run_new_or_changed']} records new or changed, {r['second_run_new_events']} new events",
                flush=True,
            )
    for r in results:
        if r["records"] >= 100_000 or r is results[-1]:
            print(
                f"{r['mix']} mix at {r['records']} records: {r['per_second']} records/s "
                f"{'meets' if r['per_second'] >= TARGET else 'MISSES'} the target of {TARGET}/s"
            )


if __name__ == "__main__":
    main()
