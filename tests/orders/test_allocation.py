"""Allocation: the warehouse chosen, the stock reserved with its ledger rows, the shipment made;
not enough stock → backordered and nothing reserved; backorders allocated first in, first out
when stock rises, only when the whole order fits; cancelling releases the stock."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from openoms.activity.models import Event
from openoms.core.errors import Conflict
from openoms.inventory.models import AccountWarehouse, InventoryMovement
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.inventory.services.levels import level_adjust
from openoms.inventory.triggers import Trigger
from openoms.orders.models import OrderStatus, SalesOrder, Shipment, ShipmentStatus
from openoms.orders.services.allocation import sales_order_allocate
from openoms.orders.services.backorders import backorders_reevaluate
from openoms.orders.services.orders import sales_order_create
from openoms.orders.services.workflow import sales_order_approve, sales_order_cancel
from openoms.orders.tasks import backorders_task
from tests.orders.conftest import draft, level

pytestmark = pytest.mark.django_db


def approved(shop, number: str, *lines, **fields) -> SalesOrder:
    return sales_order_create(
        actor=shop.actor,
        account=shop.account,
        draft=draft(number, *lines, **fields),
        source="api",
        approve=True,
    )


def test_allocation_reserves_at_the_default_warehouse_and_makes_the_shipment(shop):
    # given
    order = approved(shop, "1001", ("TEE", 3), ("MUG", 2))

    # when
    shipment = sales_order_allocate(actor=shop.actor, order=order)

    # then
    order.refresh_from_db()
    assert (order.status, order.backordered_since) == (OrderStatus.FULFILLING, None)
    assert (shipment.number, shipment.warehouse, shipment.status) == (
        "1001-1",
        shop.a,
        ShipmentStatus.READY_TO_SEND,
    )
    assert sorted(shipment.lines.values_list("variant__sku", "quantity")) == [
        ("MUG", 2),
        ("TEE", 3),
    ]
    assert (level(shop, "TEE"), level(shop, "MUG")) == ((10, 3), (5, 2))
    moves = InventoryMovement.objects.filter(quantity="allocated").order_by("id")
    assert list(moves.values_list("change", "resulting", "trigger", "reference")) == [
        (3, 3, "allocate_order", "Order 1001"),
        (2, 2, "allocate_order", "Order 1001"),
    ]
    assert ledger_mismatches(account=shop.account) == []


def test_the_requested_warehouse_wins(shop):
    order = approved(shop, "1001", ("TEE", 2), warehouse="B")
    shipment = sales_order_allocate(actor=shop.actor, order=order)
    assert shipment.warehouse == shop.b
    assert (level(shop, "TEE", shop.b), level(shop, "TEE")) == ((2, 2), (10, 0))


def test_without_a_default_the_first_warehouse_with_enough_is_used(shop):
    # given no default warehouse, and only 1 TEE left at A (B has 2)
    AccountWarehouse.objects.filter(account=shop.account).update(is_default=False)
    order = approved(shop, "1001", ("TEE", 2))
    level_adjust(
        actor=shop.actor,
        account=shop.account,
        warehouse=shop.a,
        variant="TEE",
        delta=-9,
        trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
    )

    # when
    shipment = sales_order_allocate(actor=shop.actor, order=order)

    # then
    assert shipment.warehouse == shop.b


def test_not_enough_stock_backorders_the_order_and_reserves_nothing(shop):
    # given
    order = approved(shop, "1001", ("TEE", 3), ("CAP", 1), ("MUG", 9))

    # when
    shipment = sales_order_allocate(actor=shop.actor, order=order)

    # then
    order.refresh_from_db()
    assert shipment is None
    assert order.status == OrderStatus.APPROVED and order.is_backordered
    reason = (
        "Not Enough Stock at A for order 1001: CAP (needs 1, 0 available), MUG (needs 9, 5 "
        "available)."
    )
    assert order.last_error == reason
    assert Event.objects.get(level="error").message == reason + " The order is backordered."
    assert (level(shop, "TEE"), level(shop, "MUG")) == ((10, 0), (5, 0))
    assert not Shipment.objects.exists()
    assert not InventoryMovement.objects.filter(quantity="allocated").exists()


def test_backorders_are_allocated_first_in_first_out_when_the_whole_order_fits(shop):
    # given three backordered orders: MUG 4 + CAP 1, then MUG 3, then MUG 3
    first = approved(shop, "1", ("MUG", 4), ("CAP", 1))
    second, third = approved(shop, "2", ("MUG", 3)), approved(shop, "3", ("MUG", 3))
    level_adjust(
        actor=shop.actor,
        account=shop.account,
        warehouse=shop.a,
        variant="MUG",
        delta=-5,
        trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
    )
    for order in (first, second, third):
        assert sales_order_allocate(actor=shop.actor, order=order) is None

    # when 7 MUG arrive (CAP still 0), then the queue is re-evaluated
    level_adjust(
        actor=shop.actor,
        account=shop.account,
        warehouse=shop.a,
        variant="MUG",
        delta=7,
        trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
    )
    allocated = backorders_reevaluate(account_id=shop.account.pk)

    # then the first keeps waiting for CAP; the second and third fit (3 + 3 of 7)
    statuses = dict(SalesOrder.objects.values_list("order_number", "status"))
    assert allocated == 2
    assert statuses == {"1": "approved", "2": "fulfilling", "3": "fulfilling"}
    assert SalesOrder.objects.get(order_number="1").is_backordered
    assert level(shop, "MUG") == (7, 6)


def test_a_rise_in_stock_queues_the_re_evaluation_task(shop, django_capture_on_commit_callbacks):
    # given
    order = approved(shop, "1", ("CAP", 1))
    sales_order_allocate(actor=shop.actor, order=order)
    DBTaskResult.objects.all().delete()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        level_adjust(
            actor=shop.actor,
            account=shop.account,
            warehouse=shop.a,
            variant="CAP",
            delta=1,
            trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
        )

    # then one task is queued for the account; a worker running it allocates the order
    [queued] = DBTaskResult.objects.filter(status="READY")
    assert queued.task_path == "openoms.orders.tasks.backorders_task"
    assert queued.args_kwargs["args"] == [shop.account.pk]
    assert backorders_task.call(shop.account.pk) == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLING and not order.is_backordered


def test_a_rise_for_other_skus_queues_nothing(shop, django_capture_on_commit_callbacks):
    order = approved(shop, "1", ("CAP", 1))
    sales_order_allocate(actor=shop.actor, order=order)
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        level_adjust(
            actor=shop.actor,
            account=shop.account,
            warehouse=shop.a,
            variant="MUG",
            delta=1,
            trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
        )
    assert not DBTaskResult.objects.exists()


def test_a_draft_cannot_be_allocated(shop):
    order = sales_order_create(
        actor=shop.actor, account=shop.account, draft=draft(), source="manual"
    )
    with pytest.raises(Conflict) as refused:
        sales_order_allocate(actor=shop.actor, order=order)
    assert str(refused.value) == (
        "Order 1001 is Draft: it cannot be allocated (only when Approved)."
    )
    assert level(shop, "TEE") == (10, 0)


def test_cancelling_an_allocated_order_releases_its_stock(shop):
    # given
    order = approved(shop, "1001", ("TEE", 4))
    sales_order_allocate(actor=shop.actor, order=order)

    # when
    sales_order_cancel(actor=shop.actor, order=order, reason="customer changed their mind")

    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert Shipment.objects.get().status == ShipmentStatus.CANCELLED
    assert level(shop, "TEE") == (10, 0)
    release = InventoryMovement.objects.filter(quantity="allocated").order_by("id").last()
    assert (release.change, release.trigger) == (-4, "cancel_shipment")
    assert ledger_mismatches(account=shop.account) == []


def test_approve_then_allocate_follows_the_declared_transitions(shop):
    order = sales_order_create(
        actor=shop.actor, account=shop.account, draft=draft(), source="manual"
    )
    sales_order_approve(actor=shop.actor, order=order)
    with pytest.raises(Conflict):
        sales_order_approve(actor=shop.actor, order=order)
    assert sales_order_allocate(actor=shop.actor, order=order) is not None


def test_the_shipment_rule_error_stops_the_allocation_with_the_reason(shop):
    # given an order accepted under the sales order rule (Warning) without a carrier, and the
    # shipment rule at Error (the default)
    shop.account.sales_order_carrier_code_rule = "warning"
    shop.account.save()
    order = approved(shop, "1001", ("TEE", 2), carrier="")

    # when
    with pytest.raises(Conflict) as refused:
        sales_order_allocate(actor=shop.actor, order=order)

    # then
    assert str(refused.value) == (
        "Order 1001 cannot be allocated: its shipment's the carrier code is missing."
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED and level(shop, "TEE") == (10, 0)
    assert not Shipment.objects.exists()


def test_the_shipment_rule_warning_is_recorded_and_the_allocation_goes_on(shop):
    shop.account.sales_order_carrier_code_rule = "warning"
    shop.account.shipment_carrier_code_rule = "warning"
    shop.account.save()
    order = approved(shop, "1001", ("TEE", 2), carrier="")
    assert sales_order_allocate(actor=shop.actor, order=order) is not None
    messages = (
        Event.objects.filter(level="warning").order_by("id").values_list("message", flat=True)
    )
    assert list(messages) == [
        "The carrier code is missing.",
        "Shipment of order 1001: The carrier code is missing.",
    ]
