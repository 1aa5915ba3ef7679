"""The wait before a work item is tried again (a shipment or a purchase order its 3PL refused
or could not be reached for): a base from a setting, doubled at each attempt, capped."""

from __future__ import annotations

import os
from datetime import timedelta

from django.conf import settings

MAX_BACKOFF = timedelta(hours=6)


def doubling_backoff(attempts: int, setting: str, default: float) -> timedelta:
    """The wait before attempt ``attempts + 1``: ``setting`` (Django setting, else environment,
    else ``default`` seconds) doubled at each attempt, at most ``MAX_BACKOFF``."""
    base = float(getattr(settings, setting, None) or os.environ.get(setting) or default)
    return min(timedelta(seconds=base * 2 ** min(attempts - 1, 20)), MAX_BACKOFF)
