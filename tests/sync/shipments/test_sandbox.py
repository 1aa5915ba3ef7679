"""The sandbox 3PL takes shipments and ships them some seconds later
(``OPENOMS_SANDBOX_SHIP_SECONDS``), through the same two works: what the demo and the browser
tests watch without ShipBob."""

from __future__ import annotations

import uuid

import pytest

from openoms.activity.models import Event
from openoms.channels.models import Channel, ChannelWarehouse
from openoms.connectors import sandbox_orders
from openoms.connectors.base import ChannelAccess, ConnectorError
from openoms.connectors.sandbox import Sandbox3PL
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.orders.models import OrderStatus, ShipmentStatus
from openoms.orders.services.shipments import shipment_cancel
from openoms.sync.services.shipment_orders import fulfillment_order
from openoms.sync.services.work_queue import channel_job as shipment_job
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level
from tests.sync.runs import sync_now
from tests.sync.shipments.conftest import (
    ACTOR,
    IMPORT,
    SEND,
    Setup,
    allocated,
    fresh,
    level,
    make_carriers,
    run_queued,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sandbox(tenant) -> Setup:
    """CHI (MUG 10, TEE-S 6) served by a sandbox 3PL of a name of its own (its orders are
    kept in memory per process)."""
    account = tenant.account
    chi = make_warehouse(account.organization, "CHI")
    enable(account, chi)
    variants = make_variants(account, "MUG", "TEE-S")
    set_level(account, variants["MUG"], chi, 10)
    set_level(account, variants["TEE-S"], chi, 6)
    make_carriers(account)
    channel = Channel.objects.create(
        account=account,
        type="fulfillment",
        kind="sandbox_fulfillment",
        name="Sandbox 3PL",
        credentials={"warehouse_name": f"3PL {uuid.uuid4().hex}"},
    )
    ChannelWarehouse.objects.create(channel=channel, warehouse=chi)
    return Setup(
        account, chi, Channel.objects.select_related("account").get(pk=channel.pk), variants
    )


def sandbox_order(shipment) -> sandbox_orders.SandboxOrder:
    found = [o for o in sandbox_orders.ORDERS.values() if o.order_id == shipment.external_ref]
    assert len(found) == 1
    return found[0]


def test_the_sandbox_3pl_ships_what_it_was_sent(sandbox, monkeypatch):
    # given it ships at once
    monkeypatch.setenv(sandbox_orders.SHIP_SECONDS_ENV, "0")
    shipment = allocated(sandbox.account, "1001")
    # when it is sent, then its shipments are imported
    send = run_queued(sandbox.channel, SEND)
    imported = sync_now(sandbox.channel, IMPORT)
    # then
    done = fresh(shipment)
    assert (send.counts["sent"], imported.counts["updated"]) == (1, 1)
    assert sandbox_order(done).location == "CHI"  # unmapped: asked for by its code
    assert (done.status, done.order.status) == (ShipmentStatus.SHIPPED, OrderStatus.SHIPPED)
    assert done.tracking == [
        {"number": f"SBX{int(done.external_ref):010d}", "carrier": "Sandbox Post", "url": ""}
    ]
    assert (level(sandbox, "MUG"), level(sandbox, "TEE-S")) == ((6, 0), (4, 0))
    assert ledger_mismatches(account=sandbox.account) == []


def test_before_its_seconds_pass_nothing_ships_and_it_can_be_cancelled(sandbox, monkeypatch):
    # given the default wait (60 s)
    monkeypatch.delenv(sandbox_orders.SHIP_SECONDS_ENV, raising=False)
    shipment = allocated(sandbox.account, "1001")
    run_queued(sandbox.channel, SEND)
    # when
    imported = sync_now(sandbox.channel, IMPORT)
    shipment_cancel(actor=ACTOR, shipment=fresh(shipment))
    cancel = run_queued(sandbox.channel, SEND)
    # then
    assert imported.counts == {"updated": 0, "unchanged": 1, "webhooks": 0, "unknown": 0}
    assert cancel.counts["cancelled"] == 1
    assert fresh(shipment).status == ShipmentStatus.CANCELLED
    assert level(sandbox, "MUG") == (10, 0)


def test_a_shipped_sandbox_order_cannot_be_cancelled(sandbox, monkeypatch):
    # given a sent order that has shipped at the 3PL but not been imported yet
    monkeypatch.setenv(sandbox_orders.SHIP_SECONDS_ENV, "0")
    shipment = allocated(sandbox.account, "1001")
    run_queued(sandbox.channel, SEND)
    # when
    shipment_cancel(actor=ACTOR, shipment=fresh(shipment))
    cancel = run_queued(sandbox.channel, SEND)
    # then refused with the 3PL's reason; the import then ships it
    assert cancel.counts["refused"] == 1
    assert (fresh(shipment).status, fresh(shipment).last_error) == (
        ShipmentStatus.SENT_TO_WAREHOUSE,
        sandbox_orders.ALREADY_SHIPPED,
    )
    sync_now(sandbox.channel, IMPORT)
    assert fresh(shipment).status == ShipmentStatus.SHIPPED


def test_the_same_reference_sent_again_is_the_same_sandbox_order(sandbox):
    # given
    shipment = allocated(sandbox.account, "1001")
    three_pl = Sandbox3PL(ChannelAccess(sandbox.channel.credentials, "channel 1"))
    order = fulfillment_order(sandbox.channel, fresh(shipment))
    # when
    first, second = three_pl.order_send(order), three_pl.order_send(order)
    # then
    assert (first.already_sent, second.already_sent) == (False, True)
    assert first.order_id == second.order_id
    assert order.location == "CHI"


def test_a_3pl_that_cannot_be_asked_to_cancel_is_asked_again_later(sandbox, monkeypatch):
    # given a sent shipment, then the 3PL unreachable when its cancellation is asked
    shipment = allocated(sandbox.account, "1001")
    run_queued(sandbox.channel, SEND)

    def down(self, order_id):
        raise ConnectorError("The 3PL is down.")

    monkeypatch.setattr(Sandbox3PL, "order_cancel", down)
    shipment_cancel(actor=ACTOR, shipment=fresh(shipment))
    # when
    run = run_queued(sandbox.channel, SEND)
    # then it is still asked, after a backoff, with a Warning; the stock stays allocated
    waiting = fresh(shipment)
    assert (run.counts["failed"], waiting.status, waiting.attempts) == (
        1,
        ShipmentStatus.CANCEL_REQUESTED,
        1,
    )
    assert shipment_job(sandbox.channel, SEND).active_run.due_at == waiting.next_attempt_at
    assert level(sandbox, "MUG") == (10, 4)
    assert Event.objects.filter(
        level="warning", message__startswith="Shipment 1001-1: Sandbox 3PL could not be asked"
    ).exists()


def test_a_shipment_cancelled_while_it_was_being_sent_is_cancelled_at_the_3pl(sandbox, monkeypatch):
    # given a person cancels the shipment while the 3PL is taking it
    shipment = allocated(sandbox.account, "1001")
    taking = Sandbox3PL.order_send

    def send_while_cancelled(self, order):
        sent = taking(self, order)
        shipment_cancel(actor=ACTOR, shipment=fresh(shipment))
        return sent

    monkeypatch.setattr(Sandbox3PL, "order_send", send_while_cancelled)
    # when
    run = run_queued(sandbox.channel, SEND)
    # then nothing is recorded as sent, and the 3PL's order is cancelled too
    done = fresh(shipment)
    assert (run.counts["sent"], done.status, done.external_ref) == (
        0,
        ShipmentStatus.CANCELLED,
        "",
    )
    name = sandbox.channel.credentials["warehouse_name"]
    at_3pl = sandbox_orders.ORDERS[name, sandbox_orders.REFERENCES[name, "1001-1"]]
    assert at_3pl.cancelled_at is not None
    assert level(sandbox, "MUG") == (10, 0)
