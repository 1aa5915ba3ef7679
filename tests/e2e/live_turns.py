"""Tests where an emulator posts webhooks to a live server: on SQLite the live server's thread
shares the test's one in-memory connection, so a webhook handled while the test thread runs a job
(whose call to an emulator fired it) would use the connection at the same time. The live
server's requests and the test's database work take turns on ``ONE_AT_A_TIME``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.core.handlers.base import BaseHandler

ONE_AT_A_TIME = threading.RLock()


@pytest.fixture
def requests_take_turns(monkeypatch) -> None:
    """The live server handles each request holding ``ONE_AT_A_TIME``."""
    real = BaseHandler.get_response

    def get_response(self, request):
        with ONE_AT_A_TIME:
            return real(self, request)

    monkeypatch.setattr(BaseHandler, "get_response", get_response)


def wait_for(condition: Callable[[], bool], timeout_s: float = 15) -> bool:
    """Check ``condition`` (holding the lock) every 50 ms until it holds or ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with ONE_AT_A_TIME:
            if condition():
                return True
        time.sleep(0.05)
    return False
