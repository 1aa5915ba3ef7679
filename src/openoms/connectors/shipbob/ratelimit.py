"""ShipBob's request limit, kept on our side: 150 requests per minute per token, over a sliding
window (developer.shipbob.com/rate-limit). ``acquire`` waits before a request that would exceed
it, so ShipBob never has to answer 429; ``observe`` adopts what ShipBob reports in
``x-remaining-calls`` (calls by other processes with the same token count too: they are taken as
made now, the cautious reading).

Thread-safe; the clock and the sleep are injectable (tests never sleep for real). The workers of
one process share one window per token (``window_for``).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from collections.abc import Callable

REQUESTS_PER_WINDOW = 150
WINDOW_SECONDS = 60.0


class SlidingWindow:
    """At most ``limit`` requests in any ``window`` seconds."""

    def __init__(
        self,
        limit: int = REQUESTS_PER_WINDOW,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.sleep = sleep
        self._calls: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Wait until one more request fits in the window, then count it; → seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self.clock()
                self._trim(now)
                if len(self._calls) < self.limit:
                    self._calls.append(now)
                    return waited
                pause = self._calls[len(self._calls) - self.limit] + self.window - now
            pause = max(pause, 0.001)
            self.sleep(pause)
            waited += pause

    def observe(self, remaining: int, frees_in: float | None = None) -> None:
        """ShipBob says ``remaining`` calls are left in its window: when that is fewer than
        ours, the calls we did not see (another process, another app of the user) count as
        made now, or as leaving the window in ``frees_in`` seconds when ShipBob said so (a
        429's ``x-retry-after``)."""
        with self._lock:
            now = self.clock()
            self._trim(now)
            unseen = (self.limit - max(remaining, 0)) - len(self._calls)
            stamp = now if frees_in is None else min(now, now - self.window + frees_in)
            for _ in range(max(unseen, 0)):
                self._calls.append(stamp)
            if unseen > 0 and stamp < now:
                self._calls = deque(sorted(self._calls))

    def used(self) -> int:
        """How many requests count in the window now."""
        with self._lock:
            self._trim(self.clock())
            return len(self._calls)

    def _trim(self, now: float) -> None:
        while self._calls and self._calls[0] <= now - self.window:
            self._calls.popleft()


_WINDOWS: dict[str, SlidingWindow] = {}
_WINDOWS_LOCK = threading.Lock()


def window_for(token: str) -> SlidingWindow:
    """The one window of ``token`` in this process (keyed by a digest: no token is kept)."""
    key = hashlib.sha256(token.encode()).hexdigest()
    with _WINDOWS_LOCK:
        if key not in _WINDOWS:
            _WINDOWS[key] = SlidingWindow()
        return _WINDOWS[key]
