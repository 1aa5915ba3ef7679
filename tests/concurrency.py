"""Races on PostgreSQL: work started from several threads at the same moment, each thread on its
own database connection. SQLite serializes every write, so these tests need PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import connection
from django.test import Client

T = TypeVar("T")
CLIENTS = 8  # API clients of a request race

POSTGRES_RACE = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serializes every write, so there is no race to test",
    ),
    pytest.mark.django_db(transaction=True),
]


def in_parallel(work: Callable[[int], T], count: int) -> tuple[list[T], list[BaseException]]:
    """Run ``work(i)`` for i in 0..count-1, in threads released at once; → their results and
    the errors they raised."""
    start = threading.Barrier(count)
    results: list[T] = []
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait()
            results.append(work(i))
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def requests_in_parallel(send: Callable[[Client], T], count: int = CLIENTS) -> list[T]:
    """``send(client)`` from ``count`` threads at once, each with its own test client; → the
    responses (a request that raised fails the test)."""
    responses, errors = in_parallel(lambda _: send(Client()), count)
    assert errors == []
    assert len(responses) == count
    return responses
