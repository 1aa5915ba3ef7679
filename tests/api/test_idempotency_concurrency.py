"""Parallel retries with one Idempotency-Key on PostgreSQL: applied once, never twice."""

import threading

import pytest
from django.db import connection
from django.test import Client

from openoms.inventory.models import InventoryMovement
from tests.api.helpers import api_put

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serializes every write, so there is no race to test",
    ),
    pytest.mark.django_db(transaction=True),
]

CLIENTS = 8


def _in_parallel(send) -> list:
    start = threading.Barrier(CLIENTS)
    responses = []

    def run() -> None:
        try:
            start.wait()
            responses.append(send(Client()))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_parallel_retries_apply_once_and_agree(shop, api_key):
    # when
    responses = _in_parallel(
        lambda client: api_put(
            client, "/inventory/TOR-1/TEE-RED-M", {"adjust": 5}, api_key, **{"Idempotency-Key": "p"}
        )
    )

    # then
    assert len(responses) == CLIENTS
    assert {r.status_code for r in responses} <= {200, 409}
    bodies = {r.content for r in responses if r.status_code == 200}
    assert len(bodies) == 1
    assert b'"total": 15' in bodies.pop()
    movements = InventoryMovement.objects.filter(trigger="api_single_row_update")
    assert list(movements.values_list("change", "resulting")) == [(5, 15)]
