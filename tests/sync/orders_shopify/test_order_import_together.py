"""The inbox's new orders are created together (``orders_import``: one transaction for up to
``TOGETHER`` orders); an insert the database refuses — an order number a concurrent import took
after the batch read it free — is tried again order by order: that order waits, the others are
imported."""

from __future__ import annotations

from django.utils import timezone

from openoms.orders.models import SalesOrder
from openoms.sync.models import DeliveryStatus
from openoms.sync.services import order_inbox
from openoms.sync.services.order_batch import order_batch_read

from .conftest import capture_order_webhooks, captured_bodies, deliveries, post_webhook, run_queued


def test_a_refused_insert_imports_the_others_one_by_one_and_the_taken_number_waits(
    shop, client, monkeypatch
):
    # given: three orders in the inbox; "1002" is taken by a manual order stored after the
    # batch read the numbers (the read is made to miss it)
    capture_order_webhooks(shop.store)
    for _ in range(3):
        shop.place(("TEE", 1))
    for number, delivery in enumerate(captured_bodies(shop.store)):
        post_webhook(client, shop.channel, delivery["topic"], delivery["body"], f"w-{number}")

    def read_before_the_manual_order(channel, orders):
        batch = order_batch_read(channel, orders)
        batch.taken.discard("1002")
        return batch

    monkeypatch.setattr(order_inbox, "order_batch_read", read_before_the_manual_order)
    SalesOrder.objects.create(
        account=shop.account, order_number="1002", source="manual", order_date=timezone.now()
    )

    # when
    [run] = run_queued(shop.account)

    # then: the inbox imported 1001 and 1003 (one by one after the refused insert of the
    # three) while 1002 waited; the run's poll imported 1002 under a free number, and the
    # inbox's second pass found its delivery imported
    statuses = [(status, note[:36]) for _, status, note in deliveries(shop.channel)]
    assert statuses == [
        (DeliveryStatus.PROCESSED, "Order #1001: imported (OpenOMS order"),
        (DeliveryStatus.PROCESSED, "Order #1002: already imported (OpenO"),
        (DeliveryStatus.PROCESSED, "Order #1003: imported (OpenOMS order"),
    ]
    numbers = SalesOrder.objects.filter(channel=shop.channel).values_list("order_number", flat=True)
    assert sorted(numbers) == ["1001", "1003", "Proof Shop-1002"]
    assert run.counts == {"imported": 3, "already imported": 3, "waiting": 1}


def test_the_next_run_imports_the_waiting_order_under_another_number(shop, client):
    # given: "1002" taken before the orders arrive
    SalesOrder.objects.create(
        account=shop.account, order_number="1002", source="manual", order_date=timezone.now()
    )
    capture_order_webhooks(shop.store)
    for _ in range(3):
        shop.place(("TEE", 1))
    for number, delivery in enumerate(captured_bodies(shop.store)):
        post_webhook(client, shop.channel, delivery["topic"], delivery["body"], f"w-{number}")

    # when
    run_queued(shop.account)

    # then: one transaction, the taken number avoided
    numbers = SalesOrder.objects.filter(channel=shop.channel).values_list("order_number", flat=True)
    assert sorted(numbers) == ["1001", "1003", "Proof Shop-1002"]
