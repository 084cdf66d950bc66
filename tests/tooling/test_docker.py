"""The Docker image's build context and stages, checked without a Docker daemon: the context that
.dockerignore leaves is computed (Docker's rules: a pattern excludes what it matches and everything below
it, `!` re-includes), must hold no history, local state, virtualenv or database, and must be enough to run
the image's own build step (collectstatic with the production settings) and Django's checks."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _patterns() -> list[tuple[bool, str]]:
    rules = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            negated = line.startswith("!")
            rules.append((negated, line.lstrip("!").strip("/").removeprefix("./")))
    return rules


def _regex(pattern: str) -> str:
    """Docker's pattern syntax: `*` and `?` stay within one path part, `**/` spans any number of them."""
    tokens = re.split(r"(\*\*/|\*\*|\*|\?)", pattern)
    special = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return "".join(special.get(token, re.escape(token)) for token in tokens)


def _excluded(relative: str, rules) -> bool:
    parts = relative.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    excluded = False
    for negated, pattern in rules:
        if any(re.fullmatch(_regex(pattern), prefix) for prefix in prefixes):
            excluded = not negated
    return excluded


def context_files(root: Path = ROOT) -> list[str]:
    rules = _patterns()
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = [d for d in dirnames if not _excluded(rel_dir + d, rules)]
        found += [rel_dir + f for f in filenames if not _excluded(rel_dir + f, rules)]
    return sorted(found)


def test_dockerignore_matcher_follows_dockers_rules():
    rules = [(False, "var"), (False, "**/*.pyc"), (False, "*.sqlite3"), (True, "keep.sqlite3")]
    assert _excluded("var/kamertracker.sqlite3", rules)
    assert _excluded("core/__pycache__/models.cpython-311.pyc", rules)
    assert _excluded("db.sqlite3", rules) and not _excluded("keep.sqlite3", rules)
    assert not _excluded("core/models.py", rules) and not _excluded("variables.py", rules)


def test_the_build_context_holds_no_history_local_state_or_secrets(tmp_path):
    files = context_files()
    assert "manage.py" in files and "requirements.lock" in files and "tracker/wsgi.py" in files
    for path in files:
        top = path.split("/")[0]
        assert top not in {".git", "var", ".venv", "tests", "bench", "node_modules", ".ci"}, path
        assert not path.endswith((".sqlite3", ".pyc")) and "__pycache__" not in path, path
        assert path.split("/")[-1] != ".env", path


def test_the_dockerfile_is_multi_stage_installs_the_lock_and_runs_unprivileged():
    text = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", text, re.M | re.I)
    assert len(stages) >= 2, stages
    assert re.search(r"pip install --require-hashes .*-r \S*requirements\.lock", text)
    final = text[text.rindex("\nFROM ") :]
    assert "COPY --from=" in final, "the final stage takes the installed virtualenv from an earlier one"
    assert re.search(r"^USER\s+(?!root\b)\S+", final, re.M), "the final stage does not run as root"
    assert "pip install" not in final, "nothing is installed in the final stage itself"


@pytest.mark.slow  # collectstatic: ~15 s
def test_the_context_is_enough_for_the_images_build_step_and_checks(tmp_path):
    """Copy exactly the context, then run what the image runs: collectstatic with the production settings,
    and Django's system checks."""
    app = tmp_path / "app"
    for relative in context_files():
        (app / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, app / relative)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
        "DJANGO_SECRET_KEY": "build",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'build.sqlite3'}",
        "KT_VAR_DIR": str(app / "var"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    for args in (["collectstatic", "--noinput", "-v0"], ["check"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=app, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert (app / "var" / "staticfiles" / "admin").is_dir()
