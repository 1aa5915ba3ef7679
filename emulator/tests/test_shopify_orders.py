"""Orders: the simulated checkout, the reads the connector uses (``updated_at`` filter, sort,
pages), cancel and edit, fulfillment orders and ``fulfillmentCreate`` (partial, complete, over)."""

from __future__ import annotations

import pytest

from . import shopify_fixtures as fx
from .shopify_fixtures import quantities

client, clock, running, shopify_schema = fx.client, fx.clock, fx.running, fx.shopify_schema

ORDERS = """query O($query: String, $after: String) {
  orders(first: 2, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { id name updatedAt cancelledAt email displayFulfillmentStatus }
  }
}"""
ORDER = """query O($id: ID!) {
  order(id: $id) {
    id name email phone currencyCode createdAt updatedAt cancelledAt displayFulfillmentStatus
    customer { id email firstName lastName displayName }
    shippingAddress { name address1 city provinceCode zip countryCodeV2 }
    totalPriceSet { shopMoney { amount currencyCode } }
    lineItems(first: 10) { nodes { id sku quantity unfulfilledQuantity
      originalUnitPriceSet { shopMoney { amount currencyCode } } } }
    fulfillmentOrders(first: 5) { nodes { id status assignedLocation { location { id } }
      lineItems(first: 10) { nodes { id sku totalQuantity remainingQuantity lineItem { id } } } } }
    fulfillments { name status totalQuantity trackingInfo { company number url } }
  }
}"""
CREATE = """mutation F($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id name status trackingInfo { company number url } }
    userErrors { field message }
  }
}"""
ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "address1": "1 Analytical St",
    "city": "London",
    "province_code": "LND",
    "zip": "N1 1AA",
    "country_code": "GB",
}


@pytest.fixture
def stock(client) -> dict:
    return client.control(
        "seed",
        {
            "locations": [{"name": "Main"}, {"name": "Overflow"}],
            "products": [
                {
                    "title": "Shirt",
                    "variants": [
                        {
                            "sku": "SH-S",
                            "option": "S",
                            "price": "12.50",
                            "levels": [{"location": "Main", "available": 10}],
                        },
                        {
                            "sku": "SH-M",
                            "option": "M",
                            "price": "14.00",
                            "levels": [{"location": "Overflow", "available": 4}],
                        },
                    ],
                }
            ],
        },
    )


def checkout(client, lines, email="ada@example.com", **extra) -> dict:
    body = {
        "line_items": [{"sku": sku, "quantity": qty} for sku, qty in lines],
        "customer": {"email": email, "first_name": "Ada", "last_name": "Lovelace"},
        "shipping_address": ADDRESS,
        **extra,
    }
    return client.control("orders", body)


def item_of(stock, index):
    return stock["products"][0]["variants"][index]["inventoryItemId"]


def test_a_checkout_commits_stock_and_reads_back_as_an_order(client, stock):
    created = checkout(client, [("SH-S", 3), ("SH-M", 1)])
    assert created["name"] == "#1001" and len(created["fulfillment_orders"]) == 2
    main, overflow = (loc["id"] for loc in stock["locations"])
    assert quantities(client, item_of(stock, 0), main) == {
        "available": 7,
        "on_hand": 10,
        "committed": 3,
    }
    order = client.data(ORDER, {"id": created["id"]})["order"]
    assert order["customer"]["displayName"] == "Ada Lovelace"
    assert order["shippingAddress"] == {
        "name": "Ada Lovelace",
        "address1": "1 Analytical St",
        "city": "London",
        "provinceCode": "LND",
        "zip": "N1 1AA",
        "countryCodeV2": "GB",
    }
    assert order["totalPriceSet"] == {"shopMoney": {"amount": "51.50", "currencyCode": "USD"}}
    assert [
        (li["sku"], li["quantity"], li["unfulfilledQuantity"]) for li in order["lineItems"]["nodes"]
    ] == [
        ("SH-S", 3, 3),
        ("SH-M", 1, 1),
    ]
    assert order["lineItems"]["nodes"][0]["originalUnitPriceSet"]["shopMoney"]["amount"] == "12.50"
    by_location = {
        fo["assignedLocation"]["location"]["id"]: fo for fo in order["fulfillmentOrders"]["nodes"]
    }
    assert by_location[overflow]["status"] == "OPEN"
    assert [
        (li["sku"], li["totalQuantity"], li["remainingQuantity"])
        for li in by_location[main]["lineItems"]["nodes"]
    ] == [("SH-S", 3, 3)]
    assert (order["displayFulfillmentStatus"], order["fulfillments"]) == ("UNFULFILLED", [])
    state = client.request("GET", "/_emulator/state")[1]
    assert [(o["name"], o["lines"]) for o in state["orders"]] == [
        ("#1001", [{"sku": "SH-S", "quantity": 3}, {"sku": "SH-M", "quantity": 1}])
    ]


def test_a_checkout_without_stock_or_with_an_unknown_sku_changes_nothing(client, stock):
    status, body = client.request(
        "POST",
        "/_emulator/orders",
        {"line_items": [{"sku": "SH-S", "quantity": 2}, {"sku": "SH-M", "quantity": 5}]},
    )
    assert (status, body) == (400, {"error": "not enough stock of SH-M (available 4)"})
    status, body = client.request(
        "POST", "/_emulator/orders", {"line_items": [{"sku": "NOPE", "quantity": 1}]}
    )
    assert (status, body) == (400, {"error": "unknown SKU 'NOPE'"})
    assert quantities(client, item_of(stock, 0), stock["locations"][0]["id"])["available"] == 10
    assert client.data(ORDERS)["orders"]["nodes"] == []


def test_orders_updated_since_pages_by_updated_at(client, stock, clock):
    first = checkout(client, [("SH-S", 1)])
    clock.advance(10)
    second = checkout(client, [("SH-S", 1)], email="b@example.com")
    clock.advance(10)
    third = checkout(client, [("SH-S", 1)], email="c@example.com")
    since = client.data(ORDER, {"id": second["id"]})["order"]["updatedAt"]
    clock.advance(10)
    client.control("orders/edit", {"id": first["id"], "email": "new@example.com"})
    page = client.data(ORDERS, {"query": f"updated_at:>={since}"})["orders"]
    assert [o["id"] for o in page["nodes"]] == [second["id"], third["id"]]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = client.data(
        ORDERS, {"query": f"updated_at:>='{since}'", "after": page["pageInfo"]["endCursor"]}
    )
    assert [(o["id"], o["email"]) for o in rest["orders"]["nodes"]] == [
        (first["id"], "new@example.com")
    ]
    assert rest["orders"]["pageInfo"]["hasNextPage"] is False
    later = client.data(ORDERS, {"query": f"updated_at:>{since}"})["orders"]["nodes"]
    assert [o["id"] for o in later] == [third["id"], first["id"]]


def test_cancel_releases_the_committed_stock(client, stock, clock):
    created = checkout(client, [("SH-S", 4)])
    clock.advance(5)
    client.control("orders/cancel", {"id": created["id"], "reason": "customer"})
    order = client.data(ORDER, {"id": created["id"]})["order"]
    assert order["cancelledAt"] == order["updatedAt"] != order["createdAt"]
    assert [fo["status"] for fo in order["fulfillmentOrders"]["nodes"]] == ["CANCELLED"]
    assert quantities(client, item_of(stock, 0), stock["locations"][0]["id"]) == {
        "available": 10,
        "on_hand": 10,
        "committed": 0,
    }
    status, body = client.request("POST", "/_emulator/orders/cancel", {"id": created["id"]})
    assert (status, body) == (400, {"error": "order #1001 is already cancelled"})


def _fulfillment_order(client, order_id):
    order = client.data(ORDER, {"id": order_id})["order"]
    return order["fulfillmentOrders"]["nodes"][0]


def test_partial_then_complete_fulfillment_with_tracking(client, stock):
    created = checkout(client, [("SH-S", 3)])
    fo = _fulfillment_order(client, created["id"])
    line = fo["lineItems"]["nodes"][0]
    partial = {
        "lineItemsByFulfillmentOrder": [
            {
                "fulfillmentOrderId": fo["id"],
                "fulfillmentOrderLineItems": [{"id": line["id"], "quantity": 1}],
            }
        ],
        "trackingInfo": {"company": "UPS", "number": "1Z1", "url": "https://ups.example/1Z1"},
        "notifyCustomer": False,
    }
    result = client.data(CREATE, {"fulfillment": partial})["fulfillmentCreate"]
    assert result["userErrors"] == []
    assert (result["fulfillment"]["name"], result["fulfillment"]["status"]) == (
        "#1001.1",
        "SUCCESS",
    )
    order = client.data(ORDER, {"id": created["id"]})["order"]
    assert order["displayFulfillmentStatus"] == "PARTIALLY_FULFILLED"
    assert order["fulfillmentOrders"]["nodes"][0]["status"] == "IN_PROGRESS"
    assert order["fulfillmentOrders"]["nodes"][0]["lineItems"]["nodes"][0]["remainingQuantity"] == 2
    main = stock["locations"][0]["id"]
    assert quantities(client, item_of(stock, 0), main) == {
        "available": 7,
        "on_hand": 9,
        "committed": 2,
    }
    rest = {
        "lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": fo["id"]}],
        "trackingInfo": {"company": "DHL", "numbers": ["D1", "D2"]},
    }
    assert client.data(CREATE, {"fulfillment": rest})["fulfillmentCreate"]["userErrors"] == []
    order = client.data(ORDER, {"id": created["id"]})["order"]
    assert order["displayFulfillmentStatus"] == "FULFILLED"
    assert order["fulfillmentOrders"]["nodes"][0]["status"] == "CLOSED"
    assert order["fulfillments"] == [
        {
            "name": "#1001.1",
            "status": "SUCCESS",
            "totalQuantity": 1,
            "trackingInfo": [{"company": "UPS", "number": "1Z1", "url": "https://ups.example/1Z1"}],
        },
        {
            "name": "#1001.2",
            "status": "SUCCESS",
            "totalQuantity": 2,
            "trackingInfo": [
                {"company": "DHL", "number": "D1", "url": None},
                {"company": "DHL", "number": "D2", "url": None},
            ],
        },
    ]
    assert quantities(client, item_of(stock, 0), main) == {
        "available": 7,
        "on_hand": 7,
        "committed": 0,
    }


def test_over_fulfilment_and_closed_orders_are_user_errors(client, stock):
    created = checkout(client, [("SH-S", 2)])
    fo = _fulfillment_order(client, created["id"])
    line = fo["lineItems"]["nodes"][0]
    too_many = {
        "lineItemsByFulfillmentOrder": [
            {
                "fulfillmentOrderId": fo["id"],
                "fulfillmentOrderLineItems": [{"id": line["id"], "quantity": 3}],
            }
        ]
    }
    result = client.data(CREATE, {"fulfillment": too_many})["fulfillmentCreate"]
    assert result == {
        "fulfillment": None,
        "userErrors": [
            {
                "field": [
                    "fulfillment",
                    "lineItemsByFulfillmentOrder",
                    "0",
                    "fulfillmentOrderLineItems",
                    "0",
                    "quantity",
                ],
                "message": "Invalid fulfillment order line item quantity requested.",
            }
        ],
    }
    assert quantities(client, item_of(stock, 0), stock["locations"][0]["id"])["committed"] == 2
    whole = {"lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": fo["id"]}]}
    assert client.data(CREATE, {"fulfillment": whole})["fulfillmentCreate"]["userErrors"] == []
    [error] = client.data(CREATE, {"fulfillment": whole})["fulfillmentCreate"]["userErrors"]
    assert error["message"] == f"Fulfillment order {fo['id']} is not in an open state."
    missing = {
        "lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": "gid://shopify/FulfillmentOrder/1"}]
    }
    [error] = client.data(CREATE, {"fulfillment": missing})["fulfillmentCreate"]["userErrors"]
    assert error == {
        "field": ["fulfillment", "lineItemsByFulfillmentOrder", "0", "fulfillmentOrderId"],
        "message": "Fulfillment order does not exist.",
    }


SHIPPING = """query O($id: ID!) {
  order(id: $id) {
    shippingLine { title code source originalPriceSet { shopMoney { amount currencyCode } } }
  }
}"""


def test_the_shipping_line_is_the_one_given_else_standard_shipping_and_null_means_none(
    client, stock
):
    # given
    given = checkout(
        client, [("SH-S", 1)], shipping_line={"title": "UPS Ground", "code": "03", "price": "7.5"}
    )
    default = checkout(client, [("SH-S", 1)])
    pickup = checkout(client, [("SH-S", 1)], shipping_line=None)
    # when
    lines = [client.data(SHIPPING, {"id": o["id"]})["order"] for o in (given, default, pickup)]
    # then
    usd = {"shopMoney": {"amount": "7.5", "currencyCode": "USD"}}
    assert lines[0]["shippingLine"] == {
        "title": "UPS Ground",
        "code": "03",
        "source": "shopify",
        "originalPriceSet": usd,
    }
    assert lines[1]["shippingLine"] == {
        "title": "Standard Shipping",
        "code": "Standard Shipping",
        "source": "shopify",
        "originalPriceSet": {"shopMoney": {"amount": "0.00", "currencyCode": "USD"}},
    }
    assert lines[2] == {"shippingLine": None}


def test_a_shipping_line_without_a_title_is_refused_and_changes_nothing(client, stock):
    # when
    status, body = client.request(
        "POST",
        "/_emulator/orders",
        {"line_items": [{"sku": "SH-S", "quantity": 1}], "shipping_line": {"code": "X"}},
    )
    # then
    assert (status, body) == (400, {"error": "a shipping line must be an object with a title"})
    assert quantities(client, item_of(stock, 0), stock["locations"][0]["id"])["available"] == 10
    assert client.data(ORDERS)["orders"]["nodes"] == []


def test_the_shipping_line_costs_one_point(client, stock):
    # given
    placed = checkout(client, [("SH-S", 1)])
    # when
    status, body = client.gql(SHIPPING, {"id": placed["id"]})
    # then: order 1 + shippingLine 1 + originalPriceSet 1 + shopMoney 1
    assert status == 200
    assert body["extensions"]["cost"]["requestedQueryCost"] == 4
