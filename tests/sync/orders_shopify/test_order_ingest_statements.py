"""What receiving and importing orders costs the database (``bench/order_ingest.py`` measures
the speed): a stored delivery is a handful of statements, and a batch of imported orders reads
the account's settings (carriers, warehouses, the channels a level change reaches, the jobs to
queue) once, not once per order (``core.read_memo``)."""

from __future__ import annotations

from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openoms.orders.models import OrderStatus, SalesOrder
from openoms.tenancy.models import Account

from .conftest import capture_order_webhooks, captured_bodies, post_webhook, run_queued

ORDERS = 5
SETTINGS_TABLES = (
    "channels_carrier",
    "channels_carriermapping",
    "inventory_accountwarehouse",
    "channels_channelwarehouse",
    "channels_warehousemapping",
    "automation_recurringjob",
)


def _tables_read(queries) -> Counter:
    read = Counter()
    for query in queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith("SELECT"):
            for table in SETTINGS_TABLES:
                if f'FROM "{table}"' in sql:
                    read[table] += 1
    return read


def test_a_new_delivery_is_stored_and_its_run_queued_in_seven_statements_at_most(shop, client):
    # given
    capture_order_webhooks(shop.store)
    shop.place(("TEE", 1))
    [create] = captured_bodies(shop.store)
    post_webhook(client, shop.channel, "orders/create", create["body"], "w-first")  # queues a run

    # when: a second delivery while the run is queued
    with CaptureQueriesContext(connection) as statements:
        response = post_webhook(client, shop.channel, "orders/updated", create["body"], "w-2")

    # then
    assert response.json()["result"] == "stored"
    assert len(statements.captured_queries) <= 7


def test_a_batch_of_orders_reads_the_settings_once(shop, client):
    # given: the automatic workflow allocates each order on import
    Account.objects.filter(pk=shop.account.pk).update(enable_automatic_sales_order_workflow=True)
    capture_order_webhooks(shop.store)
    for _ in range(ORDERS):
        shop.place(("TEE", 1), ("MUG", 1))
    for number, delivery in enumerate(captured_bodies(shop.store)):
        post_webhook(client, shop.channel, delivery["topic"], delivery["body"], f"w-{number}")

    # when
    with CaptureQueriesContext(connection) as statements:
        run_queued(shop.account)

    # then
    orders = SalesOrder.objects.filter(account=shop.account)
    assert [order.status for order in orders] == [OrderStatus.FULFILLING] * ORDERS
    read = _tables_read(statements.captured_queries)
    assert read["channels_carrier"] == 2  # the order's rule and the shipment's, once each
    assert read["inventory_accountwarehouse"] == 1
    assert read["channels_channelwarehouse"] == 1
    assert read["channels_carriermapping"] == 1


def _selects_from(queries, table: str) -> int:
    return sum(
        1
        for query in queries
        if query["sql"].lstrip().upper().startswith("SELECT") and f'FROM "{table}"' in query["sql"]
    )


def test_a_batch_of_orders_reads_imports_skus_and_numbers_once(shop, client):
    # given: five orders waiting in the inbox, allocated on import
    Account.objects.filter(pk=shop.account.pk).update(enable_automatic_sales_order_workflow=True)
    capture_order_webhooks(shop.store)
    for _ in range(ORDERS):
        shop.place(("TEE", 1), ("MUG", 2))
    for number, delivery in enumerate(captured_bodies(shop.store)):
        post_webhook(client, shop.channel, delivery["topic"], delivery["body"], f"w-{number}")

    # when
    with CaptureQueriesContext(connection) as statements:
        run_queued(shop.account)

    # then: the orders already imported, and the numbers taken, once (two reads of sales
    # orders); the SKUs' mappings and variants once, not once per order; the poll that
    # follows finds the five imported in one read
    assert SalesOrder.objects.filter(account=shop.account).count() == ORDERS
    queries = statements.captured_queries
    assert _selects_from(queries, "orders_salesorder") == 3
    assert _selects_from(queries, "catalog_productvariant") == 0  # came with the mappings
    assert _selects_from(queries, "channels_skumapping") <= 2  # the order's, the outbox's
    assert len(queries) <= 40 + 16 * ORDERS
