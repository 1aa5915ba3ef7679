"""Send Purchase Orders over real HTTP to the ShipBob emulator: a purchase order asked to be
sent queues the run, which creates one WRO (the PO number, the FC's SKUs, the mapped
fulfillment center); a lost answer or a send repeated after a worker died is still one WRO; a
purchase order ShipBob refuses waits out a backoff with an Error naming the reason."""

from __future__ import annotations

import pytest
from django.utils import timezone

from openoms.activity.models import Event
from openoms.channels.models import WarehouseMapping
from openoms.purchasing.models import PurchaseOrder
from openoms.purchasing.services.workflow import purchase_order_cancel
from openoms.sync.services.po_queue import IMPORT, SEND
from openoms.sync.services.po_receiving import receiving_draft
from openoms.sync.services.work_queue import channel_job
from tests.connectors.shipbob.emulator import FC_EAST
from tests.sync.purchasing.conftest import ACTOR, fresh, receive, stock, to_send, wro_of, wros
from tests.sync.shipments.conftest import is_queued, run_queued

pytestmark = pytest.mark.django_db


def test_a_purchase_order_is_sent_to_shipbob_once(shop, emulator):
    # given a PO asked to be sent (the request queued Send Purchase Orders)
    order = to_send(shop.account, "PO-1")
    assert is_queued(shop.channel, SEND)
    # when the run is executed
    run = run_queued(shop.channel, SEND)
    # then ShipBob has one WRO under the PO number, with the FC's SKUs, at center 10
    sent = fresh(order)
    wro = wro_of(emulator, order)
    assert (run.status, run.counts) == ("succeeded", {"sent": 1, "failed": 0})
    assert (sent.status, sent.external_ref, sent.channel) == ("sent", str(wro["id"]), shop.channel)
    assert (wro["purchase_order_number"], wro["fulfillment_center"]["id"]) == ("PO-1", FC_EAST)
    assert sorted((q["sku"], q["expected_quantity"]) for q in wro["inventory_quantities"]) == [
        ("MUG-1", 10),
        ("TEE-S", 5),
    ]
    assert stock(shop, "MUG") == (10, 10)  # Incoming since the approval, Total unchanged
    assert not is_queued(shop.channel, SEND)
    assert channel_job(shop.channel, IMPORT).active_run.due_at > timezone.now()  # the poll
    assert emulator.violations() == []


def test_a_lost_answer_is_retried_and_stays_one_wro(shop, emulator):
    # given ShipBob creates the WRO, then the connection drops before the answer
    order = to_send(shop.account, "PO-1")
    emulator.control("config", {"drop_next": 1})
    # when
    run = run_queued(shop.channel, SEND)
    # then the retry met "already sent": one WRO, the PO sent with its id
    assert run.counts["sent"] == 1
    assert wros(emulator) == [("PO-1", "Awaiting")]
    assert fresh(order).external_ref == str(wro_of(emulator, order)["id"])


def test_a_send_repeated_after_the_worker_died_is_the_same_wro(shop, emulator):
    # given ShipBob already has the WRO (a run died after sending it, before recording it),
    # and has received 4 MUG-1 since
    order = to_send(shop.account, "PO-1")
    first = emulator.connector().receiving_order_send(receiving_draft(shop.channel, fresh(order)))
    emulator.control(
        "receive",
        {"wro_id": int(first.receiving_id), "lines": [{"sku": "MUG-1", "quantity": 4}]},
    )
    # when the run sends it again
    run = run_queued(shop.channel, SEND)
    # then it is recognised: one WRO, the PO holds its id, and the 4 MUG are recorded at once
    sent = fresh(order)
    assert (run.status, run.counts["sent"]) == ("succeeded", 1)
    assert wros(emulator) == [("PO-1", "Processing")]
    assert (sent.external_ref, sent.status) == (first.receiving_id, "receiving")
    assert stock(shop, "MUG") == (14, 6)
    assert list(sent.receipts.values_list("number", "status")) == [("PO-1-R1", "short_received")]


def test_a_purchase_order_shipbob_refuses_waits_with_an_error_and_the_next_goes(shop, emulator):
    # given two POs: the first with a number ShipBob refuses (a comma)
    bad = to_send(shop.account, "PO-1")
    good = to_send(shop.account, "PO-2", ("MUG", 1))
    PurchaseOrder.objects.filter(pk=bad.pk).update(order_number="PO,1")  # ShipBob refuses ","
    before = timezone.now()
    # when
    run = run_queued(shop.channel, SEND)
    # then the first failed with a backoff and an Error naming the reason; the second was sent
    bad, good = fresh(bad), fresh(good)
    assert (run.status, run.counts) == ("succeeded", {"sent": 1, "failed": 1})
    assert (bad.status, bad.send_attempts, bad.external_ref) == ("approved", 1, "")
    assert bad.last_error == (
        "Purchase order PO,1 cannot be sent to ShipBob: its number must be set, without commas."
    )
    assert bad.next_attempt_at > before
    assert good.status == "sent"
    error = Event.objects.get(entity_type="purchase_order", entity_id=str(bad.pk), level="error")
    assert error.message.startswith(
        f"Purchase order PO,1 could not be sent to {shop.channel.name} (attempt 1): Purchase "
        "order PO,1 cannot be sent to ShipBob"
    )
    # and the next run is queued for the end of the backoff
    assert channel_job(shop.channel, SEND).active_run.due_at == bad.next_attempt_at


def test_a_failed_send_goes_when_its_backoff_is_over(shop, emulator):
    # given a PO that failed once (no fulfillment center mapped), now mapped and due
    order = to_send(shop.account, "PO-1")
    mapping = WarehouseMapping.objects.get(channel=shop.channel)
    WarehouseMapping.objects.filter(pk=mapping.pk).update(external_id="x")
    run_queued(shop.channel, SEND)
    assert fresh(order).send_attempts == 1
    WarehouseMapping.objects.filter(pk=mapping.pk).update(external_id=str(FC_EAST))
    PurchaseOrder.objects.filter(pk=order.pk).update(next_attempt_at=timezone.now())
    # when the queued retry runs
    run = run_queued(shop.channel, SEND)
    # then
    sent = fresh(order)
    assert (run.counts["sent"], sent.status, sent.last_error) == (1, "sent", "")
    assert wros(emulator) == [("PO-1", "Awaiting")]


def test_a_purchase_order_cancelled_before_its_run_is_not_sent(shop, emulator):
    # given
    order = to_send(shop.account, "PO-1")
    purchase_order_cancel(actor=ACTOR, order=order)
    # when
    run = run_queued(shop.channel, SEND)
    # then
    assert run.counts == {"sent": 0, "failed": 0}
    assert wros(emulator) == []
    assert stock(shop, "MUG") == (10, 0)


def test_what_arrives_after_the_send_is_read_by_import_receipts(shop, emulator):
    # given a PO sent
    order = to_send(shop.account, "PO-1")
    run_queued(shop.channel, SEND)
    # when the warehouse receives everything and Import Receipts runs
    receive(emulator, order)
    run = run_queued(shop.channel, IMPORT)
    # then
    assert run.counts == {"receipts": 1, "received": 1, "unchanged": 0, "refused": 0}
    assert fresh(order).status == "received"
    assert (stock(shop, "MUG"), stock(shop, "TEE-S")) == ((20, 0), (11, 0))
