"""The sign-up form as an abuser uses it (finding 1 of issue 14): a flood of sign-ups for somebody
else's address sends at most one mail, the mail carries none of the visitor's words, one link stops all
mail to the address, requests and links expire, and bad input is a 400, never a 500."""

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from alerts import delivery as alerts_delivery
from alerts import services
from alerts import tokens as alerts_tokens
from alerts.models import Recipient, Subscription
from notifications.models import OutboxMessage

VICTIM = "slachtoffer@ministerie.example"
PHISH = "Uw DigiD verloopt vandaag. Verleng via https://evil.example/digid"
PROXY = "10.0.0.2"


@pytest.fixture
def demo(db):
    from demo.data import load_demo

    load_demo(log=lambda *a: None)


@pytest.fixture
def behind_proxy(settings):
    settings.KT_TRUSTED_PROXIES = 1
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _post(client, query="dossier=29344", email=VICTIM, kind="moties", client_address="203.0.113.5", **extra):
    return client.post(
        "/volgen/",
        {"email": email, "frequency": "daily", "kind": kind, "query": query},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
        **extra,
    )


def _mails(email=VICTIM):
    return list(OutboxMessage.objects.filter(to=email))


def _path(text, prefix):
    match = re.search(rf"https?://[^/\s]+({prefix}\S+/)", text)
    assert match, text
    return match.group(1)


def test_a_hundred_sign_ups_from_one_client_send_one_mail(demo, client, behind_proxy, settings):
    settings.KT_ALERTS_SIGNUP_RATE = "20/hour"
    codes = [_post(client, query=f"q={PHISH} {n}").status_code for n in range(100)]
    assert codes == [200] * 20 + [429] * 80
    refused = _post(client)
    assert "Te veel aanmeldingen" in refused.content.decode() and int(refused["Retry-After"]) > 0
    assert len(_mails()) == 1
    assert Subscription.objects.filter(email=VICTIM).count() == 20  # each waits for the one confirmation


def test_a_hundred_sign_ups_from_a_hundred_clients_send_one_mail(demo, client, behind_proxy):
    codes = []
    for n in range(100):
        query = ["dossier=29344", "dossier=36871", f"q=terugkeer {n}"][n % 3]
        kind = ["moties", "toezeggingen", "brieven"][n % 3]
        codes.append(
            _post(
                client,
                query=query,
                kind=kind,
                email=VICTIM if n % 2 else VICTIM.upper(),
                client_address=f"198.51.100.{n}",
            ).status_code
        )
    assert set(codes) == {200}  # every visitor is told the same; the address gets one mail
    assert len(_mails()) == 1
    # One request per address and list: repeats are the same request.
    assert Subscription.objects.filter(email=VICTIM, kind="moties", query="dossier=29344").count() == 1


@pytest.mark.postgres
@pytest.mark.slow
def test_concurrent_sign_ups_send_one_mail(transactional_db, behind_proxy):
    from demo.data import load_demo

    load_demo(log=lambda *a: None)
    errors, codes = [], []

    def sign_up(worker):
        client = Client()
        try:
            for n in range(5):
                codes.append(
                    _post(
                        client,
                        query=["dossier=29344", f"q=terugkeer {n}"][n % 2],
                        client_address=f"198.51.{worker}.{n}",
                    ).status_code
                )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(w,)) for w in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors and codes.count(200) == 100, (errors, codes)
    assert len(_mails()) == 1
    assert Subscription.objects.filter(email=VICTIM, kind="moties", query="dossier=29344").count() == 1


def test_the_mail_carries_none_of_the_visitors_words(demo, client, behind_proxy):
    assert _post(client, query=f"q={PHISH}&dossier=29344").status_code == 200
    sub = Subscription.objects.get(email=VICTIM)
    assert "DigiD" in sub.label  # the request itself is what the visitor asked: shown on our own pages only
    mail = _mails()[0]
    assert mail.subject == "Bevestig je aanmelding bij Kamertracker"
    for words in ("DigiD", "evil.example", "29344", "Verleng"):
        assert words not in mail.subject and words not in mail.text, words
    assert "de lijst 'Moties'" in mail.text
    assert "/volgen/stoppen/" in mail.headers["List-Unsubscribe"]


def test_a_repeat_resends_at_most_once_a_day(demo, client, behind_proxy):
    for _ in range(3):
        assert _post(client).status_code == 200
    assert len(_mails()) == 1
    sub = Subscription.objects.get(email=VICTIM)
    # A day later the same request gets one new mail (the same row, a new link).
    day_ago = timezone.now() - dt.timedelta(hours=25)
    Recipient.objects.filter(email=VICTIM).update(last_confirmation_at=day_ago)
    Subscription.objects.filter(pk=sub.pk).update(confirmation_sent_at=day_ago, created_at=day_ago)
    for _ in range(3):
        assert _post(client).status_code == 200
    assert len(_mails()) == 2 and Subscription.objects.filter(email=VICTIM).count() == 1


def test_one_confirmation_page_serves_every_waiting_request(demo, client, behind_proxy):
    _post(client, query="dossier=29344")
    _post(client, query="dossier=36871")  # no second mail today
    assert len(_mails()) == 1
    confirm = _path(_mails()[0].text, "/volgen/bevestigen/")
    page = client.get(confirm)
    first, second = Subscription.objects.order_by("created_at")
    assert page.status_code == 200 and "36871" in page.content.decode()
    first.refresh_from_db()
    assert (first.state, Subscription.objects.get(pk=second.pk).state) == ("active", "pending")
    assert client.post(confirm, {"confirm": "999999999"}).status_code == 404
    assert client.post(confirm, {"confirm": "²"}).status_code == 404
    done = client.post(confirm, {"confirm": str(second.pk)})
    assert done.status_code == 200 and "Ook bevestigd" in done.content.decode()
    assert Subscription.objects.get(pk=second.pk).state == "active"


def test_one_link_stops_all_mail_to_the_address(demo, client, behind_proxy, django_capture_on_commit_callbacks):
    from motions.models import Motion
    from motions.services import motion_transition

    active = services.confirm(
        subscription=services.subscribe(
            email=VICTIM, kind="moties", query="dossier=29344", frequency="immediate"
        ).subscription
    )
    _post(client, query="dossier=36871")  # waits; its mail is not sent (one a day)
    stop = _path(_mails()[0].text, "/volgen/stoppen/")
    assert client.get(stop).status_code == 200  # a mail scanner's GET only asks
    assert not Recipient.objects.get(email=VICTIM).stopped_at
    # The confirmation mail's List-Unsubscribe: RFC 8058 one-click, no CSRF token.
    response = client.post(stop, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "geen e-mail meer" in response.content.decode()
    assert set(Subscription.objects.filter(email=VICTIM).values_list("state", flat=True)) == {"unsubscribed"}
    assert _mails()[0].state == "cancelled"
    # Nothing reaches the address any more: no alerts, no confirmation mails, whoever signs it up.
    with django_capture_on_commit_callbacks(execute=True):
        motion_transition(motion=Motion.objects.get(ref="kst-29344-902"), to="in_uitvoering")
    assert alerts_delivery.sweep(now=timezone.now() + dt.timedelta(days=2)) == 0
    Recipient.objects.filter(email=VICTIM).update(last_confirmation_at=None)
    assert _post(client, query="dossier=29344", client_address="198.51.100.9").status_code == 200
    assert len(_mails()) == 1 and active.deliveries.count() == 0
    # The owner can undo it with the same link; then a sign-up mails again at once.
    client.post(stop, {"action": "allow"})
    assert _post(client, query="dossier=29344").status_code == 200
    assert len(_mails()) == 2


def test_every_mail_has_the_stop_link(demo, django_capture_on_commit_callbacks):
    from motions.models import Motion
    from motions.services import motion_transition

    services.confirm(
        subscription=services.subscribe(
            email=VICTIM, kind="moties", query="dossier=29344", frequency="immediate"
        ).subscription
    )
    with django_capture_on_commit_callbacks(execute=True):
        motion_transition(motion=Motion.objects.get(ref="kst-29344-902"), to="in_uitvoering")
    alerts_delivery.sweep(now=timezone.now() + dt.timedelta(minutes=5))
    alert = OutboxMessage.objects.get(kind="alert")
    assert "/volgen/stoppen/" in alert.text and "/volgen/afmelden/" in alert.headers["List-Unsubscribe"]


def test_links_expire(demo, client, settings):
    sub = services.subscribe(email=VICTIM, kind="moties", query="dossier=29344").subscription
    confirm, manage = alerts_tokens.make_token(sub, "confirm"), alerts_tokens.make_token(sub, "manage")
    settings.KT_ALERTS_CONFIRM_DAYS = settings.KT_ALERTS_MANAGE_DAYS = 0  # every link is now too old
    expired = client.get(f"/volgen/bevestigen/{confirm}/")
    assert expired.status_code == 410 and "verlopen" in expired.content.decode()
    assert Subscription.objects.get(pk=sub.pk).state == "pending"
    assert client.get(f"/volgen/instellingen/{manage}/").status_code == 410
    assert client.get(f"/volgen/bevestigen/{confirm[:-2]}xx/").status_code == 404  # forged: unknown
    settings.KT_ALERTS_CONFIRM_DAYS = settings.KT_ALERTS_MANAGE_DAYS = 3
    assert client.get(f"/volgen/instellingen/{manage}/").status_code == 200


def test_a_request_confirmed_too_late_is_not_activated(demo):
    sub = services.subscribe(email=VICTIM, kind="moties", query="dossier=29344").subscription
    old = timezone.now() - dt.timedelta(days=4)
    Subscription.objects.filter(pk=sub.pk).update(confirmation_sent_at=old, created_at=old)
    sub.refresh_from_db()
    assert services.confirm(subscription=sub).state == "pending"


def test_expired_requests_are_removed(demo, settings):
    from alerts.tasks import remove_expired

    fresh = services.subscribe(email="nieuw@example.org", kind="moties", query="").subscription
    stale = services.subscribe(email=VICTIM, kind="moties", query="dossier=29344").subscription
    unmailed = services.subscribe(email=VICTIM, kind="moties", query="dossier=36871").subscription
    kept = services.confirm(
        subscription=services.subscribe(email="volger@example.org", kind="brieven", query="").subscription
    )
    old = timezone.now() - dt.timedelta(days=4)
    Subscription.objects.filter(pk__in=[stale.pk, unmailed.pk]).update(created_at=old)
    Subscription.objects.filter(pk=stale.pk).update(confirmation_sent_at=old)
    Recipient.objects.filter(email=VICTIM).update(created_at=old)
    Subscription.objects.filter(pk=kept.pk).update(created_at=old, confirmation_sent_at=old)
    assert remove_expired.apply().get() == 2
    assert set(Subscription.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}
    assert not Recipient.objects.filter(email=VICTIM).exists()  # no subscription left
    assert "alerts.remove_expired" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}


@pytest.mark.parametrize(
    "email, query",
    [
        (("a" * 64) + "@" + ".".join(["b" * 60] * 4) + ".nl", "dossier=29344"),  # a valid 311-character address
        (VICTIM, "q=" + "é" * 400),  # 800 characters, re-encoded 2,402
        (VICTIM, "&".join(["status=aangenomen"] * 59)),  # 1,000 characters at most
        (VICTIM, "dossier=29344\x00"),
    ],
)
def test_bad_input_is_a_400_with_a_message(demo, client, email, query):
    response = client.post("/volgen/", {"email": email, "frequency": "daily", "kind": "moties", "query": query})
    assert response.status_code == 400, response.content.decode()[:500]
    assert 'role="alert"' in response.content.decode()
    assert not Subscription.objects.exists() and not OutboxMessage.objects.exists()
