"""Shopify's cost-based leaky bucket, per shop and app (here: per access token)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

# restore rate in points per second; the bucket holds 20 seconds of restore (observed, not stated).
PLANS = {"standard": 100.0, "advanced": 200.0, "plus": 1000.0, "enterprise": 2000.0}
BUCKET_SECONDS = 20


class Clock:
    """Monotonic seconds; tests inject a ``ManualClock`` instead of sleeping."""

    def now(self) -> float:
        return time.monotonic()


class ManualClock(Clock):
    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds


@dataclass
class RateCut:
    factor: float
    until: float


class Bucket:
    def __init__(self, clock: Clock, restore_rate: float, maximum: float) -> None:
        self.clock = clock
        self.restore_rate = restore_rate
        self.maximum = maximum
        self.available = maximum
        self.updated = clock.now()
        self.cut: RateCut | None = None

    def current_rate(self, now: float) -> float:
        if self.cut is not None and now < self.cut.until:
            return self.restore_rate * self.cut.factor
        return self.restore_rate

    def _refill(self) -> None:
        now = self.clock.now()
        elapsed = max(0.0, now - self.updated)
        if self.cut is not None and self.cut.until <= now:
            # the cut ended during the elapsed time: restore at the cut rate until it ended
            cut_part = max(0.0, self.cut.until - self.updated)
            gained = cut_part * self.restore_rate * self.cut.factor
            gained += (elapsed - cut_part) * self.restore_rate
            self.cut = None
        else:
            gained = elapsed * self.current_rate(now)
        self.available = min(self.maximum, self.available + gained)
        self.updated = now

    def try_charge(self, points: float) -> bool:
        """Take ``points`` if the bucket holds them (the requested cost, charged up front)."""
        self._refill()
        if points > self.available:
            return False
        self.available -= points
        return True

    def refund(self, points: float) -> None:
        self._refill()
        self.available = min(self.maximum, self.available + max(0.0, points))

    def status(self) -> dict:
        self._refill()
        return {
            "maximumAvailable": float(self.maximum),
            "currentlyAvailable": int(self.available),
            "restoreRate": float(self.current_rate(self.clock.now())),
        }


class Throttle:
    """One bucket per access token, all with the shop's plan."""

    def __init__(self, clock: Clock, plan: str = "standard") -> None:
        self.clock = clock
        self.lock = threading.Lock()
        self.buckets: dict[str, Bucket] = {}
        self._cut: RateCut | None = None
        self.set_plan(plan)

    def set_plan(self, plan: str, restore_rate: float | None = None) -> None:
        if plan not in PLANS:
            raise ValueError(f"unknown plan {plan!r}; one of {sorted(PLANS)}")
        with self.lock:
            self.plan = plan
            self.restore_rate = float(restore_rate or PLANS[plan])
            self.maximum = self.restore_rate * BUCKET_SECONDS
            self.buckets.clear()

    def bucket(self, token: str) -> Bucket:
        if token not in self.buckets:
            bucket = Bucket(self.clock, self.restore_rate, self.maximum)
            if self._cut is not None and self.clock.now() < self._cut.until:
                bucket.cut = self._cut
            self.buckets[token] = bucket
        return self.buckets[token]

    def cut_rate(self, factor: float, seconds: float) -> None:
        """Restore at ``factor`` times the plan's rate for ``seconds`` (every bucket, new ones too)."""
        with self.lock:
            self._cut = RateCut(factor, self.clock.now() + seconds)
            for bucket in self.buckets.values():
                bucket._refill()
                bucket.cut = self._cut
