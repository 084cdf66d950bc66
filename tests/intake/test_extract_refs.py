"""``manage.py extract_refs FILE [--json]`` on the five corpus letters (the issue's JSON shape, and
the references expected.json lists), on a generated PDF, and on files it cannot read."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.models import Dossier
from tests.intake.helpers import ANALYSIS_KEYS, CORPUS, MEMO, make_pdf

pytestmark = pytest.mark.django_db

EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))["letters"]
LETTERS = sorted(EXPECTED)
PROJECT = Path(__file__).resolve().parents[2]


def run_json(path) -> dict:
    out = StringIO()
    call_command("extract_refs", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def is_str_or_none(value) -> bool:
    return value is None or isinstance(value, str)


def assert_ref_shape(ref):
    assert ref is None or (
        isinstance(ref["dossier"], str) and is_str_or_none(ref["suffix"]) and isinstance(ref["nr"], str)
    ), ref


def test_all_five_letters_are_in_the_corpus():
    assert len(LETTERS) == 5 and all((CORPUS / name).is_file() for name in LETTERS)


@pytest.mark.parametrize("name", LETTERS)
def test_json_has_the_issue_shape(name):
    Dossier.objects.create(number="29344", title="Terugkeerbeleid")
    data = run_json(CORPUS / name)
    expected = EXPECTED[name]
    assert ANALYSIS_KEYS <= set(data)
    own = data["own_ref"]
    assert own is None or (
        is_str_or_none(own["dossier"]) and is_str_or_none(own["suffix"]) and isinstance(own["nr"], str)
    )
    if expected.get("own_ref"):
        assert (own["dossier"], own["suffix"], own["nr"]) == tuple(
            expected["own_ref"][k] for k in ("dossier", "suffix", "nr")
        )
    assert is_str_or_none(data["date"])
    assert data["date"] == expected["date"]
    signer = data["signed_by"]
    assert signer is None or (is_str_or_none(signer["name"]) and is_str_or_none(signer["role"]))
    for ref in data["kamerstuk_refs"]:
        assert_ref_shape(ref)
        assert isinstance(ref["text"], str) and ref["text"]
    found = [(r["dossier"], r["suffix"], r["nr"]) for r in data["kamerstuk_refs"]]
    assert len(found) == len(set(found)), "a reference cited twice appears once"
    assert set(found) == {(r["dossier"], r["suffix"], r["nr"]) for r in expected["kamerstuk_refs"]}
    for ref in data["handelingen_refs"]:
        assert is_str_or_none(ref["chamber"]) and isinstance(ref["session"], str) and isinstance(ref["text"], str)
        assert ref["nrs"] and all(isinstance(nr, str) for nr in ref["nrs"])
    assert sorted(nr for r in data["handelingen_refs"] for nr in r["nrs"]) == sorted(
        r["nr"] for r in expected["handelingen_refs"]
    )
    for motion in data["motions"]:
        assert all(isinstance(m, str) for m in motion["members"]) and all(isinstance(p, str) for p in motion["parties"])
        assert_ref_shape(motion["ref"])
        assert isinstance(motion["settles"], bool)
    for commitment in data["commitments"]:
        assert isinstance(commitment["text"], str) and isinstance(commitment["settles"], bool)
        assert_ref_shape(commitment["ref"])
    for deadline in data["new_deadlines"]:
        assert isinstance(deadline["phrase"], str) and isinstance(deadline["text"], str)
        assert len(deadline["latest"]) == 10 and deadline["latest"][4] == "-"


def test_decision_memo_json_names_the_motion_and_the_2027_deadline():
    data = run_json(MEMO)
    assert [(m["ref"]["dossier"], m["ref"]["nr"], m["settles"]) for m in data["motions"]] == [("36871", "67", True)]
    assert [(d["phrase"], d["latest"]) for d in data["new_deadlines"]] == [("in de loop van 2027", "2027-12-31")]


def test_pdf_file(tmp_path):
    path = tmp_path / "beslisnota.pdf"
    path.write_bytes(make_pdf(MEMO.read_text(encoding="utf-8")))
    data = run_json(path)
    assert [m["ref"]["nr"] for m in data["motions"]] == ["67"]
    out = StringIO()
    call_command("extract_refs", str(path), stdout=out)
    assert "36871, nr. 67" in out.getvalue() and "Moties (1)" in out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (make_pdf("Geheim", password="geheim"), "wachtwoord"),
        (b"%PDF-1.7\n\x00\x01 rommel", "beschadigd"),
        (b"", "leeg"),
    ],
)
def test_unreadable_pdf_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "brief.pdf"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("extract_refs", str(path), "--json")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(CommandError, match="niet gevonden"):
        call_command("extract_refs", str(tmp_path / "nergens.txt"))
    with pytest.raises(CommandError, match="map"):
        call_command("extract_refs", str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files regardless of their mode")
def test_unreadable_file(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text("tekst")
    path.chmod(0)
    with pytest.raises(CommandError, match="kan niet worden gelezen"):
        call_command("extract_refs", str(path))


def extract_refs_on_the_command_line(path) -> subprocess.CompletedProcess:
    """``manage.py extract_refs PATH --json`` in a process of its own (its exit code and streams)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tracker.settings.test", "DATABASE_URL": "sqlite:///:memory:"}
    return subprocess.run(
        [sys.executable, "manage.py", "extract_refs", str(path), "--json"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_exit_code_and_message_on_the_command_line(tmp_path):
    path = tmp_path / "versleuteld.pdf"
    path.write_bytes(make_pdf("Geheim", password="geheim"))
    result = extract_refs_on_the_command_line(path)
    assert result.returncode != 0
    assert "wachtwoord" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    ok = extract_refs_on_the_command_line(MEMO)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["motions"][0]["ref"]["nr"] == "67"
