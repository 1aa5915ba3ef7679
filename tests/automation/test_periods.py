"""Main Job Periods: the grid a job's due times follow, and None."""

from datetime import UTC, datetime, timedelta

from openoms.automation.periods import PERIOD_LABELS, next_due, period_choices
from openoms.channels.kinds import PERIODS_ALL

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_the_periods_are_none_and_seven_frequencies_in_order():
    assert period_choices() == [
        ("none", "None (never runs)"),
        ("5m", "Every 5 minutes"),
        ("15m", "Every 15 minutes"),
        ("30m", "Every 30 minutes"),
        ("1h", "Hourly"),
        ("4h", "Every 4 hours"),
        ("12h", "Every 12 hours"),
        ("1d", "Daily"),
    ]
    assert tuple(PERIOD_LABELS) == PERIODS_ALL


def test_none_has_no_next_due_time():
    assert next_due(T0, "none", T0 + timedelta(days=3)) is None


def test_the_next_due_time_is_one_period_after_the_one_just_due():
    assert next_due(T0, "15m", T0) == T0 + timedelta(minutes=15)
    assert next_due(T0, "1d", T0 + timedelta(seconds=2)) == T0 + timedelta(days=1)


def test_missed_slots_are_skipped_not_run_one_after_another():
    # given an hourly job due at 09:00, picked up at 13:20 (the scheduler was down)
    now = T0 + timedelta(hours=4, minutes=20)
    # then its next time is 14:00, on its grid, and not 10:00, 11:00…
    assert next_due(T0, "1h", now) == T0 + timedelta(hours=5)


def test_a_due_time_still_ahead_stays():
    assert next_due(T0 + timedelta(hours=1), "4h", T0) == T0 + timedelta(hours=1)
