"""Alerts: double opt-in, matching with the list's own FilterSet, immediate mails on status changes,
digests, pause, one-click unsubscribe, and never the same change twice. Mail goes through the outbox."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from alerts import delivery as alerts_delivery
from alerts import selectors as alerts_selectors
from alerts import services
from alerts import tokens as alerts_tokens
from alerts.models import Delivery, Frequency, Subscription
from notifications.models import OutboxMessage


@pytest.fixture
def demo(db):
    from demo.data import load_demo

    load_demo(log=lambda *a: None)


def _link(text, path):
    match = re.search(rf"https?://\S+{path}\S+/", text)
    assert match, text
    return match.group(0).split("://", 1)[1].split("/", 1)[1]


def _subscribe(client, query, frequency="immediate", email="staf@fractie.example"):
    response = client.post("/volgen/", {"email": email, "frequency": frequency, "kind": query[0], "query": query[1]})
    assert response.status_code == 200, response.content.decode()[:2000]
    sub = Subscription.objects.get(email=email)
    mail = OutboxMessage.objects.get(dedup_key=f"alerts:confirm:{sub.pk}")
    return sub, mail


def test_double_opt_in(demo, client):
    sub, mail = _subscribe(client, ("moties", "dossier=29344"))
    assert sub.state == "pending" and "29344" in sub.label
    assert mail.to == "staf@fractie.example" and "Bevestig" in mail.subject
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert client.get("/volgen/bevestigen/vervalst/").status_code == 404
    response = client.get("/" + _link(mail.text, "/volgen/bevestigen/"))
    assert response.status_code == 200 and "Bevestigd" in response.content.decode()
    sub.refresh_from_db()
    assert sub.state == "active" and sub.confirmed_at


def test_subscribe_form_refuses_bad_input(demo, client):
    assert (
        client.post(
            "/volgen/", {"email": "geen-adres", "frequency": "daily", "kind": "moties", "query": ""}
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/volgen/", {"email": "a@b.example", "frequency": "daily", "kind": "moties", "query": "period_after=nooit"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/volgen/", {"email": "a@b.example", "frequency": "elk uur", "kind": "moties", "query": ""}
        ).status_code
        == 400
    )
    assert not Subscription.objects.exists()


def _active(kind, query, frequency=Frequency.IMMEDIATE):
    sub = services.subscribe(email="volger@example.org", kind=kind, query=query, frequency=frequency).subscription
    return services.confirm(subscription=sub)


def test_status_change_mails_immediate_subscribers_of_matching_lists_once(
    demo, django_capture_on_commit_callbacks, eager_tasks
):
    from motions.models import Motion
    from motions.services import motion_transition

    follows = _active("moties", "dossier=29344")
    other = _active("moties", "dossier=36871")
    motion = Motion.objects.get(ref="kst-29344-902")  # adopted, [Voorbeeld]
    with django_capture_on_commit_callbacks(execute=True):
        motion_transition(motion=motion, to="in_uitvoering", reason="Gestart")
    mails = OutboxMessage.objects.filter(kind="alert")
    assert [m.to for m in mails] == ["volger@example.org"]
    mail = mails.get()
    assert "29 344, nr. 902" in mail.subject and "in uitvoering" in mail.text
    assert "[Voorbeeld] Motie over terugkeerondersteuning" in mail.text  # the item's text, for context
    assert "Q1 2027" in mail.text or "31-03-2027" in mail.text  # its deadline
    assert "/volgen/afmelden/" in mail.headers["List-Unsubscribe"]
    assert Delivery.objects.filter(subscription=follows).count() == 1
    assert not Delivery.objects.filter(subscription=other).exists()
    # The sweep afterwards does not send the same change again.
    alerts_delivery.sweep(now=timezone.now() + dt.timedelta(minutes=5))
    assert OutboxMessage.objects.filter(kind="alert").count() == 1


def test_letter_sent_reaches_followers_of_the_item_with_the_letter(
    demo, django_capture_on_commit_callbacks, eager_tasks
):
    from commitments.models import Commitment
    from letters.models import Letter
    from letters.services import letter_transition

    overdue = Commitment.objects.get(number="TZ202601-901")
    _active("toezeggingen", f"item={overdue.pk}")
    draft = Letter.objects.get(subject="[Voorbeeld] Conceptbrief evaluatie terugkeerpilots")
    with django_capture_on_commit_callbacks(execute=True):
        for status in ("ter_besluitvorming", "vastgesteld", "verzonden"):
            letter_transition(letter=draft, to=status)
    mail = OutboxMessage.objects.get(kind="alert")
    assert "voldaan" in mail.text and "Conceptbrief evaluatie terugkeerpilots" in mail.text


def test_daily_digest_collects_changes_and_new_overdue_items_once(demo, django_capture_on_commit_callbacks):
    from motions.models import Motion
    from motions.services import motion_transition

    sub = _active("moties", "ministry=AenM", frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        motion_transition(motion=Motion.objects.get(ref="kst-29344-902"), to="in_uitvoering")
        motion_transition(motion=Motion.objects.get(ref="kst-29344-905"), to="aangenomen")
    assert not OutboxMessage.objects.filter(kind="alert").exists()  # daily: nothing immediately
    assert alerts_delivery.sweep(now=timezone.now() + dt.timedelta(hours=2)) == 0  # the day is not over
    tomorrow = timezone.now() + dt.timedelta(days=1, minutes=1)
    assert alerts_delivery.sweep(now=tomorrow) == 1
    digest = OutboxMessage.objects.get(kind="alert")
    assert "2 wijziging" in digest.subject
    assert "29 344, nr. 902" in digest.text and "29 344, nr. 905" in digest.text
    assert alerts_delivery.sweep(now=tomorrow + dt.timedelta(days=1, minutes=1)) == 0
    assert OutboxMessage.objects.filter(kind="alert").count() == 1
    sub.refresh_from_db()
    assert sub.checked_until >= tomorrow


def test_overdue_list_alert_when_an_item_passes_its_deadline(demo):
    from commitments.models import Commitment

    sub = _active("toezeggingen", "overdue=true&ministry=AenM")
    item = Commitment.objects.get(number="TZ202602-902")  # deadline in 7 days
    Subscription.objects.filter(pk=sub.pk).update(checked_until=timezone.now() - dt.timedelta(days=1))
    later = item.deadline_date + dt.timedelta(days=1)
    alerts_delivery.sweep(now=timezone.now(), today=later)
    texts = " ".join(OutboxMessage.objects.filter(kind="alert").values_list("text", flat=True))
    assert "TZ202602-902" in texts and "Te laat" in texts


def test_pause_resume_frequency_and_one_click_unsubscribe(demo, client, django_capture_on_commit_callbacks):
    from motions.models import Motion
    from motions.services import motion_transition

    sub = _active("moties", "dossier=29344")
    manage = f"/volgen/instellingen/{alerts_tokens.make_token(sub, 'manage')}/"
    assert client.post(manage, {"action": "pause"}).status_code == 200
    sub.refresh_from_db()
    assert sub.state == "paused"
    with django_capture_on_commit_callbacks(execute=True):
        motion_transition(motion=Motion.objects.get(ref="kst-29344-902"), to="in_uitvoering")
    assert not OutboxMessage.objects.filter(kind="alert").exists()
    client.post(manage, {"action": "resume"})
    client.post(manage, {"action": "frequency", "frequency": "weekly"})
    sub.refresh_from_db()
    assert sub.state == "active" and sub.frequency == "weekly"
    assert (
        client.get(f"/volgen/instellingen/{alerts_tokens.make_token(sub, 'confirm')}/").status_code == 404
    )  # wrong purpose
    unsubscribe = f"/volgen/afmelden/{alerts_tokens.make_token(sub, 'unsubscribe')}/"
    assert client.get(unsubscribe).status_code == 200
    sub.refresh_from_db()
    assert sub.state == "active"  # a GET (a mail scanner) does not unsubscribe
    response = client.post(
        unsubscribe, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )  # RFC 8058, no CSRF token
    assert response.status_code == 200
    sub.refresh_from_db()
    assert sub.state == "unsubscribed"
    assert alerts_delivery.sweep(now=timezone.now() + dt.timedelta(days=30)) == 0


def test_alert_sends_exactly_what_the_list_shows(demo, client):
    """One query builder: the subscription's items are the list page's items."""
    from public.kinds import item_label

    sub = _active("moties", "dossier=29344&status=aangenomen&status=in_uitvoering")
    body = client.get(f"/moties/?{sub.query}").content.decode()
    matched = list(alerts_selectors.matching(sub))
    assert matched and all(item_label(m).split(" ", 1)[1] in body for m in matched)
    assert f"{len(matched)} resultat" in body or f"{len(matched)} resultaten" in body
