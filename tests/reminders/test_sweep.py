"""The reminder sweep in this process (the send itself is covered by test_worker.py)."""

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.services import commitment_transition
from notifications import services as outbox
from notifications.models import OutboxMessage, OutboxState
from reminders import services
from reminders.models import ReminderPolicy
from tests.factories import MinistryFactory, make_commitment, make_motion, make_staff

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)  # a Monday: the digest day


def _reminders(**filters):
    return OutboxMessage.objects.filter(dedup_key__startswith="reminder:", **filters)


def _commitment(days, created=TODAY, **fields):
    """An open commitment due ``days`` after TODAY, made on ``created``."""
    c = make_commitment(**fields)
    type(c).objects.filter(pk=c.pk).update(
        deadline_date=TODAY + timedelta(days=days),
        deadline_phrase="",
        created_at=timezone.make_aware(datetime.combine(created, time(9))),
    )
    c.refresh_from_db()
    return c


def _staff(name, ministry, language="nl"):
    user = make_staff(name, ministry)
    user.email = f"{name}@example.org"
    user.save()
    user.staff_profile.language = language
    user.staff_profile.save()
    return user


def _send_all():
    """What the worker does (tests/reminders/test_worker.py runs the real one)."""
    for pk in OutboxMessage.objects.filter(state=OutboxState.PENDING).values_list("pk", flat=True):
        outbox.deliver(pk)


def test_seven_day_reminder_once_however_often_the_sweep_runs():
    c = _commitment(7)
    first = services.sweep(today=TODAY)
    assert [p.key for p in first.reminders] == [f"reminder:commitments.commitment:{c.pk}:before-7:{c.deadline_date}"]
    for _ in range(3):
        assert services.sweep(today=TODAY).reminders == []
    assert _reminders().count() == 1


def test_mail_content_dutch_with_ministry_fallback():
    ministry = MinistryFactory(abbreviation="JenV", name="Justitie en Veiligheid")
    m = make_motion(status="aangenomen", ministry=ministry, deadline_phrase="voor 1 april 2026")
    m.refresh_from_db()
    result = services.sweep(today=date(2026, 3, 24))
    assert result.reminders[0].to == ministry.parliamentary_affairs_email
    row = _reminders().get()
    assert row.language == "nl" and "over 7 dagen" in row.subject.lower()
    for text in (row.text, row.html):
        assert str(m.ref) in text
        assert "voor 1 april 2026" in text, "the deadline as written"
        assert "aangenomen" in text, "the status"
        assert f"/admin/motions/motion/{m.pk}/change/" in text
    assert "31 maart 2026" in row.text, "the deadline as a date"


def test_responsible_staff_member_in_english():
    ministry = MinistryFactory()
    user = _staff("eng", ministry, language="en")
    c = _commitment(0, ministry=ministry, responsible=user)
    services.sweep(today=TODAY)
    row = _reminders().get()
    assert row.to == "eng@example.org" and row.language == "en"
    assert "deadline today" in row.subject.lower()
    assert "Today the deadline expires" in row.text and "Status:        open" in row.text
    assert c.deadline_date.isoformat() in row.text


def test_gap_of_sixty_days_sends_the_latest_kind_once_and_records_moot_ones():
    c = _commitment(40)
    call_command("send_reminders", now=TODAY.isoformat(), stdout=StringIO())
    assert _reminders().count() == 0, "40 days ahead: nothing yet"
    out = StringIO()
    call_command("send_reminders", now=(TODAY + timedelta(days=60)).isoformat(), verbosity=2, stdout=out)
    sent = _reminders(state=OutboxState.PENDING)
    assert [r.kind for r in sent] == ["overdue-2"]
    skipped = sorted(_reminders(state=OutboxState.SKIPPED).values_list("kind", flat=True))
    assert skipped == ["before-1", "before-30", "before-7", "due", "overdue-1"]
    assert "overgeslagen" in out.getvalue() and "1 herinneringen" in out.getvalue()
    again = StringIO()
    call_command("send_reminders", now=(TODAY + timedelta(days=60)).isoformat(), stdout=again)
    assert "0 herinneringen" in again.getvalue()
    assert _reminders().count() == 6
    assert c.pk


def test_daily_sweeps_send_each_kind_once():
    _commitment(40)
    for day in range(61):
        services.sweep(today=TODAY + timedelta(days=day))
        _send_all()
    kinds = list(_reminders().order_by("refers_to", "id").values_list("kind", flat=True))
    assert sorted(kinds) == sorted(["before-30", "before-7", "before-1", "due", "overdue-1", "overdue-2"])
    assert not _reminders(state=OutboxState.SKIPPED).exists()


def test_a_later_kind_makes_a_pending_earlier_one_moot():
    c = _commitment(7)
    services.sweep(today=TODAY)
    services.sweep(today=TODAY + timedelta(days=6))
    states = dict(_reminders().values_list("kind", "state"))
    assert states == {"before-7": OutboxState.SKIPPED, "before-1": OutboxState.PENDING}
    assert c.pk


def test_dry_run_writes_nothing_and_bad_date_is_a_clear_error():
    _commitment(1)
    out = StringIO()
    call_command("send_reminders", now=TODAY.isoformat(), dry_run=True, stdout=out)
    assert "zou verzenden" in out.getvalue() and OutboxMessage.objects.count() == 0
    with pytest.raises(CommandError, match="--now verwacht een datum"):
        call_command("send_reminders", now="31-03-2026")


def test_settling_cancels_pending_reminders(django_capture_on_commit_callbacks):
    c = _commitment(7)
    services.sweep(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        commitment_transition(commitment=c, to="voldaan")
    row = _reminders().get()
    assert row.state == OutboxState.CANCELLED and "voldaan" in row.last_error


def test_send_rechecks_status_and_deadline_just_before_sending(monkeypatch):
    monkeypatch.setattr("core.events._listeners", [])  # without the hook, the send task's own check still holds
    c = _commitment(7)
    services.sweep(today=TODAY)
    commitment_transition(commitment=c, to="voldaan")
    row = _reminders().get()
    assert outbox.deliver(row.pk) == OutboxState.CANCELLED
    row.refresh_from_db()
    assert "voldaan" in row.last_error


def test_weekly_digests_per_person_and_per_ministry():
    ministry = MinistryFactory()
    user = _staff("digest", ministry)
    _commitment(-3, ministry=ministry, responsible=user)
    _commitment(20, ministry=ministry)
    result = services.sweep(today=TODAY)
    assert sorted(d.to for d in result.digests) == sorted(["digest@example.org", ministry.parliamentary_affairs_email])
    ministry_digest = OutboxMessage.objects.get(kind="digest", to=ministry.parliamentary_affairs_email)
    assert "TE LAAT (1)" in ministry_digest.text and "DE KOMENDE 30 DAGEN (1)" in ministry_digest.text
    assert "GEWIJZIGD IN DE AFGELOPEN WEEK" in ministry_digest.text
    assert services.sweep(today=TODAY + timedelta(days=2)).digests == [], "one digest per week"
    assert services.sweep(today=TODAY + timedelta(days=7)).digests, "next week's"


def test_policy_is_editable():
    policy = ReminderPolicy.current()
    policy.days_before, policy.on_the_day = [14], False
    policy.save()
    _commitment(14)
    _commitment(20)
    assert [p.key.split(":")[3] for p in services.sweep(today=TODAY).reminders] == ["before-14"]


def _sweep_queries(n):
    ministry = MinistryFactory()
    users = [_staff(f"q{n}-{i}", ministry) for i in range(3)]
    for i in range(n):
        _commitment([30, 7, 1, 0, -7, -14][i % 6], ministry=ministry, responsible=users[i % 3] if i % 2 else None)
        if i % 10 == 0:
            make_motion(
                status="aangenomen", ministry=ministry, deadline_phrase="voor 1 april 2026", responsible=users[0]
            )
    ReminderPolicy.current()
    with CaptureQueriesContext(connection) as ctx:
        result = services.sweep(today=TODAY)
    assert len(result.reminders) >= n and result.digests
    return len(ctx.captured_queries)


@pytest.mark.postgres
@pytest.mark.slow  # ~8 s: 1,000 items
def test_sweep_query_count_does_not_grow_with_items():
    small = _sweep_queries(10)
    OutboxMessage.objects.all().delete()
    large = _sweep_queries(1000)
    assert small == large, f"{small} queries for 10 items, {large} for 1000"
    assert small <= 15


def test_digest_names_status_changes_in_the_readers_language():
    from motions.services import motion_transition

    ministry = MinistryFactory()
    english = _staff("eng-digest", ministry, language="en")
    motion = make_motion(
        status="aangenomen", ministry=ministry, responsible=english, deadline_phrase="voor 1 april 2026"
    )
    motion_transition(motion=motion, to="in_uitvoering", reason="brief in voorbereiding")
    services.sweep(today=TODAY)
    mine = OutboxMessage.objects.get(kind="digest", to="eng-digest@example.org")
    assert "adopted → in progress" in mine.text, mine.text
    theirs = OutboxMessage.objects.get(kind="digest", to=ministry.parliamentary_affairs_email)
    assert "aangenomen → in uitvoering" in theirs.text, theirs.text
