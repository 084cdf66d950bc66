""".ci/run fails on a lint error, on a model change without its migration, on a stale lock file and on a
failed install, and says which. Each fault is injected into a copy of the tree (the worktree is never
touched): the static checks (.ci/checks) run in the copy with this virtualenv; .ci/run itself runs in a
copy with its test step replaced by one that passes, so only the injected fault can fail it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".git", ".venv", "var", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", "node_modules"}


def _copy_tree(dest: Path, *, with_venv: bool) -> Path:
    shutil.copytree(ROOT, dest, ignore=lambda _dir, names: [n for n in names if n in SKIP], symlinks=True)
    if with_venv:
        (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


def _run(args, cwd: Path, env=None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout
    )


def _inject_lint_error(tree: Path) -> None:
    path = tree / "core" / "selectors_ci_probe.py"
    path.write_text('"""A lint fault for the CI test."""\nimport os\n')  # F401: imported but unused


def _inject_missing_migration(tree: Path) -> None:
    with (tree / "notifications" / "models.py").open("a") as models:
        models.write(
            "\n\nclass CiProbe(models.Model):  # a model without its migration\n"
            "    name = models.CharField(max_length=10)\n\n    def __str__(self):\n"
            "        return self.name\n"
        )


def _inject_bad_lock_entry(tree: Path) -> None:
    lock = tree / "requirements-dev.lock"
    lines = lock.read_text().splitlines(keepends=True)
    bogus = (
        "kamertracker-no-such-package==0.0.1 \\\n"
        "    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n"
    )
    lock.write_text("".join(lines[:3]) + bogus + "".join(lines[3:]))


@pytest.fixture
def tree(tmp_path):
    return _copy_tree(tmp_path / "tree", with_venv=True)


def test_the_checks_pass_on_the_tree_as_it_is(tree):
    result = _run([".ci/checks"], tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed!" in result.stdout and "No changes detected" in result.stdout


def test_a_lint_error_fails_the_checks(tree):
    _inject_lint_error(tree)
    result = _run([".ci/checks"], tree)
    assert result.returncode == 1
    assert "F401" in result.stdout and "selectors_ci_probe.py" in result.stdout
    assert "FAILED: ruff check" in result.stderr


def test_an_unformatted_file_fails_the_checks(tree):
    probe = tree / "core" / "format_ci_probe.py"
    probe.write_text('VALUE = {"a":1,\n  "b":2}\n')  # lint-clean, but not as ruff format writes it
    result = _run([".ci/checks"], tree)
    assert result.returncode == 1
    assert "format_ci_probe.py" in result.stdout + result.stderr
    assert "FAILED: ruff format" in result.stderr and "FAILED: ruff check" not in result.stderr


def test_a_model_change_without_migration_fails_the_checks(tree):
    _inject_missing_migration(tree)
    result = _run([".ci/checks"], tree)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "CiProbe" in result.stdout
    assert "FAILED: a model change has no migration" in result.stderr


def test_a_stale_lock_stops_the_setup_before_installing(tmp_path):
    tree = _copy_tree(tmp_path / "tree", with_venv=False)
    with (tree / "requirements.txt").open("a") as requirements:
        requirements.write("six>=1.16\n")
    result = _run(["bash", "-c", "source bin/_setup.sh"], tree)
    assert result.returncode == 1
    assert "do not match requirements.txt" in result.stderr and "bin/lock" in result.stderr
    assert not (tree / ".venv").exists(), "nothing was installed from the stale lock"


@pytest.mark.slow
def test_a_failed_install_fails_loudly_and_marks_nothing_installed(tmp_path):
    tree = _copy_tree(tmp_path / "tree", with_venv=False)
    _inject_bad_lock_entry(tree)
    result = _run(["bash", "-c", "source bin/_setup.sh"], tree)
    assert result.returncode == 1
    assert result.stdout.startswith("==> Creating virtualenv"), "a fresh start says what it does at once"
    assert "kamertracker-no-such-package" in result.stdout + result.stderr, "pip's own error is shown"
    assert "ERROR: installing requirements-dev.lock failed" in result.stderr
    assert not list((tree / ".venv").glob(".installed-*")), "no installed stamp after a failure"


def _ci_run(tmp_path, *faults) -> subprocess.CompletedProcess:
    """.ci/run in a copy with ``faults`` injected, whose test step passes, with tools on PATH so that it
    installs no Debian packages."""
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("skipped: .ci/run would install Chromium")
    tree = _copy_tree(tmp_path / "tree", with_venv=False)
    (tree / "bin" / "test").write_text("#!/usr/bin/env bash\necho '1 passed in 0.01s'\n")
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "docker-compose").write_text("#!/bin/sh\nexit 0\n")  # .ci/run would apt-get install it otherwise
    (tools / "docker-compose").chmod(0o755)
    for fault in faults:
        fault(tree)
    env = {
        "PATH": f"{tools}:{os.environ['PATH']}",
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
    }
    return _run(["bash", ".ci/run"], tree, env=env, timeout=900)


@pytest.mark.slow
def test_ci_run_fails_on_lint_and_migration_faults_although_the_tests_pass(tmp_path):
    result = _ci_run(tmp_path, _inject_lint_error, _inject_missing_migration)
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert "1 passed" in result.stdout, "the (replaced) test step ran and passed"
    assert "FAILED: ruff check" in result.stderr and "FAILED: a model change has no migration" in result.stderr
    assert "CI FAILED: static checks" in result.stderr


@pytest.mark.slow
def test_ci_run_fails_on_an_install_error(tmp_path):
    result = _ci_run(tmp_path, _inject_bad_lock_entry)
    assert result.returncode != 0
    assert "ERROR: installing requirements-dev.lock failed" in result.stderr
    assert "1 passed" not in result.stdout, "no test step after a failed install"
