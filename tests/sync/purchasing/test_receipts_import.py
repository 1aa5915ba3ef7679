"""Import Receipts over real HTTP to the ShipBob emulator: the warehouse receives a WRO partly
(one receipt, Short Received, the PO Receiving, Total up and Incoming down), then the rest (the
PO Received); reading the same WRO again records nothing; a SKU the PO does not have is left
alone with a Warning; the run polls again while POs wait for goods. The sandbox 3PL receives
what it is sent too."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.channels.models import ChannelWarehouse
from openoms.inventory.models import InventoryMovement
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.purchasing.models import Receipt
from openoms.sync.services.po_queue import IMPORT, SEND
from openoms.sync.services.work_queue import channel_job
from tests.inventory.stock import enable, make_variants, make_warehouse
from tests.sync.conftest import make_channel
from tests.sync.purchasing.conftest import fresh, receive, stock, to_send
from tests.sync.runs import sync_now
from tests.sync.shipments.conftest import is_queued, make_carriers, run_queued

pytestmark = pytest.mark.django_db


def sent(shop, number: str = "PO-1", *lines):
    order = to_send(shop.account, number, *lines)
    run_queued(shop.channel, SEND)
    assert fresh(order).status == "sent"
    return order


def test_a_partial_then_full_receipt(shop, emulator):
    # given a PO of MUG 10 and TEE-S 5, sent
    order = sent(shop)
    # when the warehouse receives 4 MUG-1 and the import runs
    receive(emulator, order, **{"MUG-1": 4})
    first = run_queued(shop.channel, IMPORT)
    # then one receipt, Short Received; the PO Receiving; MUG total 14, incoming 6
    assert first.counts == {"receipts": 1, "received": 0, "unchanged": 0, "refused": 0}
    receipt = Receipt.objects.get(order=order)
    assert (receipt.number, receipt.status, receipt.external_ref) == (
        "PO-1-R1",
        "short_received",
        fresh(order).external_ref,
    )
    assert list(receipt.lines.values_list("sku", "quantity")) == [("MUG", 4)]
    assert fresh(order).status == "receiving"
    assert (stock(shop, "MUG"), stock(shop, "TEE-S")) == ((14, 6), (6, 5))
    # and the next poll is queued while the PO waits for the rest
    assert is_queued(shop.channel, IMPORT)
    # when the rest arrives and the import runs again
    receive(emulator, order)
    second = run_queued(shop.channel, IMPORT)
    # then a second receipt, Received, and the PO Received
    assert second.counts == {"receipts": 1, "received": 1, "unchanged": 0, "refused": 0}
    assert list(order.receipts.order_by("id").values_list("number", "status")) == [
        ("PO-1-R1", "short_received"),
        ("PO-1-R2", "received"),
    ]
    assert list(
        order.receipts.get(number="PO-1-R2").lines.order_by("sku").values_list("sku", "quantity")
    ) == [("MUG", 6), ("TEE-S", 5)]
    assert fresh(order).status == "received"
    assert (stock(shop, "MUG"), stock(shop, "TEE-S")) == ((20, 0), (11, 0))
    assert not is_queued(shop.channel, IMPORT)  # nothing left to wait for
    assert ledger_mismatches(account=shop.account) == []


def test_the_same_wro_read_again_records_nothing(shop, emulator):
    # given a PO with 4 MUG received and imported
    order = sent(shop)
    receive(emulator, order, **{"MUG-1": 4})
    run_queued(shop.channel, IMPORT)
    movements = InventoryMovement.objects.count()
    # when the import runs again (the queued poll) without anything new
    run = run_queued(shop.channel, IMPORT)
    # then
    assert run.counts == {"receipts": 0, "received": 0, "unchanged": 1, "refused": 0}
    assert (Receipt.objects.count(), InventoryMovement.objects.count()) == (1, movements)
    assert stock(shop, "MUG") == (14, 6)


def test_two_lines_of_one_sku_are_filled_in_line_order(shop, emulator):
    # given a PO with MUG on two lines (3 and 4)
    order = sent(shop, "PO-1", ("MUG", 3), ("MUG", 4))
    # when ShipBob receives 5 MUG-1
    receive(emulator, order, **{"MUG-1": 5})
    run_queued(shop.channel, IMPORT)
    # then the first line is full and the second has 2
    assert list(fresh(order).lines.values_list("line_number", "received")) == [(1, 3), (2, 2)]
    assert stock(shop, "MUG") == (15, 2)


def test_a_purchase_order_of_another_channel_or_account_is_not_read(shop, emulator, tenant):
    # given a PO of this channel sent and received at ShipBob, and another account's setup
    order = sent(shop)
    receive(emulator, order)
    other = make_channel(tenant.second_account, "Other 3PL", kind="sandbox_fulfillment")
    # when the other channel imports receipts
    run = sync_now(other, IMPORT)
    # then nothing of this account moved
    assert run.counts == {"receipts": 0, "received": 0, "unchanged": 0, "refused": 0}
    assert (fresh(order).status, stock(shop, "MUG")) == ("sent", (10, 10))


def test_the_sandbox_3pl_receives_what_it_is_sent(tenant, monkeypatch):
    # given the sandbox 3PL serving warehouse A, receiving at once
    monkeypatch.setenv("OPENOMS_SANDBOX_RECEIVE_SECONDS", "0")

    account = tenant.account
    a = make_warehouse(account.organization, "A")
    enable(account, a)
    make_variants(account, "MUG", "TEE-S")
    make_carriers(account)
    three_pl = make_channel(account, "Proof 3PL", kind="sandbox_fulfillment")
    ChannelWarehouse.objects.create(channel=three_pl, warehouse=a)
    order = to_send(account, "PO-SBX", ("MUG", 2), warehouse="A")
    # when Send Purchase Orders then Import Receipts run
    sent_run = run_queued(three_pl, SEND)
    imported = run_queued(three_pl, IMPORT)
    # then
    assert sent_run.counts == {"sent": 1, "failed": 0}
    assert imported.counts == {"receipts": 1, "received": 1, "unchanged": 0, "refused": 0}
    assert fresh(order).status == "received"
    assert fresh(order).external_ref.startswith("SBX-R")
    assert Event.objects.filter(entity_type="purchase_order", level="error").count() == 0
    assert channel_job(three_pl, IMPORT).active_run_id is None
