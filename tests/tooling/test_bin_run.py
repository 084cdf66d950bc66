"""bin/run as a newcomer meets it: on a chosen port it listens on 127.0.0.1 only, the iCal feed and the
mails (printed in its terminal) carry localhost:PORT, and a second bin/run on the same port stops at once
with a clear message instead of printing the URL first. Real processes: bin/run itself (migrate, demo,
Celery worker with beat on the filesystem broker, runserver) in a private var directory."""

import http.cookiejar
import os
import re
import signal
import subprocess
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.notifications.support import free_port, wait_for

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
# What a developer's shell might carry that bin/run must not need (it picks its own defaults).
CLEAN = {
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "KT_SITE_URL",
    "EMAIL_URL",
    "EMAIL_BACKEND",
    "CELERY_BROKER_URL",
    "HOST",
    "PORT",
}


class Terminal:
    """A process whose combined output is read line by line, as a terminal would show it."""

    def __init__(self, args, env):
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def _listening_addresses(port: int) -> set[str]:
    """The local addresses with a listening TCP socket on ``port`` (from /proc/net/tcp, IPv4)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def _subscribe(base: str, email: str) -> int:
    """Fill in the public follow form as a visitor does (GET for the CSRF token, then POST)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/volgen/?kind=moties", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "email": email, "frequency": "immediate", "kind": "moties", "query": ""}
    ).encode()
    return opener.open(f"{base}/volgen/", data=data, timeout=30).status


def test_bin_run_on_a_chosen_port(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in CLEAN}
    env.update(KT_VAR_DIR=str(tmp_path / "var"), PORT=str(port))
    run = Terminal(["bin/run"], env)
    try:
        wait_for(lambda: "==> " in run.text, timeout=5, what="bin/run to say what it does within 5 s")
        url_line = f"==> Kamertracker: http://localhost:{port}/admin/"
        wait_for(
            lambda: url_line in run.text or run.proc.poll() is not None,
            timeout=240,
            interval=0.5,
            what="bin/run to print its URL",
        )
        assert run.proc.poll() is None, run.text[-3000:]
        base = f"http://127.0.0.1:{port}"

        def answers():
            try:
                return urllib.request.urlopen(f"{base}/termijnen.ics", timeout=5).read().decode()
            except OSError:
                return None

        ical = wait_for(answers, timeout=60, interval=0.5, what="the server to answer")
        assert _listening_addresses(port) == {"127.0.0.1"}, "listens on 127.0.0.1 only"
        uids = re.findall(r"^UID:(.+)$", ical, re.M)
        assert uids and all(uid.strip().endswith(f"@localhost:{port}") for uid in uids), uids[:3]
        assert f"URL:http://localhost:{port}/" in ical

        # A mail made by the web process and sent by the worker appears in bin/run's terminal.
        assert _subscribe(base, "nieuw@example.org") == 200
        confirm = f"http://localhost:{port}/volgen/bevestigen/"
        wait_for(lambda: confirm in run.text, timeout=60, interval=0.5, what="the confirmation mail in the terminal")
        assert "To: nieuw@example.org" in run.text

        # The same port again: a clear message and exit, before any URL.
        again = Terminal(["bin/run"], {**env, "KT_VAR_DIR": str(tmp_path / "var2")})
        assert again.proc.wait(30) == 1
        again._reader.join(5)
        assert f"port {port} on 127.0.0.1 is already in use" in again.text
        assert f"--port {port + 1}" in again.text
        assert "http://localhost" not in again.text and "Migrating" not in again.text
    finally:
        run.stop()
