"""What both emulators' webhook senders share: deliveries sent one after the other from a
background thread, each when it is due, and again after the delay its sender names on failure."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")


class RetryQueue(Generic[Item]):
    """Calls ``attempt(item)`` for each queued item from the thread ``name``; ``attempt`` returns
    the seconds after which to try the item again, or None when it is done (sent or given up)."""

    def __init__(self, attempt: Callable[[Item], float | None], name: str) -> None:
        self._attempt = attempt
        self._name = name
        self._queue: queue.Queue[tuple[float, Item] | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    def put(self, item: Item) -> None:
        """Queue ``item``, due now."""
        self._queue.put((time.monotonic(), item))

    def start(self) -> None:
        """Start the thread unless it is running."""
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the thread (items not yet due are dropped)."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)

    def _run(self) -> None:
        pending: list[tuple[float, Item]] = []
        while True:
            wait = max(0.0, min(t for t, _ in pending) - time.monotonic()) if pending else None
            try:
                entry = self._queue.get(timeout=wait)
                if entry is None:
                    return
                pending.append(entry)
            except queue.Empty:
                pass
            now = time.monotonic()
            due = [p for p in pending if p[0] <= now]
            pending = [p for p in pending if p[0] > now]
            for _, item in due:
                delay = self._attempt(item)
                if delay is not None:
                    pending.append((time.monotonic() + delay, item))
