"""Sales order request bodies and read helpers for the sales orders API tests."""

from __future__ import annotations

from typing import Any

import pytest

from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.inventory.models import InventoryLevel
from openoms.orders.models import SalesOrder, SalesOrderLine, Shipment
from tests.api.helpers import api_post

ORDERS = "/sales-orders"


@pytest.fixture(name="order_shop")
def order_shop_fixture(shop):
    """The API tests' ``shop`` with the carrier UPS (service GND) that orders name; the other
    organization's account has it too."""
    for account in (shop.account, shop.other_variants["TEE-RED-M"].account):
        ups = Carrier.objects.create(account=account, code="UPS", name="UPS")
        CarrierService.objects.create(carrier=ups, code="GND", name="Ground")
    return shop


def order_body(number: str = "SO-1001", **fields: Any) -> dict[str, Any]:
    """A valid order of 2 TEE-RED-M at 19.90 to Toronto by UPS GND (``fields`` replace or add)."""
    body = {
        "order_number": number,
        "carrier": "UPS",
        "service": "GND",
        "ship_to": {"name": "Ada Lovelace", "city": "Toronto", "country": "CA"},
        "lines": [{"sku": "TEE-RED-M", "quantity": 2, "price": "19.90"}],
    }
    return body | fields


def create_order(client, key: str, number: str = "SO-1001", **fields: Any) -> dict[str, Any]:
    """POST a valid order; returns the created order's JSON."""
    response = api_post(client, ORDERS, order_body(number, **fields), key)
    assert response.status_code == 201, response.content
    return response.json()


def approved_order(client, key: str, number: str = "SO-1001", **fields: Any) -> dict[str, Any]:
    return create_order(client, key, number, approve=True, **fields)


def orders_state(account) -> list[tuple]:
    """Every order of the account with its status, flags and lines (to prove nothing changed)."""
    orders = SalesOrder.objects.filter(account=account).order_by("pk")
    return [
        (o.pk, o.order_number, o.status, o.backordered_since, o.cancel_requested_at, o.last_error)
        for o in orders
    ] + list(
        SalesOrderLine.objects.filter(order__account=account)
        .order_by("pk")
        .values_list("pk", "quantity", "shipped")
    )


def shipments_state(account) -> list[tuple]:
    rows = Shipment.objects.filter(account=account).order_by("pk")
    return [(s.pk, s.status, list(s.lines.values_list("shipped", flat=True))) for s in rows]


def level(variant, warehouse) -> tuple[int, int]:
    """(total, allocated) of a variant in a warehouse."""
    row = InventoryLevel.objects.get(variant=variant, warehouse=warehouse)
    return row.total, row.allocated
