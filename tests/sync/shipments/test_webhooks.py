"""ShipBob's shipment webhooks, over real HTTP: the emulator's dispatcher posts a signed
``order.shipped`` to a live server; storing it queues Import Shipments, which reads the order
back and marks the delivery processed. A delivery of another kind queues nothing."""

from __future__ import annotations

import time

import pytest

from openoms.channels.models import Channel
from openoms.orders.models import OrderStatus, ShipmentStatus
from openoms.sync.models import DeliveryStatus, WebhookDelivery
from openoms.sync.services import shipment_import
from openoms.sync.services.shipment_queue import shipment_webhook_queue
from tests.sync.shipments.conftest import (
    IMPORT,
    SEND,
    allocated,
    fresh,
    is_queued,
    level,
    run_queued,
    seed_shipbob,
    shipbob_setup,
)
from tests.sync.webhook_data import SHIPBOB_SECRET, stored_delivery

DELIVERY_WAIT_SECONDS = 10


def import_queued(channel) -> bool:
    """Wait until the emulator's thread has posted and the live server queued the import."""
    deadline = time.monotonic() + DELIVERY_WAIT_SECONDS
    while not is_queued(channel, IMPORT) and time.monotonic() < deadline:
        time.sleep(0.05)
    return is_queued(channel, IMPORT)


@pytest.mark.django_db(transaction=True)
def test_a_shipped_webhook_queues_the_import_that_reads_it_back(live_server, tenant, emulator):
    # given a sent shipment, and ShipBob's webhooks subscribed to the channel's address
    seed_shipbob(emulator)
    shop = shipbob_setup(tenant.account, emulator)
    credentials = shop.channel.credentials | {"webhook_secret": SHIPBOB_SECRET}
    Channel.objects.filter(pk=shop.channel.pk).update(credentials=credentials)
    shipment = allocated(shop.account, "1001")
    run_queued(shop.channel, SEND)
    shipment = fresh(shipment)
    emulator.control(
        "webhooks",
        {
            "url": f"{live_server.url}/webhooks/shipbob/{shop.channel.pk}/",
            "topics": ["order.shipped"],
            "secret": SHIPBOB_SECRET,
        },
    )
    assert not is_queued(shop.channel, IMPORT)
    # when the warehouse ships 1 MUG-1 (ShipBob posts order.shipped)
    emulator.control(
        "ship", {"order_id": int(shipment.external_ref), "lines": [{"sku": "MUG-1", "quantity": 1}]}
    )
    queued = import_queued(shop.channel)
    deliveries = list(WebhookDelivery.objects.all())
    run = run_queued(shop.channel, IMPORT)
    # then
    partly = fresh(shipment)
    assert [(d.topic, d.status) for d in deliveries] == [("order.shipped", "received")]
    assert queued
    assert (run.status, run.counts["webhooks"], run.counts["updated"]) == ("succeeded", 1, 1)
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PROCESSED
    assert (partly.status, partly.order.status) == (
        ShipmentStatus.SHORT_SHIPPED,
        OrderStatus.FULFILLING,
    )
    assert level(shop, "MUG") == (9, 3)
    assert not is_queued(shop.channel, IMPORT)


@pytest.mark.django_db
def test_only_a_new_shipbob_shipment_delivery_queues_the_import(tenant, emulator):
    # given
    seed_shipbob(emulator)
    shop = shipbob_setup(tenant.account, emulator)
    other_topic = stored_delivery(shop.channel, "d-1", topic="receiving.completed", body={})
    ignored = stored_delivery(shop.channel, "d-2", topic="order.shipped", status="ignored")
    # when
    shipment_webhook_queue(other_topic)
    shipment_webhook_queue(ignored)
    # then
    assert not is_queued(shop.channel, IMPORT)
    # when a shipment delivery is stored
    shipment_webhook_queue(stored_delivery(shop.channel, "d-3", topic="order.shipped", body={}))
    # then
    assert is_queued(shop.channel, IMPORT)


@pytest.mark.django_db
def test_a_delivery_naming_no_order_is_failed_and_the_others_processed(tenant, emulator):
    # given two stored shipment deliveries, one without an order id
    seed_shipbob(emulator)
    shop = shipbob_setup(tenant.account, emulator)
    broken = stored_delivery(shop.channel, "d-1", topic="order.shipped", body={"id": 5})
    fine = stored_delivery(
        shop.channel, "d-2", topic="order.shipped", body={"order_id": 424242, "reference_id": "X"}
    )
    shipment_webhook_queue(fine)
    # when
    run = run_queued(shop.channel, IMPORT)
    # then the run succeeded; the first is failed with the reason, the second processed
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert (run.status, run.counts["webhooks"], run.counts["unknown"]) == ("succeeded", 2, 1)
    assert (broken.status, broken.note) == (
        DeliveryStatus.FAILED,
        "It names no order (order_id): there is nothing to read back.",
    )
    assert broken.processed_at is not None
    assert fine.status == DeliveryStatus.PROCESSED


@pytest.mark.django_db
def test_a_delivery_stored_while_the_import_runs_gets_a_run_of_its_own(
    tenant, emulator, monkeypatch
):
    # given an import run, during which (after its inbox was read) a delivery is stored
    seed_shipbob(emulator)
    shop = shipbob_setup(tenant.account, emulator)
    first = stored_delivery(shop.channel, "d-1", topic="order.shipped", body={"order_id": 1})
    shipment_webhook_queue(first)
    polled = shipment_import.poll
    late = []

    def poll_while_a_delivery_arrives(state):
        delivery = stored_delivery(shop.channel, "d-2", topic="order.shipped", body={"order_id": 2})
        shipment_webhook_queue(delivery)  # the job is busy: no run queued now
        late.append(is_queued(shop.channel, IMPORT))
        polled(state)

    monkeypatch.setattr(shipment_import, "poll", poll_while_a_delivery_arrives)
    # when
    run = run_queued(shop.channel, IMPORT)
    # then the end of the run queued the next one, which processes the late delivery
    assert (run.counts["webhooks"], late) == (1, [True])
    assert is_queued(shop.channel, IMPORT)
    monkeypatch.setattr(shipment_import, "poll", polled)
    second = run_queued(shop.channel, IMPORT)
    assert second.counts["webhooks"] == 1
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"processed"}
    assert not is_queued(shop.channel, IMPORT)
