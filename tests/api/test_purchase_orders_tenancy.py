"""Another account's purchase orders are invisible and untouchable by API (404 on every read and
action, nothing changed); each permission row guards its routes (403, nothing changed); the
list runs the same number of queries for 1 and 20 orders."""

from __future__ import annotations

import pytest

from openoms.inventory.models import InventoryLevel
from openoms.tenancy.permissions import API_KEY, PERMISSION_DESCRIPTIONS, PERMISSIONS, Perm
from tests.api.helpers import api_get, api_patch, api_post, error
from tests.api.purchase_order_data import (  # noqa: F401
    POS,
    approved_po,
    create_po,
    mark_sent,
    po_body,
    po_shop_fixture,
    pos_state,
    receive,
)
from tests.factories import make_api_key

NOT_FOUND = error("not_found", "Purchase order not found.")


@pytest.fixture
def theirs(client, po_shop, other_api_key):
    """The other organization's Draft and its approved order (at NYC-1, its own TEE-RED-M)."""
    draft = create_po(client, other_api_key, "THEIRS-1", warehouse="NYC-1")
    approved = approved_po(client, other_api_key, "THEIRS-2", warehouse="NYC-1")
    return {"draft": draft, "approved": approved}


def test_another_accounts_orders_are_not_listed_nor_exported(
    client, theirs, api_key, other_api_key
):
    # when
    mine = api_get(client, POS, api_key).json()
    searched = api_get(client, f"{POS}?q=THEIRS", api_key).json()
    export = api_get(client, f"{POS}/export", api_key)
    their_list = api_get(client, POS, other_api_key).json()

    # then
    assert (mine["count"], mine["items"]) == (0, [])
    assert searched["count"] == 0
    assert b"THEIRS" not in export.getvalue()
    assert sorted(item["order_number"] for item in their_list["items"]) == [
        "THEIRS-1",
        "THEIRS-2",
    ]


@pytest.mark.parametrize(
    ("method", "address"),
    [
        ("get", "{draft}"),
        ("post", "{draft}/approve"),
        ("post", "{approved}/send"),
        ("post", "{approved}/cancel"),
        ("post", "{draft}/cancel"),
        ("patch", "{draft}/lines/{line}"),
    ],
)
def test_another_accounts_order_is_404_on_every_read_and_action(
    client, theirs, api_key, other_tenant, method, address
):
    # given
    before = pos_state(other_tenant.account)
    path = f"{POS}/" + address.format(
        draft=theirs["draft"]["id"],
        approved=theirs["approved"]["id"],
        line=theirs["draft"]["lines"][0]["id"],
    )

    # when
    if method == "get":
        response = api_get(client, path, api_key)
    elif method == "patch":
        response = api_patch(client, {"lot_number": "MINE"}, api_key, path)
    else:
        response = api_post(client, path, {}, api_key)

    # then
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert pos_state(other_tenant.account) == before


def test_our_line_under_their_order_and_their_line_under_ours_are_404(
    client, theirs, api_key, other_tenant, tenant
):
    # given
    ours = create_po(client, api_key)
    before = pos_state(other_tenant.account), pos_state(tenant.account)
    their_line = theirs["draft"]["lines"][0]["id"]

    # when
    response = api_patch(
        client, {"lot_number": "X"}, api_key, f"{POS}/{ours['id']}/lines/{their_line}"
    )

    # then
    assert response.status_code == 404
    assert (pos_state(other_tenant.account), pos_state(tenant.account)) == before


def test_the_second_account_of_the_same_organization_is_another_tenant(
    client, po_shop, api_key, tenant
):
    # given an order of our account
    order = approved_po(client, api_key)
    second_key = make_api_key(tenant.second_account)

    # when
    read = api_get(client, f"{POS}/{order['id']}", second_key)
    cancel = api_post(client, f"{POS}/{order['id']}/cancel", {}, second_key)

    # then
    assert (read.status_code, cancel.status_code) == (404, 404)
    assert pos_state(tenant.account)[0][2] == "approved"


def add_orders(client, key: str, start: int, stop: int) -> None:
    """Orders QCROW<n> of two lines each; every other one sent and partly received."""
    for number in range(start, stop):
        order = approved_po(
            client,
            key,
            f"QCROW{number:03d}",
            lines=[{"sku": "TEE-RED-M", "quantity": 3}, {"sku": "MUG-1", "quantity": 2}],
        )
        if number % 2:
            mark_sent(order["id"])
            receive(order["id"], {"TEE-RED-M": 1})


def test_the_list_runs_the_same_queries_for_1_and_20_orders(
    client, po_shop, api_key, django_assert_num_queries
):
    # given
    built = 0
    for size in (1, 20):
        add_orders(client, api_key, built, size)
        built = size
        api_get(client, f"{POS}?page_size=200", api_key)  # the key's last use is written

        # when
        with django_assert_num_queries(4):
            response = api_get(client, f"{POS}?page_size=200", api_key)

        # then
        assert response.status_code == 200
        assert response.json()["count"] == size
        assert len(response.json()["items"]) == size


GUARDED = [
    (Perm.PURCHASES_VIEW, "get", "/purchase-orders"),
    (Perm.PURCHASES_VIEW, "get", "/purchase-orders/export"),
    (Perm.PURCHASES_VIEW, "get", "/purchase-orders/{draft}"),
    (Perm.PURCHASES_MANAGE, "post", "/purchase-orders"),
    (Perm.PURCHASES_MANAGE, "post", "/purchase-orders/import"),
    (Perm.PURCHASES_MANAGE, "post", "/purchase-orders/{draft}/approve"),
    (Perm.PURCHASES_MANAGE, "post", "/purchase-orders/{approved}/send"),
    (Perm.PURCHASES_MANAGE, "post", "/purchase-orders/{approved}/cancel"),
    (Perm.PURCHASES_MANAGE, "patch", "/purchase-orders/{draft}/lines/{line}"),
]


@pytest.mark.parametrize(("perm", "method", "address"), GUARDED)
def test_without_its_permission_row_a_request_is_403_and_changes_nothing(
    client, po_shop, api_key, tenant, monkeypatch, perm, method, address
):
    # given a draft and an approved order; the row no longer granted to API keys
    draft = create_po(client, api_key, "PO-D")
    approved = approved_po(client, api_key, "PO-A")
    path = address.format(draft=draft["id"], approved=approved["id"], line=draft["lines"][0]["id"])
    body = po_body("PO-NEW") if path == POS else {"lot_number": "L"}
    monkeypatch.setitem(PERMISSIONS, perm, PERMISSIONS[perm] - {API_KEY})
    before = pos_state(tenant.account), list(InventoryLevel.objects.values_list("incoming"))

    # when
    if method == "get":
        response = api_get(client, path, api_key)
    elif method == "patch":
        response = api_patch(client, body, api_key, path)
    elif path.endswith("/import"):
        response = client.post(
            f"/api/v2{path}",
            data="order_number\n",
            content_type="text/csv",
            headers={"X-API-Key": api_key},
        )
    else:
        response = api_post(client, path, body, api_key)

    # then
    assert response.status_code == 403
    assert response.json() == error(
        "permission_denied", f"An API key may not do this: {PERMISSION_DESCRIPTIONS[perm].lower()}."
    )
    assert (pos_state(tenant.account), list(InventoryLevel.objects.values_list("incoming"))) == (
        before
    )
