"""Fixtures of the purchase order work's tests: the ShipBob emulator over real HTTP, and the
shipment tests' account (warehouse CHI served by a ShipBob channel on it, CHI → fulfillment
center 10, MUG known to ShipBob as MUG-1, TEE-S as itself, carriers UPS / GND); builders of
purchase orders asked to be sent, and readers of the emulator's receiving orders."""

from __future__ import annotations

import pytest

from openoms.inventory.models import InventoryLevel
from openoms.purchasing.drafts import PurchaseLineDraft, PurchaseOrderDraft
from openoms.purchasing.models import PurchaseOrder
from openoms.purchasing.services.purchase_orders import purchase_order_create
from openoms.purchasing.services.workflow import purchase_order_send
from openoms.tenancy.actor import Actor
from tests.sync.shipments.conftest import (
    Setup,
    emulator,
    emulator_server,
    seed_shipbob,
    shipbob_setup,
)

__all__ = ["emulator", "emulator_server"]

ACTOR = Actor.system("test")


@pytest.fixture
def shop(tenant, emulator) -> Setup:
    seed_shipbob(emulator)
    return shipbob_setup(tenant.account, emulator)


def to_send(account, number: str = "PO-1", *lines: tuple, warehouse: str = "CHI") -> PurchaseOrder:
    """A purchase order (MUG 10, TEE-S 5 by default) at CHI, approved and asked to be sent."""
    draft = PurchaseOrderDraft(
        order_number=number,
        warehouse=warehouse,
        lines=[PurchaseLineDraft(*line) for line in lines or (("MUG", 10), ("TEE-S", 5))],
        carrier="UPS",
        service="GND",
    )
    order = purchase_order_create(
        actor=ACTOR, account=account, draft=draft, source="api", approve=True
    )
    return purchase_order_send(actor=ACTOR, order=order)


def fresh(order: PurchaseOrder) -> PurchaseOrder:
    return PurchaseOrder.objects.select_related("channel").get(pk=order.pk)


def wros(emulator) -> list[tuple[str, str]]:
    """(PO number, status) of every receiving order the emulator has."""
    listed = emulator.api("GET", "/receiving").json()
    return [(w["purchase_order_number"], w["status"]) for w in listed]


def wro_of(emulator, order: PurchaseOrder) -> dict:
    found = emulator.api("GET", f"/receiving/{fresh(order).external_ref}")
    assert found.status_code == 200, found.text
    return found.json()


def receive(emulator, order: PurchaseOrder, **quantities: int) -> None:
    """The warehouse receives these (ShipBob SKU → units; all that is expected when none)."""
    body: dict = {"wro_id": int(fresh(order).external_ref)}
    if quantities:
        body["lines"] = [{"sku": sku, "quantity": qty} for sku, qty in quantities.items()]
    emulator.control("receive", body)


def stock(setup: Setup, sku: str) -> tuple[int, int]:
    """(total, incoming) of ``sku`` at CHI."""
    found = InventoryLevel.objects.get(variant=setup.variants[sku], warehouse=setup.chi)
    return found.total, found.incoming
