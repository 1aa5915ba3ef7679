"""What receiving and importing orders costs the database (``bench/order_ingest.py`` measures
the speed): a stored delivery is a handful of statements, and a batch of imported orders reads
the account's settings (carriers, warehouses, the channels a level change reaches, the jobs to
queue) once, not once per order (``core.read_memo``)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from openoms.automation.job_types import JobType
from openoms.automation.models import RecurringJob, RunStatus
from openoms.automation.services.jobs import jobs_ensure
from openoms.inventory.models import InventoryLevel
from openoms.orders.models import OrderStatus, SalesOrder
from openoms.tenancy.models import Account

from .conftest import capture_order_webhooks, captured_bodies, post_webhook, run_queued

ORDERS = 5
TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?')  # the statement's (first) table
TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")  # SQLite logs its BEGIN


def _tables(queries) -> list[str]:
    """The table of each statement; a transaction's control statement by its keyword."""
    words = [query["sql"].split()[0].upper() for query in queries]
    return [
        word if word in TRANSACTION else TABLE.search(query["sql"]).group(1)
        for word, query in zip(words, queries, strict=True)
    ]


@pytest.mark.django_db(transaction=True)  # autocommit, as in production: no test savepoints
def test_a_delivery_while_its_run_is_queued_is_stored_in_three_statements(shop, client):
    # given
    capture_order_webhooks(shop.store)
    shop.place(("TEE", 1))
    [create] = captured_bodies(shop.store)
    post_webhook(client, shop.channel, "orders/create", create["body"], "w-first")  # queues a run

    # when: a second delivery while the run is queued
    with CaptureQueriesContext(connection) as statements:
        response = post_webhook(client, shop.channel, "orders/updated", create["body"], "w-2")

    # then: the channel read, the delivery inserted, the job read (busy: nothing more)
    assert response.json()["result"] == "stored"
    tables = _tables(statements.captured_queries)
    assert tables == ["channels_channel", "sync_webhookdelivery", "automation_recurringjob"]


@pytest.mark.django_db(transaction=True)  # autocommit, as in production: no test savepoints
def test_a_delivery_while_its_job_is_idle_is_stored_and_given_a_run(shop, client):
    # given: the channel's job made and idle
    jobs_ensure(shop.account)
    capture_order_webhooks(shop.store)
    shop.place(("TEE", 1))
    [create] = captured_bodies(shop.store)

    # when
    with CaptureQueriesContext(connection) as statements:
        response = post_webhook(client, shop.channel, "orders/create", create["body"], "w-1")

    # then: the three statements of a busy job, then, in one transaction, the job locked and
    # checked again, the run, the job's active run, the run's task
    assert response.json()["result"] == "stored"
    tables = _tables(statements.captured_queries)
    assert [table for table in tables if table not in TRANSACTION] == [
        "channels_channel",
        "sync_webhookdelivery",
        "automation_recurringjob",
        "automation_recurringjob",
        "automation_jobrun",
        "automation_recurringjob",
        "django_tasks_database_dbtaskresult",
    ]
    job = RecurringJob.objects.get(channel=shop.channel, job_type=JobType.IMPORT_ORDERS)
    assert job.active_run.status == RunStatus.QUEUED


def _orders_in_the_inbox(shop, client, count: int) -> None:
    """``count`` orders of a TEE and two MUGs waiting in the inbox; the automatic workflow
    allocates each order on import."""
    Account.objects.filter(pk=shop.account.pk).update(enable_automatic_sales_order_workflow=True)
    capture_order_webhooks(shop.store)
    for _ in range(count):
        shop.place(("TEE", 1), ("MUG", 2))
    for number, delivery in enumerate(captured_bodies(shop.store)):
        post_webhook(client, shop.channel, delivery["topic"], delivery["body"], f"w-{number}")


def _imported(shop) -> list:
    """The statements of the queued Import Orders run(s)."""
    with CaptureQueriesContext(connection) as statements:
        run_queued(shop.account)
    return statements.captured_queries


def _selects_from(queries, table: str) -> int:
    return sum(
        1
        for query in queries
        if query["sql"].lstrip().upper().startswith("SELECT") and f'FROM "{table}"' in query["sql"]
    )


def test_a_batch_of_orders_reads_the_settings_once(shop, client):
    # given
    _orders_in_the_inbox(shop, client, ORDERS)

    # when
    queries = _imported(shop)

    # then
    orders = SalesOrder.objects.filter(account=shop.account)
    assert [order.status for order in orders] == [OrderStatus.FULFILLING] * ORDERS
    assert _selects_from(queries, "channels_carrier") == 2  # the order's rule, the shipment's
    assert _selects_from(queries, "inventory_accountwarehouse") == 1
    assert _selects_from(queries, "channels_channelwarehouse") == 1
    assert _selects_from(queries, "channels_carriermapping") == 1


def test_a_batch_of_orders_reads_imports_skus_and_numbers_once(shop, client):
    # given
    _orders_in_the_inbox(shop, client, ORDERS)

    # when
    queries = _imported(shop)

    # then: the orders already imported, and the numbers taken, once (two reads of sales
    # orders); the SKUs' mappings and variants once, not once per order; the poll that
    # follows finds the five imported in one read
    assert SalesOrder.objects.filter(account=shop.account).count() == ORDERS
    assert _selects_from(queries, "orders_salesorder") == 3
    assert _selects_from(queries, "catalog_productvariant") == 0  # came with the mappings
    assert _selects_from(queries, "channels_skumapping") <= 2  # the order's, the outbox's


def test_orders_imported_together_cost_the_same_statements_for_twice_as_many(shop, client):
    # given: stock for all; five orders imported, then ten more
    InventoryLevel.objects.filter(account=shop.account).update(total=F("total") + 100)
    _orders_in_the_inbox(shop, client, ORDERS)
    five = len(_imported(shop))
    _orders_in_the_inbox(shop, client, 2 * ORDERS)

    # when
    ten = len(_imported(shop))

    # then: created, allocated and shipped together, a set of statements per batch
    orders = SalesOrder.objects.filter(account=shop.account)
    assert [order.status for order in orders] == [OrderStatus.FULFILLING] * 3 * ORDERS
    assert ten - five <= 2, (five, ten)
