"""ShipBob's limit: N requests per minute per token (150 by default), sliding window."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable


class Clock:
    """Monotonic seconds plus an offset the control API can advance (no sleeping in tests)."""

    def __init__(self, source: Callable[[], float] = time.monotonic) -> None:
        self._source = source
        self.offset = 0.0

    def __call__(self) -> float:
        return self._source() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


class SlidingWindowLimiter:
    def __init__(self, clock: Callable[[], float], limit: int = 150, window: float = 60.0) -> None:
        self.clock = clock
        self.limit = limit
        self.window = window
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _trim(self, token: str, now: float) -> deque[float]:
        calls = self._calls.setdefault(token, deque())
        while calls and calls[0] <= now - self.window:
            calls.popleft()
        return calls

    def acquire(self, token: str) -> tuple[bool, int, int]:
        """(allowed, remaining calls after this one, seconds to wait when refused)."""
        with self._lock:
            now = self.clock()
            calls = self._trim(token, now)
            if len(calls) >= self.limit:
                wait = calls[len(calls) - self.limit] + self.window - now
                return False, 0, max(1, math.ceil(wait))
            calls.append(now)
            return True, self.limit - len(calls), 0

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
