"""Another account's orders and shipments are invisible and untouchable by API (404 on every
read and action, nothing changed); the lists run the same number of queries for 1 and 20
orders."""

from __future__ import annotations

import pytest

from openoms.inventory.models import InventoryLevel
from openoms.orders.models import SalesOrder, Shipment
from openoms.tenancy.permissions import API_KEY, PERMISSION_DESCRIPTIONS, PERMISSIONS, Perm
from tests.api.helpers import api_get, api_post, error
from tests.api.sales_order_data import (  # noqa: F401
    ORDERS,
    approved_order,
    create_order,
    order_body,
    order_shop_fixture,
    orders_state,
    shipments_state,
)
from tests.factories import make_api_key

NOT_FOUND_ORDER = error("not_found", "Sales order not found.")
NOT_FOUND_SHIPMENT = error("not_found", "Shipment not found.")


@pytest.fixture
def theirs(client, order_shop, other_api_key, other_tenant):
    """The other organization's order, allocated at NYC-1 (its own TEE-RED-M), and a Draft."""
    order = approved_order(client, other_api_key, "THEIRS-1", warehouse="NYC-1")
    allocation = api_post(client, f"{ORDERS}/{order['id']}/allocate", {}, other_api_key).json()
    draft = api_post(
        client,
        ORDERS,
        {
            "order_number": "THEIRS-2",
            "carrier": "UPS",
            "service": "GND",
            "ship_to": {},
            "lines": [{"sku": "THEIRS-1", "quantity": 1}],
        },
        other_api_key,
    ).json()
    return {"order": allocation["order"], "shipment": allocation["shipment"], "draft": draft}


def state(tenant) -> tuple:
    return orders_state(tenant.account), shipments_state(tenant.account)


def test_another_accounts_orders_and_shipments_are_not_listed(
    client, theirs, api_key, other_api_key
):
    # when
    orders = api_get(client, ORDERS, api_key).json()
    shipments = api_get(client, "/shipments", api_key).json()
    export = api_get(client, f"{ORDERS}/export", api_key)
    their_list = api_get(client, ORDERS, other_api_key).json()

    # then
    assert (orders["count"], orders["items"]) == (0, [])
    assert (shipments["count"], shipments["items"]) == (0, [])
    assert b"THEIRS" not in export.getvalue()
    assert sorted(item["order_number"] for item in their_list["items"]) == ["THEIRS-1", "THEIRS-2"]


@pytest.mark.parametrize(
    ("method", "address", "body"),
    [
        ("get", "/sales-orders/{order}", None),
        ("post", "/sales-orders/{order}/allocate", {}),
        ("post", "/sales-orders/{order}/cancel", {}),
        ("post", "/sales-orders/{draft}/approve", {}),
        ("post", "/sales-orders/{draft}/cancel", {}),
    ],
)
def test_another_accounts_order_is_404_on_every_read_and_action(
    client, theirs, api_key, other_tenant, method, address, body
):
    # given
    before = state(other_tenant)
    path = address.format(order=theirs["order"]["id"], draft=theirs["draft"]["id"])

    # when
    if method == "get":
        response = api_get(client, path, api_key)
    else:
        response = api_post(client, path, body, api_key)

    # then
    assert response.status_code == 404
    assert response.json() == NOT_FOUND_ORDER
    assert state(other_tenant) == before


@pytest.mark.parametrize(
    ("method", "action", "body"),
    [
        ("get", "", None),
        ("post", "/cancel", {}),
        ("post", "/ship", {"lines": [{"sku": "TEE-RED-M", "shipped": 2}]}),
    ],
)
def test_another_accounts_shipment_is_404_on_every_read_and_action(
    client, theirs, api_key, other_tenant, method, action, body
):
    # given
    before = state(other_tenant)
    path = f"/shipments/{theirs['shipment']['id']}{action}"

    # when
    if method == "get":
        response = api_get(client, path, api_key)
    else:
        response = api_post(client, path, body, api_key)

    # then
    assert response.status_code == 404
    assert response.json() == NOT_FOUND_SHIPMENT
    assert state(other_tenant) == before
    assert Shipment.objects.get(pk=theirs["shipment"]["id"]).status == "ready_to_send"


def test_the_second_account_of_the_same_organization_is_another_tenant(
    client, order_shop, api_key, tenant
):
    # given an order of our account
    order = approved_order(client, api_key)
    second_key = make_api_key(tenant.second_account)

    # when
    read = api_get(client, f"{ORDERS}/{order['id']}", second_key)
    cancel = api_post(client, f"{ORDERS}/{order['id']}/cancel", {}, second_key)

    # then
    assert (read.status_code, cancel.status_code) == (404, 404)
    assert SalesOrder.objects.get(pk=order["id"]).status == "approved"


def add_orders(client, key: str, start: int, stop: int) -> None:
    """Orders QCROW<n>, each allocated (one shipment of two lines)."""
    for number in range(start, stop):
        order = approved_order(
            client,
            key,
            f"QCROW{number:03d}",
            warehouse="TOR-1",
            lines=[{"sku": "TEE-RED-M", "quantity": 1}, {"sku": "TEE-RED-M", "quantity": 1}],
        )
        assert api_post(client, f"{ORDERS}/{order['id']}/allocate", {}, key).status_code == 200


@pytest.mark.parametrize(("address", "queries"), [(ORDERS, 4), ("/shipments", 6)])
def test_the_lists_run_the_same_queries_for_1_and_20_orders(
    client, order_shop, api_key, django_assert_num_queries, address, queries
):
    # given
    InventoryLevel.objects.filter(warehouse=order_shop.warehouses["TOR-1"]).update(total=100)
    built = 0
    for size in (1, 20):
        add_orders(client, api_key, built, size)
        built = size
        api_get(client, f"{address}?page_size=200", api_key)  # the key's last use is written

        # when
        with django_assert_num_queries(queries):
            response = api_get(client, f"{address}?page_size=200", api_key)

        # then
        assert response.status_code == 200
        assert response.json()["count"] == size
        assert len(response.json()["items"]) == size


GUARDED = [
    (Perm.ORDERS_VIEW, "get", "/sales-orders"),
    (Perm.ORDERS_VIEW, "get", "/sales-orders/export"),
    (Perm.ORDERS_VIEW, "get", "/sales-orders/{order}"),
    (Perm.ORDERS_VIEW, "get", "/shipments"),
    (Perm.ORDERS_VIEW, "get", "/shipments/{shipment}"),
    (Perm.ORDERS_MANAGE, "post", "/sales-orders"),
    (Perm.ORDERS_MANAGE, "post", "/sales-orders/{draft}/approve"),
    (Perm.ORDERS_MANAGE, "post", "/sales-orders/{approved}/allocate"),
    (Perm.ORDERS_MANAGE, "post", "/sales-orders/{order}/cancel"),
    (Perm.ORDERS_MANAGE, "post", "/shipments/{shipment}/cancel"),
    (Perm.ORDERS_MANAGE, "post", "/shipments/{shipment}/ship"),
]


@pytest.mark.parametrize(("perm", "method", "address"), GUARDED)
def test_without_its_permission_row_a_request_is_403_and_changes_nothing(
    client, order_shop, api_key, tenant, monkeypatch, perm, method, address
):
    # given an allocated order, an approved one and a draft; the row no longer granted
    draft = create_order(client, api_key, "SO-D")
    approved = approved_order(client, api_key, "SO-A", warehouse="TOR-1")
    allocated = approved_order(client, api_key, "SO-F", warehouse="TOR-1")
    shipment = api_post(client, f"{ORDERS}/{allocated['id']}/allocate", {}, api_key).json()
    path = address.format(
        order=allocated["id"],
        draft=draft["id"],
        approved=approved["id"],
        shipment=shipment["shipment"]["id"],
    )
    bodies = {
        "/sales-orders": order_body("SO-NEW"),
        "/ship": {"lines": [{"sku": "TEE-RED-M", "shipped": 2}]},
    }
    body = next((b for end, b in bodies.items() if path.endswith(end)), {})
    monkeypatch.setitem(PERMISSIONS, perm, PERMISSIONS[perm] - {API_KEY})
    before = state(tenant)

    # when
    if method == "get":
        response = api_get(client, path, api_key)
    else:
        response = api_post(client, path, body, api_key)

    # then
    assert response.status_code == 403
    assert response.json() == error(
        "permission_denied", f"An API key may not do this: {PERMISSION_DESCRIPTIONS[perm].lower()}."
    )
    assert state(tenant) == before
