"""Tests that start real OpenOMS processes (a worker, a server, schedulers) against the test
database: the marks they need, the child's environment, and waiting for what it does."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import pytest
from django.db import connection

T = TypeVar("T")

SHARED_DATABASE = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a child process needs a shared database (the SQLite test database lives in "
        "memory, in this process)",
    ),
    pytest.mark.django_db(transaction=True),
]


def child_env(tmp_path, **settings: str) -> dict:
    """The environment of a child process on the test database (its rows are committed:
    transaction=True), with ``settings`` (OPENOMS_… variables) added."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENOMS_")}
    env.update(
        DJANGO_SETTINGS_MODULE="openoms.config.settings",
        OPENOMS_DATABASE_URL=(
            f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        OPENOMS_DATA_DIR=str(tmp_path),
        OPENOMS_SECRET_KEY="test-secret-" + "x" * 40,
        **settings,
    )
    return env


def wait_for(check: Callable[[], T], timeout: float = 15) -> T:
    """Poll ``check`` until it returns something true; → that (fails after ``timeout`` s)."""
    end = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)
    return found


@contextmanager
def worker_process(tmp_path, name: str = "worker", **settings: str) -> Iterator[subprocess.Popen]:
    """A real ``openoms worker`` on the test database, polling every 0.1 s, with ``settings``
    (OPENOMS_… variables) and its output in ``tmp_path/<name>.log``; killed on exit if alive."""
    log = (tmp_path / f"{name}.log").open("w")
    command = [sys.executable, "-m", "openoms.cli", "worker", "--interval", "0.1"]
    proc = subprocess.Popen(
        [*command, "--no-startup-delay"],
        env=child_env(tmp_path, **settings),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        log.close()
