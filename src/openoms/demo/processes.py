"""The demo's child processes (web server, worker, scheduler) and how they stop together.

Each child starts in a process group of its own, so a Ctrl-C in the terminal reaches only the
demo, never a child directly (no ``KeyboardInterrupt`` traceback from them), and stopping a child's
group stops what it started too (gunicorn's workers). Any stop signal of the demo (SIGTERM,
SIGINT, SIGHUP) stops every group: SIGTERM first, SIGKILL after ``grace_s``. If a child ends on its
own, the others are stopped as well and the demo reports which one ended.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class StopRequested(Exception):
    """The demo received a stop signal."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signal_name = signal.Signals(signum).name


@contextmanager
def stop_signals_raise() -> Iterator[None]:
    """Turn SIGTERM, SIGINT and SIGHUP into ``StopRequested`` inside the block."""

    def _raise(signum, _frame):
        raise StopRequested(signum)

    previous = {signum: signal.signal(signum, _raise) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@dataclass
class Child:
    name: str
    process: subprocess.Popen

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def signal_group(self, signum: int) -> None:
        """Send ``signum`` to the child's process group (its own children included)."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)


@dataclass(frozen=True)
class Ended:
    """A child that ended on its own, and how."""

    name: str
    returncode: int

    def describe(self) -> str:
        code = self.returncode
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
        return f"The demo's {self.name} stopped unexpectedly ({how})"


def spawn(name: str, command: list[str], env: dict[str, str]) -> Child:
    """Start ``command`` in a new session, hence a process group of its own."""
    process = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
    return Child(name, process)


def watch(children: list[Child], poll_s: float = 0.3) -> Ended:
    """Wait until a child ends on its own → which one (a stop signal raises ``StopRequested``)."""
    while True:
        for child in children:
            if not child.running:
                return Ended(child.name, child.process.returncode)
        time.sleep(poll_s)


def stop_all(children: list[Child], grace_s: float = 15) -> None:
    """SIGTERM every child's group, wait up to ``grace_s``, then SIGKILL what is left; a group is
    signalled even when its leader has ended, for what it started."""
    with _signals_ignored():
        for child in children:
            child.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        for child in children:
            with suppress(subprocess.TimeoutExpired):
                child.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        for child in children:
            child.signal_group(signal.SIGKILL)
            child.process.wait()


@contextmanager
def _signals_ignored() -> Iterator[None]:
    """A second Ctrl-C while stopping does not interrupt the stop."""
    previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
