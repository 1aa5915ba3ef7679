"""Cost-based pacing for one Shopify store (a leaky bucket of query-cost points).

Shopify charges each request's *requested* cost up front and refunds down to its actual cost;
every response reports the bucket (``extensions.cost.throttleStatus``: maximumAvailable,
currentlyAvailable, restoreRate). The bucket here mirrors that: ``acquire(cost)`` waits until the
bucket can cover the request (never sends one it cannot, and never treats a cost as free), charges
it, and ``settle(cost)`` adopts what the server reported. A ``THROTTLED`` answer is
``throttled(cost)``: the time the bucket needs before the same request may go again.

Thread-safe: the workers of one store share one bucket (``bucket_for(shop)``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# Before the first answer the plan is unknown: assume the smallest (Standard: 100 points/s,
# a bucket of 20 x 100), then follow what Shopify reports.
STANDARD_RESTORE = 100.0
BUCKET_SECONDS = 20
EPSILON = 1e-6  # points: float rounding must not turn a wait into an endless series of tiny ones


@dataclass
class CostBucket:
    maximum: float = STANDARD_RESTORE * BUCKET_SECONDS
    available: float = STANDARD_RESTORE * BUCKET_SECONDS
    restore_rate: float = STANDARD_RESTORE
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._at = self.clock()

    def acquire(self, cost: float) -> float:
        """Wait until ``cost`` points are in the bucket, then take them; → seconds waited.
        A cost above the whole bucket waits for a full bucket (the server would refuse it)."""
        if cost < 0:
            raise ValueError("A request's cost is never negative.")
        waited = 0.0
        while True:
            with self._lock:
                self._refill()
                needed = min(cost, self.maximum)
                if self.available + EPSILON >= needed:
                    self.available -= cost
                    return waited
                pause = (needed - self.available) / self.restore_rate
            self.sleep(pause)
            waited += pause

    def settle(self, cost: dict | None) -> None:
        """Adopt the bucket a response reported (``extensions.cost``); nothing when absent."""
        status = (cost or {}).get("throttleStatus")
        if not status:
            return
        with self._lock:
            self.maximum = float(status["maximumAvailable"])
            self.restore_rate = float(status["restoreRate"]) or STANDARD_RESTORE
            self.available = float(status["currentlyAvailable"])
            self._at = self.clock()

    def throttled(self, requested: float, cost: dict | None) -> float:
        """After a ``THROTTLED`` answer: adopt the reported bucket; → seconds until it holds
        ``requested`` points again."""
        self.settle(cost)
        with self._lock:
            self._refill()
            missing = max(0.0, min(requested, self.maximum) - self.available)
            return missing / self.restore_rate

    def _refill(self) -> None:
        now = self.clock()
        self.available = min(self.maximum, self.available + (now - self._at) * self.restore_rate)
        self._at = now


_BUCKETS: dict[str, CostBucket] = {}
_BUCKETS_LOCK = threading.Lock()


def bucket_for(shop: str) -> CostBucket:
    """The one bucket of ``shop`` in this process (Shopify's limit is per app and store)."""
    with _BUCKETS_LOCK:
        return _BUCKETS.setdefault(shop, CostBucket())
