"""Shared fixtures. Tests marked ``postgres`` or ``redis`` need those servers: without them they are
skipped with a notice, except under .ci/run (KT_REQUIRE_SERVICES=1), where a skip is a failure.

Two more rules live here:
- Tests marked ``slow`` run only with ``--all`` (``bin/test --all``, ``KT_TEST_ALL=1``; .ci/run passes it),
  with ``-m``, or when their file is named on the command line; otherwise they are deselected, said in one
  line.
- Test modules that read ``../shared/`` (the corpus beside the worktree) are not collected when it is
  absent, said in one line; under KT_REQUIRE_SERVICES=1 its absence fails the run."""

import ast
import os
import re
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest

REQUIRE_SERVICES = os.environ.get("KT_REQUIRE_SERVICES") == "1"
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _redis_reachable() -> bool:
    url = os.environ.get("REDIS_URL")
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _missing_service(item) -> str | None:
    from django.db import connection

    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "needs PostgreSQL (set DATABASE_URL or run PostgreSQL on 127.0.0.1:5432)"
    if item.get_closest_marker("redis") and not _redis_reachable():
        return "needs Redis (set REDIS_URL or run Redis on 127.0.0.1:6379)"
    if item.get_closest_marker("browser") and not os.path.exists("/usr/bin/chromium"):
        return "needs Chromium at /usr/bin/chromium (apt-get install chromium)"
    if item.get_closest_marker("axe") and not (Path(__file__).parents[1] / "node_modules/axe-core/axe.min.js").exists():
        return "needs axe-core from npm (bin/test installs it; or run npm ci)"
    return None


def pytest_addoption(parser):
    parser.addoption(
        "--all",
        action="store_true",
        dest="kt_all",
        help="also run the tests marked slow (bin/test --all; the same as KT_TEST_ALL=1)",
    )


def _run_slow(config) -> bool:
    return bool(config.getoption("kt_all") or os.environ.get("KT_TEST_ALL") == "1" or config.option.markexpr)


def _named_files(config) -> set[Path]:
    """The test files named on the command line (``path/test_x.py`` or ``path/test_x.py::test_y``)."""
    named = set()
    for arg in config.args:
        path = (Path(config.invocation_params.dir) / arg.split("::")[0]).resolve()
        if path.is_file():
            named.add(path)
    return named


def _deselect_slow(config, items) -> None:
    if _run_slow(config):
        return
    named = _named_files(config)
    slow = [item for item in items if item.get_closest_marker("slow") and Path(item.path) not in named]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item not in set(slow)]
        config._kt_slow_deselected = len(slow)


def _names_shared(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.fullmatch(r"(\.\./)*shared(/.*)?", node.value)
        for node in ast.walk(tree)
    )


def _imported_test_modules(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name == "tests" or name.startswith("tests.")}


def modules_reading_shared() -> set[Path]:
    """The test modules that read ../shared/: those that name the folder (a "shared" path part), import a
    tests module that does, or sit below a conftest.py that does (its fixtures read it)."""
    tests = ROOT / "tests"
    by_name, names_shared, imports = {}, set(), {}
    for path in tests.rglob("*.py"):
        if path == Path(__file__).resolve():
            continue  # this file names the folder only to look for it
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        by_name[name] = path
        imports[path] = _imported_test_modules(tree)
        if _names_shared(tree):
            names_shared.add(path)
    needs = set(names_shared)
    changed = True
    while changed:
        changed = False
        for path, imported in imports.items():
            if path not in needs and any(by_name.get(name) in needs for name in imported):
                needs.add(path)
                changed = True
    conftest_dirs = {path.parent for path in needs if path.name == "conftest.py"}
    return {
        path
        for path in imports
        if path.name.startswith("test_")
        and (path in needs or any(d == path.parent or d in path.parents for d in conftest_dirs))
    }


def pytest_configure(config):
    config._kt_without_shared = []
    if not SHARED.is_dir():
        if REQUIRE_SERVICES:
            raise pytest.UsageError(f"KT_REQUIRE_SERVICES=1 but {SHARED} (the corpus the tests read) is missing")
        config._kt_without_shared = sorted(modules_reading_shared())


def pytest_ignore_collect(collection_path, config):
    if Path(collection_path) in getattr(config, "_kt_without_shared", []):
        return True
    return None


def _shared_line(config) -> str | None:
    skipped = getattr(config, "_kt_without_shared", [])
    if skipped:
        return (
            f"kamertracker: {SHARED} not found: {len(skipped)} test modules that read its corpus are not run "
            f"({', '.join(str(p.relative_to(ROOT)) for p in skipped)})"
        )
    return None


def pytest_collection_modifyitems(config, items):
    _deselect_slow(config, items)
    for item in items:
        reason = _missing_service(item)
        if reason is None:
            continue
        if REQUIRE_SERVICES:
            item.user_properties.append(("missing_service", reason))
        else:
            item.add_marker(pytest.mark.skip(reason=f"skipped: {reason}"))


def pytest_runtest_setup(item):
    for key, reason in item.user_properties:
        if key == "missing_service":
            pytest.fail(f"KT_REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)


def pytest_report_header(config):
    from django.db import connection

    lines = [
        f"kamertracker: database {connection.vendor}, Redis {'yes' if _redis_reachable() else 'no'}"
        f"{', services required' if REQUIRE_SERVICES else ''}"
        f"{', slow tests included' if _run_slow(config) else ', slow tests left out (--all runs them)'}"
    ]
    if not os.path.exists("/usr/bin/chromium"):
        lines.append(
            "kamertracker: WARNING no Chromium at /usr/bin/chromium: the browser tests cannot run "
            "(apt-get install chromium)"
        )
    return [*lines, *filter(None, [_shared_line(config)])]


def pytest_terminal_summary(terminalreporter, config):
    slow = getattr(config, "_kt_slow_deselected", 0)
    if slow:
        terminalreporter.write_line(
            f"kamertracker: {slow} slow tests not run: `bin/test --all` "
            "(or KT_TEST_ALL=1) runs them, .ci/run always does"
        )
    line = _shared_line(config)
    if line:
        terminalreporter.write_line(line, yellow=True, bold=True)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's language (Dutch): a request in English leaves English active in
    the thread, which would otherwise change the messages the next test sees."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _redis_breakers_closed():
    """A test that stops Redis leaves its breakers open for KT_REDIS_RETRY_SECONDS: the next test
    starts with every use of Redis tried again (tracker/resilience.py)."""
    from tracker.resilience import BREAKERS

    for breaker in BREAKERS.values():
        breaker.reset()
    yield
    for breaker in BREAKERS.values():
        breaker.reset()
