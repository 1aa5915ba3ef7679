"""Concurrent POST /sales-orders of one order number on PostgreSQL: one order is created, every
other request is the 422 on `order_number`, never a 500 or a second order."""

from __future__ import annotations

from openoms.orders.models import SalesOrder, SalesOrderLine
from tests.api.helpers import api_post
from tests.api.sales_order_data import ORDERS, order_body, order_shop_fixture  # noqa: F401
from tests.concurrency import CLIENTS, POSTGRES_RACE, requests_in_parallel

pytestmark = POSTGRES_RACE


def test_concurrent_creates_of_one_order_number_create_it_once(order_shop, api_key):
    # when
    responses = requests_in_parallel(lambda client: api_post(client, ORDERS, order_body(), api_key))

    # then
    assert sorted(r.status_code for r in responses) == [201] + [422] * (CLIENTS - 1)
    refused = [r.json()["error"] for r in responses if r.status_code == 422]
    assert {(e["code"], e["fields"][0]["field"], e["fields"][0]["message"]) for e in refused} == {
        ("validation_error", "order_number", "Order SO-1001 already exists.")
    }
    assert SalesOrder.objects.filter(order_number="SO-1001").count() == 1
    assert SalesOrderLine.objects.count() == 1
