"""Fixtures of the open data import tests: the real records in shared/corpus/tk-opendata, and a
local OData server (http.server in a thread on 127.0.0.1) that serves them as pages."""

import json
import re
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest


def _corpus() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "manage.py").exists():
            return parent.parent / "shared" / "corpus" / "tk-opendata"
    raise RuntimeError("project root not found")


CORPUS = _corpus()


def load(relative: str):
    return json.loads((CORPUS / relative).read_text(encoding="utf-8"))


def changed_at_source(record: dict, **fields) -> dict:
    """``record`` as the service gives it after a change: new field values and later change stamps
    (GewijzigdOp and ApiGewijzigdOp move with every change there)."""
    return (
        record | fields | {"GewijzigdOp": "2025-11-01T10:00:00+01:00", "ApiGewijzigdOp": "2025-11-01T09:00:01.1234567Z"}
    )


def corpus_letters() -> list[dict]:
    """Every real 'Brief regering' record in the corpus."""
    records = [w["record"] for w in load("kamerbrieven/brief_regering_document_records.json")]
    records += load("kamerbrieven/brief_regering_subjects.json")
    zaak = load("kamerbrieven/2025Z05588.motie_zaak_with_linked_brief_regering.json")
    records += [d for d in zaak["Document"] if d.get("Soort") == "Brief regering"]
    return records


# The forms in which the real subjects name Kamerstukken (written out here, apart from
# tkimport.mapping, from kamerbrieven/brief_regering_subjects.json): after 'Kamerstuk' or 't.v.v.',
# 'NNNNN-nr', 'NNNNN-TOEV-nr', 'NNNNN TOEV-nr', 'NNNNN[-TOEV][,] nr. N', 'NNNNN, J' (Eerste
# Kamer), and further numbers of the same dossier after 'en' ('36672-5 en 6').
_NAMED = re.compile(r"(?:Kamerstuk|t\.v\.v\.)\s+(?:Kamerstuk\s+)?([^();]*)")
_FORMS = [
    re.compile(r"(?P<d>\d{5})[- ](?P<s>[IVXLC]+|[A-Z]|\d{2})-(?P<n>\d+)"),
    re.compile(r"(?P<d>\d{5})(?:[- ](?P<s>[IVXLC]+|[A-Z]))?,? ?nrs?\. ?(?P<n>\d+)"),
    re.compile(r"(?P<d>\d{5})-(?P<n>\d+)"),
    re.compile(r"(?P<d>\d{5}), (?P<n>[A-Z]{1,2})"),
]


def named_kamerstukken(subject: str | None) -> list[str]:
    """The kst ids of the Kamerstukken a real subject names."""
    found = []
    for segment in _NAMED.findall(" ".join((subject or "").split())):
        last = None
        for piece in re.split(r" en ", segment.strip()):
            piece = re.sub(r"^Kamerstuk\s+", "", piece.strip(" ,."))
            if last and re.fullmatch(r"\d{1,4}", piece):
                found.append(f"kst-{last}-{piece}")
                continue
            match = next((m for m in (f.match(piece) for f in _FORMS) if m), None)
            if match is None:
                break
            head = match["d"] + (f"-{match['s']}" if match.groupdict().get("s") else "")
            found.append(f"kst-{head}-{match['n']}")
            last = head
    return list(dict.fromkeys(found))


def corpus_entities() -> dict[str, list]:
    """The corpus records by entity set, as the service would serve them."""
    zaken = [
        load(f"motions/{n}.zaak_with_documents.json") for n in ("2024Z05407", "2024Z06500", "2024Z09185", "2024Z12955")
    ]
    zaken.append(load("kamerbrieven/2025Z05588.motie_zaak_with_linked_brief_regering.json"))
    stemmingen = [
        s
        for n in ("2024Z05407", "2024Z06500", "2024Z09185", "2024Z12955")
        for s in load(f"motions/{n}.stemmingen_expanded.json")
    ]
    letters = [w["record"] for w in load("kamerbrieven/brief_regering_document_records.json")]
    return {"Zaak": zaken, "Besluit": [], "Stemming": stemmingen, "Document": letters, "Toezegging": []}


class ODataServer:
    """Serves ``entities`` as OData pages of ``page_size`` with @odata.nextLink. ``fail`` maps
    (entity, page number) to how many times that page answers 503 first; ``broken_after`` =
    (entity, n) makes every page after page n answer 500 until ``reset``. ``requests`` counts
    requests per (entity, page number)."""

    def __init__(self, entities, page_size=5):
        self.entities, self.page_size = entities, page_size
        self.fail: dict = {}
        self.broken_after = None
        self.requests: Counter = Counter()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/odata/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def reset(self):
        self.broken_after = None

    def handle(self, request):
        parsed = urlparse(request.path)
        entity = parsed.path.rsplit("/", 1)[-1]
        query = parse_qs(parsed.query)
        page = int(query.get("$skiptoken", ["0"])[0]) + 1
        key = (entity, page)
        self.requests[key] += 1
        if self.fail.get(key):
            self.fail[key] -= 1
            return self._send(request, 503, {"error": "busy"})
        if self.broken_after and self.broken_after[0] == entity and page > self.broken_after[1]:
            return self._send(request, 500, {"error": "down"})
        records = self.entities.get(entity)
        if records is None:
            return self._send(request, 404, {"error": "no such entity set"})
        since = re.search(r"GewijzigdOp ge (\S+)", query.get("$filter", [""])[0])
        if since:
            records = [r for r in records if (r.get("GewijzigdOp") or "") >= since.group(1)]
        start = (page - 1) * self.page_size
        body = {"@odata.context": f"{self.url}$metadata#{entity}", "value": records[start : start + self.page_size]}
        if start + self.page_size < len(records):
            body["@odata.nextLink"] = f"{self.url}{entity}?$skiptoken={page}"
        self._send(request, 200, body)

    @staticmethod
    def _send(request, status, body):
        data = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)


@pytest.fixture
def odata_server():
    server = ODataServer(corpus_entities())
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
