"""Export Order Updates to the Shopify emulator over real HTTP: shipment progress writes a
pending ``ChannelFulfillment`` that queues the run; the store then shows the fulfillment with its
tracking (read back with an ordinary GraphQL query), partial then complete; a send whose answer
was lost, or that a stopped worker never recorded, is not sent twice; a failure waits."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from openoms.activity.models import Event
from openoms.automation.job_types import JobType
from openoms.automation.models import JobRun
from openoms.connectors.shopify.client import ShopifyClient
from openoms.orders.models import ChannelFulfillment, FulfillmentStatus, SalesOrder
from openoms.orders.services.allocation import sales_order_allocate
from openoms.orders.services.shipments import shipment_progress
from openoms.tenancy.actor import Actor
from tests.sync.runs import sync_now

from .conftest import Shop, run_queued

ACTOR = Actor.system("test")
UPS = {"number": "1Z999", "carrier": "UPS", "url": "https://ups.example/1Z999"}
DHL = {"number": "JD01", "carrier": "DHL", "url": ""}


def shipped_order(shop: Shop):
    """An order of 3 TEE and 1 MUG placed on the store, imported and allocated."""
    placed = shop.place(("TEE", 3), ("MUG", 1))
    shop.import_orders()
    order = SalesOrder.objects.get(account=shop.account)
    shipment = sales_order_allocate(actor=ACTOR, order=order)
    lines = {line.order_line.sku: line.pk for line in shipment.lines.select_related("order_line")}
    return placed, shipment, lines


def fulfilled(shop: Shop, order_ref: str) -> tuple[str, list]:
    order = shop.fulfillments(order_ref)
    return order["displayFulfillmentStatus"], [
        (
            [t["number"] for t in f["trackingInfo"]],
            [(n["lineItem"]["sku"], n["quantity"]) for n in f["fulfillmentLineItems"]["nodes"]],
        )
        for f in order["fulfillments"]
    ]


def test_a_partial_then_a_complete_shipment_reach_the_store_with_tracking(shop):
    # given
    placed, shipment, lines = shipped_order(shop)

    # when: one TEE ships
    shipment_progress(actor=ACTOR, shipment=shipment, shipped={lines["TEE"]: 1}, tracking=[UPS])
    [run] = run_queued(shop.account)

    # then
    assert run.job_type == JobType.EXPORT_ORDER_UPDATES
    assert run.summary == (
        "Export Order Updates to Proof Shop: 1 fulfillments sent, 0 found already recorded, "
        "0 failed."
    )
    assert fulfilled(shop, placed["id"]) == (
        "PARTIALLY_FULFILLED",
        [(["1Z999"], [("TEE", 1)])],
    )
    row = ChannelFulfillment.objects.get()
    assert (row.status, row.attempts, row.last_error) == (FulfillmentStatus.SENT, 1, "")
    assert row.external_ref.startswith("gid://shopify/Fulfillment/")
    tracked = shop.fulfillments(placed["id"])["fulfillments"][0]["trackingInfo"]
    assert tracked == [{"company": "UPS", "number": "1Z999", "url": "https://ups.example/1Z999"}]

    # when: the rest ships
    shipment_progress(
        actor=ACTOR, shipment=shipment, shipped={lines["TEE"]: 3, lines["MUG"]: 1}, tracking=[DHL]
    )
    run_queued(shop.account)

    # then
    assert fulfilled(shop, placed["id"]) == (
        "FULFILLED",
        [(["1Z999"], [("TEE", 1)]), (["JD01"], [("TEE", 2), ("MUG", 1)])],
    )
    assert list(ChannelFulfillment.objects.values_list("status", flat=True)) == ["sent", "sent"]


def test_a_send_whose_answer_was_lost_is_not_sent_twice(shop, monkeypatch):
    # given: the store records the fulfillment but the answer never arrives (the client's
    # retry of the same mutation is then refused: nothing is left to fulfil)
    placed, shipment, lines = shipped_order(shop)
    original, dropped = ShopifyClient.run, []

    def run(client, call):
        if call.name == "FulfillmentCreate" and not dropped:
            dropped.append(call)
            shop.store.control("config", {"drop_next": 1})
        return original(client, call)

    monkeypatch.setattr(ShopifyClient, "run", run)

    # when
    shipment_progress(actor=ACTOR, shipment=shipment, shipped={lines["TEE"]: 2}, tracking=[UPS])
    [export] = run_queued(shop.account)

    # then
    assert dropped and export.counts == {"recovered": 1}
    assert fulfilled(shop, placed["id"]) == ("PARTIALLY_FULFILLED", [(["1Z999"], [("TEE", 2)])])
    row = ChannelFulfillment.objects.get()
    assert (row.status, row.attempts) == (FulfillmentStatus.SENT, 1)
    assert row.last_error.startswith("Already recorded by the channel")


def test_a_send_a_stopped_worker_never_recorded_is_not_sent_again(shop):
    # given: sent, then (as if the worker stopped before recording it) pending again
    placed, shipment, lines = shipped_order(shop)
    shipment_progress(actor=ACTOR, shipment=shipment, shipped={lines["TEE"]: 1}, tracking=[UPS])
    run_queued(shop.account)
    ChannelFulfillment.objects.update(status=FulfillmentStatus.PENDING, external_ref="")

    # when
    run = sync_now(shop.channel, JobType.EXPORT_ORDER_UPDATES, ACTOR)

    # then
    assert run.counts == {"recovered": 1}
    assert fulfilled(shop, placed["id"]) == ("PARTIALLY_FULFILLED", [(["1Z999"], [("TEE", 1)])])
    assert ChannelFulfillment.objects.get().attempts == 2


def test_a_failed_send_waits_with_the_reason_and_a_warning(shop):
    # given: the store does not know the order (deleted there)
    _, shipment, lines = shipped_order(shop)
    SalesOrder.objects.update(external_ref="gid://shopify/Order/999999999")
    before = timezone.now()

    # when
    shipment_progress(actor=ACTOR, shipment=shipment, shipped={lines["TEE"]: 1}, tracking=[UPS])
    [run] = run_queued(shop.account)

    # then
    row = ChannelFulfillment.objects.get()
    assert (row.status, row.attempts) == (FulfillmentStatus.PENDING, 1)
    assert row.last_error == "Shopify has no order gid://shopify/Order/999999999."
    assert before + timedelta(seconds=59) < row.next_attempt_at < before + timedelta(minutes=2)
    assert run.status == "failed"
    warnings = Event.objects.filter(
        account=shop.account, level="warning", message__contains="1001-1"
    )
    assert list(warnings.values_list("message", flat=True)) == [
        "The fulfillment of shipment 1001-1 (order 1001) could not be sent to Proof Shop: "
        "Shopify has no order gid://shopify/Order/999999999. Attempt 1; retried after 1 min."
    ]
    assert run.summary.endswith("1 failed, 1 waiting to be retried.")
    # and the retry has its run, due when the row is
    retry = JobRun.objects.get(status="queued", job_type=JobType.EXPORT_ORDER_UPDATES)
    assert retry.due_at == row.next_attempt_at
