"""Reminder points of a deadline (plain Python)."""

from datetime import date

from reminders.schedule import Point, due_and_moot, points_between

POLICY = {"days_before": [30, 7, 1], "on_the_day": True, "overdue_every": 7}


def test_points_around_a_deadline():
    deadline = date(2026, 6, 30)
    points = points_between(deadline, start=date(2026, 1, 1), end=date(2026, 7, 20), **POLICY)
    assert points == [
        Point(date(2026, 5, 31), "before-30"),
        Point(date(2026, 6, 23), "before-7"),
        Point(date(2026, 6, 29), "before-1"),
        Point(deadline, "due"),
        Point(date(2026, 7, 7), "overdue-1"),
        Point(date(2026, 7, 14), "overdue-2"),
    ]


def test_vague_deadline_is_reminded_from_its_latest_date():
    # "in de loop van 2027" ends 2027-12-31: the 30-day reminder goes out on 2027-12-01.
    assert due_and_moot(date(2027, 12, 31), today=date(2027, 11, 30), catch_up_days=90, **POLICY) == (None, [])
    due, moot = due_and_moot(date(2027, 12, 31), today=date(2027, 12, 1), catch_up_days=90, **POLICY)
    assert due == Point(date(2027, 12, 1), "before-30") and moot == []


def test_after_downtime_only_the_latest_point_is_due_and_earlier_ones_are_moot():
    due, moot = due_and_moot(date(2026, 6, 30), today=date(2026, 7, 10), catch_up_days=90, **POLICY)
    assert due.kind == "overdue-1"
    assert [p.kind for p in moot] == ["before-30", "before-7", "before-1", "due"]


def test_long_overdue_items_are_bounded_by_the_catch_up_window():
    due, moot = due_and_moot(date(2016, 1, 1), today=date(2026, 1, 1), catch_up_days=21, **POLICY)
    assert due.kind == "overdue-521" and [p.kind for p in moot] == ["overdue-519", "overdue-520"]
