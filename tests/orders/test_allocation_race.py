"""Allocations racing on PostgreSQL (issue 14's bar): 50 orders allocated at once compete for 10
units: exactly 10 are allocated, Available never goes below zero, the ledger adds up."""

from __future__ import annotations

from openoms.inventory.models import InventoryLevel, InventoryMovement
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.orders.models import SalesOrder, Shipment
from openoms.orders.services.allocation import sales_order_allocate
from openoms.orders.services.orders import sales_order_create
from tests.concurrency import POSTGRES_RACE, in_parallel
from tests.orders.conftest import draft

pytestmark = POSTGRES_RACE
ORDERS = 50


def test_fifty_allocations_for_ten_units_allocate_exactly_ten(shop):
    # given 10 MUG at A (5 + 5) and 50 approved orders of one MUG each
    InventoryLevel.objects.filter(variant=shop.variants["MUG"], warehouse=shop.a).update(total=10)
    opening = InventoryMovement.objects.get(level__variant=shop.variants["MUG"])
    InventoryMovement.objects.filter(pk=opening.pk).update(change=10, resulting=10)
    orders = [
        sales_order_create(
            actor=shop.actor,
            account=shop.account,
            draft=draft(f"R{n}", ("MUG", 1)),
            source="api",
            approve=True,
        ).pk
        for n in range(ORDERS)
    ]

    # when
    results, errors = in_parallel(
        lambda i: sales_order_allocate(actor=shop.actor, order=orders[i]) is not None, ORDERS
    )

    # then
    assert errors == []
    assert sorted(results) == [False] * 40 + [True] * 10
    level = InventoryLevel.objects.get(variant=shop.variants["MUG"], warehouse=shop.a)
    assert (level.total, level.allocated, level.available) == (10, 10, 0)
    assert Shipment.objects.count() == 10
    assert SalesOrder.objects.filter(backordered_since__isnull=False).count() == 40
    allocated = InventoryMovement.objects.filter(level=level, quantity="allocated")
    assert sorted(allocated.values_list("resulting", flat=True)) == list(range(1, 11))
    assert ledger_mismatches(account=shop.account) == []
