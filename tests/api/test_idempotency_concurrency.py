"""Parallel retries with one Idempotency-Key on PostgreSQL: applied once, never twice."""

from openoms.inventory.models import InventoryMovement
from tests.api.helpers import api_put
from tests.concurrency import CLIENTS, POSTGRES_RACE, requests_in_parallel

pytestmark = POSTGRES_RACE


def test_parallel_retries_apply_once_and_agree(shop, api_key):
    # when
    responses = requests_in_parallel(
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
