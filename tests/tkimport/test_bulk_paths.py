"""The import's bulk paths write exactly what the services write. The same real input (the stemmingen
pages, some Besluiten given their Zaak link, the motion Zaken with submitters, the real letters) is
imported once through the services alone (motion_create, letter_create, letter_advance, ...) and
once through the bulk paths; every row of every table they touch is compared, and so are the
status events handed to the after-status-change hooks."""

import copy
import json
import re
import shutil
import uuid
import zlib

import pytest
from django.db import transaction

from core import events
from core.models import Dossier, Party, Person
from letters.models import Letter, LetterEvent, LetterLink
from motions.models import Motion, MotionEvent, MotionSubmitter, MotionVote
from tests.tkimport.support import CORPUS, load
from tkimport import upsert
from tkimport.services import run_import

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

PAGES = (
    "stemmingen/stemming_besluit_agendapunt_zaak_page1.json",
    "stemmingen/stemming_besluit_agendapunt_zaak_page2.json",
)
SKIP = {"id", "created_at", "updated_at", "at", "version", "seen_at"}  # moments, versions and keys differ
_NAMES = re.compile(r"^(?:Gewijzigde )?[Mm]otie van (?:het lid|de leden) (.+?)(?: c\.s\.)? over ")


def submitters(zaak: dict, fracties: list[dict]) -> list[dict]:
    """ZaakActor rows for a real motion Zaak, from the names its subject gives ('van de leden
    Bushoff en Dijk over ...'); a person is the same one in every motion, with a real Fractie."""
    match = _NAMES.match(zaak.get("Onderwerp") or "")
    names = re.split(r", | en ", match.group(1)) if match else []
    rows = []
    for position, name in enumerate(names):
        fractie = fracties[zlib.crc32(name.encode()) % len(fracties)]
        rows.append(
            {
                "Id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"actor/{zaak['Id']}/{name}")),
                "Zaak_Id": zaak["Id"],
                "ActorNaam": name,
                "ActorFractie": fractie["Afkorting"],
                "Fractie_Id": fractie["Id"],
                "Persoon_Id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"person/{name}")),
                "Relatie": "Indiener" if position == 0 else "Medeindiener",
                "Verwijderd": False,
            }
        )
    return rows


def real_input(directory):
    rows = [row for page in PAGES for row in load(page)["value"]]
    fracties = list({row["Fractie"]["Id"]: row["Fractie"] for row in rows}.values())
    # Each Besluit of the agenda items with several Zaken gets a Zaak link (Besluit.Zaak).
    by_item = {}
    for row in rows:
        by_item.setdefault(row["Besluit"]["Agendapunt"]["Id"], {})[row["Besluit_Id"]] = row["Besluit"]
    owner = {}
    for besluiten in by_item.values():
        zaken = sorted(z["Id"] for z in next(iter(besluiten.values()))["Agendapunt"]["Zaak"])
        for besluit_id, zaak_id in zip(sorted(besluiten), zaken):
            owner[besluit_id] = zaak_id
    rows = copy.deepcopy(rows)
    for row in rows:
        row["Besluit"]["Zaak"] = [{"Id": owner[row["Besluit_Id"]]}]
    zaken = load("stemmingen/motion_zaken_with_documents.json")
    for zaak in zaken:
        zaak["ZaakActor"] = submitters(zaak, fracties)
    (directory / "stemmingen").mkdir()
    (directory / "stemmingen/rows.json").write_text(json.dumps({"value": rows}))
    (directory / "stemmingen/zaken.json").write_text(json.dumps(zaken))
    shutil.copytree(CORPUS / "motions", directory / "motions")
    shutil.copytree(CORPUS / "kamerbrieven", directory / "kamerbrieven")
    return directory


def snapshot() -> dict[str, list]:
    keys = {
        Motion: {m.pk: m.ref.kst_id for m in Motion.objects.all()},
        Letter: {
            pk: (number, str(tk_id))
            for pk, number, tk_id in Letter.objects.values_list("pk", "document_number", "tk_id")
        },
        Party: dict(Party.objects.values_list("pk", "abbreviation")),
        Person: {
            pk: (s, i, str(t)) for pk, s, i, t in Person.objects.values_list("pk", "surname", "initials", "tk_id")
        },
        Dossier: {pk: (n, s) for pk, n, s in Dossier.objects.values_list("pk", "number", "suffix")},
    }
    found = {}
    for model in (
        Dossier,
        Party,
        Person,
        Motion,
        MotionSubmitter,
        MotionVote,
        MotionEvent,
        Letter,
        LetterEvent,
        LetterLink,
    ):
        fields = [f for f in model._meta.concrete_fields if f.name not in SKIP]
        order = ("at", "id") if model in (MotionEvent, LetterEvent) else ("id",)
        rows, position = [], {}
        for row in model.objects.order_by(*order).values():
            clean = {}
            for f in fields:
                value = row[f.attname]
                if f.is_relation and value is not None:
                    value = keys[f.related_model][value]
                clean[f.name] = value
            if model in (MotionEvent, LetterEvent):  # the place on the item's timeline
                item = clean["motion" if model is MotionEvent else "letter_item"]
                clean["position"] = position[item] = position.get(item, -1) + 1
            rows.append(clean)
        found[model.__name__] = sorted(rows, key=repr)
    return found


def import_through(monkeypatch, capture, directory, *, bulk_min: int):
    hooked = []

    def record(event):
        item = getattr(event, "motion", None) or getattr(event, "letter_item", None)
        hooked.append((type(event).__name__, str(item.tk_id), event.from_status, event.to_status, event.is_public))

    calls = {"create_bulk": 0, "create": 0}
    for cls in (upsert.MotionWriter, upsert.LetterWriter):
        for name in calls:
            original = getattr(cls, name)

            def counted(self, *args, _original=original, _name=name, **kwargs):
                calls[_name] += 1
                return _original(self, *args, **kwargs)

            monkeypatch.setattr(cls, name, counted)
    monkeypatch.setattr(upsert.common, "BULK_MIN", bulk_min)
    monkeypatch.setattr(events, "_listeners", [record])
    with capture(execute=True):  # what would run once the import's transactions commit
        run = run_import(from_dir=directory)
    stats = {k: v for k, v in run.stats.items() if not k.startswith("seconds_")}
    return snapshot(), sorted(hooked), stats, run.problems, dict(calls)


def test_the_bulk_paths_write_exactly_what_the_services_write(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    directory = real_input(tmp_path)
    sid = transaction.savepoint()
    with monkeypatch.context() as patch:
        services = import_through(patch, django_capture_on_commit_callbacks, directory, bulk_min=10**9)
    transaction.savepoint_rollback(sid)
    assert Motion.objects.count() == 0 and Letter.objects.count() == 0
    with monkeypatch.context() as patch:
        bulk = import_through(patch, django_capture_on_commit_callbacks, directory, bulk_min=1)
    rows, hooked, stats, problems, calls = services
    assert calls["create"] > 300 and calls["create_bulk"] == 0  # every motion and letter through the services
    assert bulk[4]["create_bulk"] >= 2 and bulk[4]["create"] == 0  # ... and here through the bulk paths
    # What there is to compare: decided motions with votes and submitters, sent letters with links.
    assert len(rows["MotionVote"]) > 300 and len(rows["MotionSubmitter"]) > 300 and len(rows["LetterLink"]) > 5
    assert any(r["status"] == "aangenomen" for r in rows["Motion"]) and any(
        r["status"] == "verworpen" for r in rows["Motion"]
    )
    for model, expected in rows.items():
        got = bulk[0][model]
        assert len(got) == len(expected), model
        for want, have in zip(expected, got):
            assert have == want, model
    assert bulk[1] == hooked and any(h[0] == "LetterEvent" for h in hooked)
    assert bulk[2] == stats
    assert bulk[3] == problems
