"""How a benchmark drains the inventory sync outbox while it plays a trace: a real ``openoms
worker`` process (``WorkerDrain``), a thread of the benchmark's process (``ThreadDrain``), or the
queued runs executed inline (``execute_queued``); and waiting until a channel's outbox is empty.
Used by ``sync_coalescing.py``; Django is set up by the caller."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

DRAIN_TIMEOUT_S = 600


def execute_queued(account) -> int:
    """Execute the account's queued runs now, as a worker would; → how many."""
    from openoms.automation.models import JobRun, RunStatus
    from openoms.automation.services.runs import run_execute

    queued = JobRun.objects.filter(account=account, status=RunStatus.QUEUED).order_by("id")
    ids = list(queued.values_list("pk", flat=True))
    for pk in ids:
        run_execute(pk)
    return len(ids)


def outbox_empty(channel) -> bool:
    from openoms.sync.models import PendingPush, PushBatch

    return not (
        PendingPush.objects.filter(channel=channel).exists()
        or PushBatch.objects.filter(channel=channel).exists()
    )


class ThreadDrain:
    """The queued runs executed by a thread of this process, every 0.1 s."""

    def __init__(self, account):
        self.account, self.stop = account, threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        from django.db import connection

        try:
            while not self.stop.is_set():
                if not execute_queued(self.account):
                    self.stop.wait(0.1)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=60)


class WorkerDrain:
    """A real ``openoms worker`` process on the bench database, polling every 0.1 s."""

    def __init__(self, log_path: str):
        self.log_path, self.proc = log_path, None

    def __enter__(self):
        self.log = open(self.log_path, "w")
        command = [sys.executable, "-m", "openoms.cli", "worker", "--interval", "0.1"]
        self.proc = subprocess.Popen(
            [*command, "--no-startup-delay"],
            env=os.environ.copy(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        return self

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.log.close()


def wait_until_drained(channel, drain_once, timeout: float = DRAIN_TIMEOUT_S) -> float:
    """Wait until the channel's outbox is empty; → the time it was seen empty."""
    end = time.time() + timeout
    while not outbox_empty(channel):
        if time.time() > end:
            raise SystemExit(f"The outbox was not empty {timeout:.0f} s after the last order.")
        if drain_once is not None:
            drain_once(channel.account)
        else:
            time.sleep(0.1)
    return time.time()
