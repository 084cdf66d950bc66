"""The network path against a local OData server (127.0.0.1, started here) that serves the corpus
records as pages with @odata.nextLink: paging, retries with backoff, interruption and resume."""

import pytest
from django.conf import settings

from motions.models import Motion, MotionEvent
from parsing.kamerstuk import KamerstukRef
from tkimport.models import TkCheckpoint
from tkimport.reader import ODataClient
from tkimport.services import run_import
from tkimport.tasks import import_tk_nightly

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def client(server, attempts=3):
    return ODataClient(server.url, attempts=attempts, backoff=0.01, backoff_max=0.05, timeout=5)


def test_pages_are_followed_and_the_records_joined(odata_server):
    run = run_import(client=client(odata_server))
    assert not run.interrupted and run.problems == []
    stemming_pages = [p for (e, p) in odata_server.requests if e == "Stemming"]
    assert sorted(stemming_pages) == list(range(1, 13))  # 59 rows in pages of 5
    assert all(n == 1 for n in odata_server.requests.values())
    m = Motion.objects.get(ref=KamerstukRef.parse("21 501-08, nr. 943"))
    assert (m.status, m.cabinet_verdict, m.votes.count()) == ("aangenomen", "Oordeel Kamer", 15)
    assert Motion.objects.get(ref=KamerstukRef.parse("21 501-08, nr. 959")).status == "verworpen"
    for cp in TkCheckpoint.objects.all():
        assert (cp.next_url, cp.since) == ("", cp.run_started)


def test_a_page_that_fails_twice_is_retried_and_lands(odata_server):
    odata_server.fail[("Stemming", 4)] = 2
    run = run_import(client=client(odata_server, attempts=3))
    assert not run.interrupted
    assert odata_server.requests[("Stemming", 4)] == 3
    assert odata_server.requests[("Stemming", 5)] == 1
    assert Motion.objects.filter(votes__isnull=False).distinct().count() == 4


def test_an_interrupted_import_resumes_without_fetching_finished_pages_again(odata_server):
    odata_server.broken_after = ("Stemming", 2)
    first = run_import(client=client(odata_server, attempts=3))
    assert "Stemming, pagina 3" in first.interrupted and "volgende run gaat verder" in first.interrupted
    assert odata_server.requests[("Stemming", 3)] == 3  # tried with backoff, then stopped
    assert ("Document", 1) not in odata_server.requests  # what comes after waits for the next run
    checkpoint = TkCheckpoint.objects.get(entity="Stemming")
    assert checkpoint.pages_done == 2 and "skiptoken=2" in checkpoint.next_url
    assert Motion.objects.count() == 5  # the motion Zaken landed; the first ten votes too
    odata_server.reset()
    second = run_import(client=client(odata_server))
    assert not second.interrupted
    for page in (1, 2):
        assert odata_server.requests[("Stemming", page)] == 1  # finished pages are not fetched again
    assert odata_server.requests[("Stemming", 3)] == 4
    assert odata_server.requests[("Document", 1)] == 1
    # Zaak and Besluit were complete: the second run asks only what changed since (nothing).
    assert odata_server.requests[("Zaak", 1)] == 2 and ("Zaak", 2) not in odata_server.requests
    m = Motion.objects.get(ref=KamerstukRef.parse("21 501-08, nr. 943"))
    assert (m.status, m.votes.count()) == ("aangenomen", 15)


def test_a_third_run_changes_nothing(odata_server):
    run_import(client=client(odata_server))
    events = MotionEvent.objects.count()
    TkCheckpoint.objects.update(since=None)  # ask for everything again
    run = run_import(client=client(odata_server))
    assert MotionEvent.objects.count() == events
    assert run.stats.get("records_unchanged") == run.stats["records_read"]


def test_the_nightly_task_runs_the_incremental_import(odata_server, monkeypatch):
    assert settings.CELERY_BEAT_SCHEDULE["tk-import"]["task"] == import_tk_nightly.name == "tkimport.import_tk"
    monkeypatch.setattr(settings, "KT_TK_ODATA_URL", odata_server.url)
    run_pk = import_tk_nightly.apply().get()
    assert run_pk and Motion.objects.count() == 5
