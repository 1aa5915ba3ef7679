"""Purchase order request bodies and read helpers for the purchase orders API tests (on top of
the ``shop`` fixture: TOR-1 and MTL-1 physical and enabled, CA-ALL virtual, VAN-1 not enabled;
the other organization has NYC-1 and its own TEE-RED-M)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.inventory.models import InventoryLevel
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderLine, Receipt
from openoms.purchasing.services.receipts import receipt_record
from openoms.tenancy.actor import Actor
from tests.api.helpers import api_post

POS = "/purchase-orders"


@pytest.fixture(name="po_shop")
def po_shop_fixture(shop):
    """The API tests' ``shop`` with the inbound carrier UPS (service GND) that purchase orders
    name; the other organization's account has it too."""
    for account in (shop.account, shop.other_variants["TEE-RED-M"].account):
        ups = Carrier.objects.create(account=account, code="UPS", name="UPS")
        CarrierService.objects.create(carrier=ups, code="GND", name="Ground")
    return shop


def po_body(number: str = "PO-1001", **fields: Any) -> dict[str, Any]:
    """A valid order of 10 TEE-RED-M for TOR-1 from Acme Textiles by UPS GND (``fields``
    replace or add)."""
    body = {
        "order_number": number,
        "warehouse": "TOR-1",
        "supplier": "Acme Textiles",
        "carrier": "UPS",
        "service": "GND",
        "lines": [{"sku": "TEE-RED-M", "quantity": 10}],
    }
    return body | fields


def create_po(client, key: str, number: str = "PO-1001", **fields: Any) -> dict[str, Any]:
    """POST a valid purchase order; returns the created order's JSON."""
    response = api_post(client, POS, po_body(number, **fields), key)
    assert response.status_code == 201, response.content
    return response.json()


def approved_po(client, key: str, number: str = "PO-1001", **fields: Any) -> dict[str, Any]:
    return create_po(client, key, number, approve=True, **fields)


def mark_sent(order_id: int, channel=None) -> PurchaseOrder:
    """The order as the fulfillment channel accepted it (rows written directly, as the Send
    Purchase Orders job would leave them)."""
    PurchaseOrder.objects.filter(pk=order_id).update(
        status="sent",
        channel=channel,
        external_ref=f"WRO-{order_id}",
        sent_at=timezone.now(),
        send_requested_at=None,
    )
    return PurchaseOrder.objects.get(pk=order_id)


def receive(order_id: int, quantities: dict[str, int], external_ref: str = "") -> Receipt | None:
    """A receipt of ``quantities`` by SKU, recorded as the Import Receipts job records it."""
    order = PurchaseOrder.objects.select_related("account").get(pk=order_id)
    lines = {line.sku: line.pk for line in order.lines.all()}
    received = {lines[sku]: quantity for sku, quantity in quantities.items()}
    return receipt_record(
        actor=Actor.system("test"), order=order, received=received, external_ref=external_ref
    )


def pos_state(account) -> list[tuple]:
    """Every purchase order of the account with its status and lines (to prove nothing
    changed)."""
    orders = PurchaseOrder.objects.filter(account=account).order_by("pk")
    return [
        (o.pk, o.order_number, o.status, o.send_requested_at, o.last_error, o.updated_at)
        for o in orders
    ] + list(
        PurchaseOrderLine.objects.filter(order__account=account)
        .order_by("pk")
        .values_list("pk", "quantity", "received", "lot_number", "serial_number")
    )


def incoming(variant, warehouse) -> tuple[int, int]:
    """(total, incoming) of a variant in a warehouse; (0, 0) without a level."""
    row = InventoryLevel.objects.filter(variant=variant, warehouse=warehouse).first()
    return (row.total, row.incoming) if row else (0, 0)
