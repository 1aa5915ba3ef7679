"""Contract tests without network: every request the ShipBob connector can build (captured by an
``httpx.MockTransport``) is valid against ShipBob's OpenAPI file 2026-01, and a misspelt field
or parameter makes the check fail."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest

from openoms.connectors.base import ChannelAccess
from openoms.connectors.fulfillment_types import (
    FulfillmentOrder,
    OrderLine,
    ReceivingLine,
    ReceivingOrderDraft,
)
from openoms.connectors.order_types import PostalAddress
from openoms.connectors.shipbob import ShipBob
from openoms.connectors.shipbob.ratelimit import SlidingWindow
from openoms.connectors.types import ProductData
from tests.connectors.shipbob.openapi import contract

VARIANT = {
    "id": 2,
    "sku": "MUG-1",
    "name": "Mug",
    "inventory": {"inventory_id": 3, "on_hand_qty": 4},
    "weight": {"weight": 8.0, "unit": "oz"},
}
PRODUCT = {"id": 1, "name": "Mug", "variants": [VARIANT]}
SHIPMENT = {
    "id": 50,
    "order_id": 40,
    "reference_id": "SH-1",
    "status": "Completed",
    "last_update_at": "2026-01-05T10:00:00Z",
    "location": {"id": 10, "name": "East"},
    "products": [{"id": 1, "sku": "MUG-1", "inventory_items": [{"id": 3, "quantity": 2}]}],
    "tracking": {"carrier": "USPS", "tracking_number": "9400", "tracking_url": "https://t/9400"},
}
ORDER = {
    "id": 40,
    "reference_id": "SH-1",
    "status": "Fulfilled",
    "channel": {"id": 1},
    "shipments": [SHIPMENT],
}
WRO = {
    "id": 60,
    "status": "Processing",
    "purchase_order_number": "PO-1",
    "fulfillment_center": {"id": 10},
    "inventory_quantities": [
        {"inventory_id": 3, "sku": "MUG-1", "expected_quantity": 5, "received_quantity": 2}
    ],
}
ANSWERS = {
    ("GET", "/2026-01/channel"): (200, {"items": [{"id": 1, "name": "OpenOMS"}], "next": None}),
    ("GET", "/2026-01/product"): (200, {"items": [PRODUCT], "next": None}),
    ("POST", "/2026-01/product"): (201, PRODUCT),
    ("GET", "/2026-01/inventory-level/locations"): (
        200,
        {
            "items": [
                {
                    "inventory_id": 3,
                    "sku": "MUG-1",
                    "locations": [{"location_id": 10, "on_hand_quantity": 4}],
                }
            ],
            "next": None,
        },
    ),
    ("GET", "/2026-01/fulfillment-center"): (200, [{"id": 10, "name": "East"}]),
    ("POST", "/2026-01/order"): (422, {"reference_id": ["exists"]}),
    ("GET", "/2026-01/order"): (200, [ORDER]),
    ("GET", "/2026-01/order/40"): (200, ORDER),
    ("POST", "/2026-01/order/40:cancel"): (422, {"order_id": ["already picked"]}),
    ("GET", "/2026-01/order/40/shipment"): (200, [SHIPMENT]),
    ("GET", "/2026-01/receiving"): (200, []),
    ("POST", "/2026-01/receiving"): (201, WRO),
    ("GET", "/2026-01/receiving/60"): (200, WRO),
}
ADDRESS = PostalAddress(
    name="Ada Lovelace",
    company="Analytical Engines",
    address1="1 Main St",
    address2="Suite 2",
    city="Austin",
    state="TX",
    zip_code="78701",
    country="US",
    phone="+1 512 555 0100",
)
ORDER_SENT = FulfillmentOrder(
    reference="SH-1",
    lines=(OrderLine("MUG-1", 2, "Mug", Decimal("12.50"), 1), OrderLine("TEE-S", 1)),
    ship_to=ADDRESS,
    email="ada@example.com",
    shipping_method="Ground",
    order_number="SO-1001",
    purchase_date=datetime(2026, 1, 4, 9, 30, tzinfo=UTC),
    location="10",
    gift_message="Enjoy",
)
PO = ReceivingOrderDraft(
    reference="PO-1",
    location="10",
    expected_arrival=datetime(2026, 2, 1, 9, 0),
    lines=(ReceivingLine("MUG-1", 5, lot_number="LOT-7"),),
    package_type="Pallet",
    box_packaging="OneSkuPerBox",
    tracking_number="1Z999",
)
NEW_PRODUCTS = [
    ProductData(
        "TEE-S",
        "Tee",
        "S",
        barcode="012345678905",
        weight_g=Decimal(180),
        length_mm=Decimal(300),
        width_mm=Decimal(200),
        height_mm=Decimal(20),
        product_ref="7",
    ),
    ProductData("TEE-M", "Tee", "M", barcode="2000000000008", product_ref="7"),
    ProductData("MUG-1", "Mug"),
]


def connector(captured: list[httpx.Request]) -> ShipBob:
    def answer(request: httpx.Request) -> httpx.Response:
        captured.append(request)
        status, body = ANSWERS[(request.method, request.url.path)]
        return httpx.Response(status, json=body, headers={"x-remaining-calls": "140"})

    access = ChannelAccess({"api_token": "pat", "channel_id": "1"}, "channel 3")
    return ShipBob(
        access,
        window=SlidingWindow(clock=lambda: 0.0, sleep=lambda s: None),
        transport=httpx.MockTransport(answer),
    )


def every_request() -> list[httpx.Request]:
    """Drive every method of the connector once; the requests it sent."""
    captured: list[httpx.Request] = []
    shipbob = connector(captured)
    shipbob.refresh_authorization()
    list(shipbob.fetch_products())
    shipbob.push_products(NEW_PRODUCTS)
    shipbob.fetch_inventory(["MUG-1"], ["10", "11"])
    shipbob.fulfillment_centers()
    shipbob.order_send(ORDER_SENT)
    shipbob.order_cancel("40")
    shipbob.shipments("40")
    shipbob.shipments_since(datetime(2026, 1, 1, tzinfo=UTC))
    shipbob.receiving_order_send(PO)
    shipbob.receiving_order("60")
    return captured


def test_every_request_the_connector_builds_is_valid_against_the_openapi_file():
    # when
    captured = every_request()
    # then
    operations = [contract().match(r.method, r.url.path) for r in captured]
    assert sorted({op.spec["operationId"] for op in operations}) == [
        "cancel-order",
        "create-order",
        "create-product",
        "create-warehouse-receiving-order",
        "get-all-inventory-levels-grouped-by-fulfillment-center",
        "get-all-shipments-for-order",
        "get-channels",
        "get-fulfillment-centers",
        "get-multiple-warehouse-receiving-orders",
        "get-order",
        "get-orders",
        "get-products",
        "get-warehouse-receiving-order",
    ]
    assert {str(r.url): contract().errors(r) for r in captured} == {
        str(r.url): [] for r in captured
    }


def test_the_bodies_carry_what_openoms_sent():
    # when
    captured = every_request()
    # then
    bodies = {(r.method, r.url.path): json.loads(r.content) for r in captured if r.content}
    order = bodies["POST", "/2026-01/order"]
    assert order == {
        "reference_id": "SH-1",
        "shipping_method": "Ground",
        "type": "DTC",
        "order_number": "SO-1001",
        "gift_message": "Enjoy",
        "purchase_date": "2026-01-04T09:30:00Z",
        "location_id": 10,
        "recipient": {
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "phone_number": "+1 512 555 0100",
            "address": {
                "address1": "1 Main St",
                "address2": "Suite 2",
                "city": "Austin",
                "state": "TX",
                "zip_code": "78701",
                "country": "US",
                "company_name": "Analytical Engines",
            },
        },
        "products": [
            {
                "reference_id": "MUG-1",
                "name": "Mug",
                "quantity": 2,
                "unit_price": 12.5,
                "external_line_id": 1,
            },
            {"reference_id": "TEE-S", "name": "TEE-S", "quantity": 1},
        ],
    }
    assert bodies["POST", "/2026-01/product"] == {
        "name": "Tee",
        "type_id": "1",
        "variants": [
            {
                "sku": "TEE-S",
                "name": "S",
                "upc": "012345678905",
                "weight": 6.3493,
                "dimension": {"length": 11.811, "width": 7.874, "height": 0.787},
            },
            {"sku": "TEE-M", "name": "M", "gtin": "2000000000008"},
        ],
    }
    assert bodies["POST", "/2026-01/receiving"] == {
        "fulfillment_center": {"id": 10},
        "package_type": "Pallet",
        "box_packaging_type": "OneSkuPerBox",
        "expected_arrival_date": "2026-02-01T09:00:00Z",
        "purchase_order_number": "PO-1",
        "boxes": [
            {
                "tracking_number": "1Z999",
                "box_items": [{"inventory_id": 3, "quantity": 5, "lot_number": "LOT-7"}],
            }
        ],
    }
    headers = {(r.method, r.url.path): r.headers for r in captured}
    assert headers["POST", "/2026-01/order"]["shipbob_channel_id"] == "1"
    assert headers["GET", "/2026-01/product"]["authorization"] == "Bearer pat"


@pytest.mark.parametrize(
    ("misspelt", "expected"),
    [
        (
            lambda body: body | {"referenceid": body.pop("reference_id")},
            [
                "POST /2026-01/order: body (root): 'reference_id' is a required property",
                "POST /2026-01/order: body (root): Unevaluated properties are not allowed "
                "('referenceid' was unexpected)",
            ],
        ),
        (
            lambda body: body | {"recipient": body["recipient"] | {"zip": "78701"}},
            [
                "POST /2026-01/order: body recipient: Unevaluated properties are not allowed "
                "('zip' was unexpected)"
            ],
        ),
    ],
)
def test_a_misspelt_field_fails_the_check(misspelt, expected):
    # given: the order the connector sends, with one field misspelt
    sent = next(r for r in every_request() if r.method == "POST" and r.url.path.endswith("order"))
    body = misspelt(json.loads(sent.content))
    wrong = httpx.Request("POST", sent.url, headers=sent.headers, json=body)
    # then
    assert contract().errors(sent) == []
    assert sorted(contract().errors(wrong)) == sorted(expected)


def test_a_misspelt_parameter_or_a_missing_header_fails_the_check():
    # given
    orders = "https://api.shipbob.com/2026-01/order"
    auth = {"Authorization": "Bearer pat"}
    # then
    assert contract().errors(httpx.Request("GET", orders, params={"ReferenceId": "A"})) == [
        "GET /2026-01/order: query parameter ReferenceId is not declared",
        "GET /2026-01/order: required header parameter Authorization missing",
    ]
    assert contract().errors(
        httpx.Request("POST", orders, headers=auth | {"shipbob_channel_id": "x"}, json={})
    )[:1] == [
        "POST /2026-01/order: header shipbob_channel_id='x': (root): None is not of type 'string'"
    ]
    assert contract().errors(httpx.Request("GET", "https://api.shipbob.com/2026-01/orders")) == [
        "no operation GET /2026-01/orders"
    ]
