"""Main Job Periods: how often a recurring job runs. ``none`` means the job never runs.

The codes are the channel kinds' (``channels.kinds.PERIODS_ALL``); a kind may offer fewer.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from openoms.channels.kinds import PERIODS_ALL

NONE = "none"

PERIOD_LABELS: dict[str, str] = {
    "none": "None (never runs)",
    "5m": "Every 5 minutes",
    "15m": "Every 15 minutes",
    "30m": "Every 30 minutes",
    "1h": "Hourly",
    "4h": "Every 4 hours",
    "12h": "Every 12 hours",
    "1d": "Daily",
}
PERIOD_DELTAS: dict[str, timedelta] = {
    "5m": timedelta(minutes=5),
    "15m": timedelta(minutes=15),
    "30m": timedelta(minutes=30),
    "1h": timedelta(hours=1),
    "4h": timedelta(hours=4),
    "12h": timedelta(hours=12),
    "1d": timedelta(days=1),
}
assert set(PERIOD_LABELS) == set(PERIODS_ALL) == set(PERIOD_DELTAS) | {NONE}


def period_choices(codes: tuple[str, ...] = PERIODS_ALL) -> list[tuple[str, str]]:
    return [(code, PERIOD_LABELS[code]) for code in codes]


def next_due(due: datetime, period: str, now: datetime) -> datetime | None:
    """The first due time after ``now`` on the grid ``due + k * period`` (None for ``none``).

    A scheduler that was down for a day does not run an hourly job 24 times: the missed slots
    are skipped, and the one run that follows picks up the missed work.
    """
    if period == NONE:
        return None
    delta = PERIOD_DELTAS[period]
    if due > now:
        return due
    steps = math.floor((now - due) / delta) + 1
    return due + steps * delta
