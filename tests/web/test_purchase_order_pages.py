"""Purchases → Purchase Orders: the list (columns in the account's timezone, status badges,
filters, search, pagination), its bulk Approve, the menu entry, a role without PURCHASES_MANAGE,
and tenancy. The order's page: ``test_purchase_order_detail_page.py``; the form:
``test_purchase_order_form_page.py``; files: ``test_purchase_order_files.py``; query counts:
``test_purchase_order_queries.py``."""

from __future__ import annotations

import datetime as dt

import pytest

from openoms.purchasing.models import PurchaseOrder
from openoms.tenancy.permissions import PERMISSIONS, Perm
from openoms.tenancy.roles import Role
from tests.web.catalog_data import text
from tests.web.purchase_order_data import (
    level_at,
    make_po,
    make_shop,
    mark_sent,
    receive,
    status_of,
)
from tests.web.sales_order_data import table_rows

LIST = "/purchase-orders/"
UTC = dt.UTC


def when(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=UTC)


@pytest.fixture
def shop(tenant):
    return make_shop(tenant.account)


@pytest.fixture
def three(shop):
    """PO-1 Draft (TEE, 1 March, Acme Textiles), PO-2 Approved (MUG at B, 2 March), PO-3 sent
    and partly received (CAP 3 of 6, 3 March, reference R-77)."""
    draft = make_po(shop, "PO-1", order_date=when(1), supplier="Acme Textiles")
    approved = make_po(
        shop, "PO-2", ("MUG", 4), approve=True, order_date=when(2), warehouse=shop.b.code
    )
    receiving = make_po(
        shop, "PO-3", ("CAP", 6), approve=True, order_date=when(3), reference_number="R-77"
    )
    receive(shop, mark_sent(receiving), {"CAP": 3})
    return {"draft": draft, "approved": approved, "receiving": receiving}


def listed(client, query: str = "") -> list[str]:
    rows = table_rows(client.get(LIST + query).content.decode(), "po-table")
    return [row.split(" | ")[1] for row in rows]


def test_the_menu_links_the_list(signed_in, shop):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get(LIST).content.decode()
    # then
    assert (
        '<a href="/purchase-orders/" class="active" aria-current="page">Purchase Orders</a>' in html
    )
    assert "No purchase orders yet" in html


def test_the_list_shows_each_column_in_the_account_timezone(signed_in, tenant, shop, three):
    # given
    tenant.account.timezone = "Asia/Tokyo"
    tenant.account.save(update_fields=["timezone"])
    client = signed_in(Role.ACCOUNT_USER)
    a, b = shop.a.code, shop.b.code
    # when
    html = text(client.get(LIST))
    # then
    assert table_rows(html, "po-table") == [
        f" | PO-3 | 2026-03-03 21:00 JST | {a} | — | Receiving | 1 | 3 / 6",
        f" | PO-2 | 2026-03-02 21:00 JST | {b} | — | Approved | 1 | 0 / 4",
        f" | PO-1 | 2026-03-01 21:00 JST | {a} | Acme Textiles | Draft | 1 | 0 / 5",
    ]
    assert '<span class="badge badge-amber" title="Receiving: part of it has arrived' in html
    assert '<span class="badge badge-grey" title="Draft: entered but not confirmed' in html
    assert html.count('name="order" value=') == 1  # only Draft orders can be selected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=draft", ["PO-1"]),
        ("?status=receiving", ["PO-3"]),
        ("?date_from=2026-03-02", ["PO-3", "PO-2"]),
        ("?date_to=2026-03-02", ["PO-2", "PO-1"]),
        ("?date_from=2026-03-02&date_to=2026-03-02", ["PO-2"]),
        ("?q=cap", ["PO-3"]),
        ("?q=acme", ["PO-1"]),
        ("?q=R-77", ["PO-3"]),
        ("?q=po-2", ["PO-2"]),
        ("?status=bogus", ["PO-3", "PO-2", "PO-1"]),
        ("?warehouse=abc", ["PO-3", "PO-2", "PO-1"]),
    ],
)
def test_filters_and_search(signed_in, three, query, expected):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    found = listed(client, query)
    # then
    assert found == expected


def test_the_warehouse_filter(signed_in, shop, three):
    client = signed_in(Role.ACCOUNT_USER)
    assert listed(client, f"?warehouse={shop.b.pk}") == ["PO-2"]
    assert listed(client, f"?warehouse={shop.a.pk}") == ["PO-3", "PO-1"]


def test_a_date_that_is_not_one_is_named_and_ignored(signed_in, three):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    response = client.get(LIST + "?date_from=03/02/2026")
    # then
    assert response.status_code == 200
    assert "From: “03/02/2026” is not a date such as 2026-12-31." in text(response)
    assert len(table_rows(response.content.decode(), "po-table")) == 3


def test_pagination_keeps_the_filters(signed_in, shop):
    # given
    for number in range(51):
        make_po(shop, f"PO-{5000 + number}", order_date=when(1, 0) + dt.timedelta(minutes=number))
    client = signed_in(Role.ACCOUNT_USER)
    # when
    first = client.get(LIST + "?status=draft").content.decode()
    second = client.get(LIST + "?status=draft&page=2").content.decode()
    # then
    assert len(table_rows(first, "po-table")) == 50
    assert "Page 1 of 2 · 51 entries" in first
    assert 'href="?status=draft&amp;page=2"' in first
    assert [row.split(" | ")[1] for row in table_rows(second, "po-table")] == ["PO-5000"]


def test_bulk_approve_counts_approved_and_skipped(signed_in, shop, three):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    chosen = [three[name].pk for name in ("draft", "approved", "receiving")]
    # when
    response = client.post(
        LIST + "approve/", {"order": chosen, "next": "/purchase-orders/?status=draft"}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == "/purchase-orders/?status=draft"
    page = text(client.get(response["Location"]))
    assert "Approve: 1 approved, 2 skipped (not Draft)." in page
    assert [status_of(three[n]) for n in ("draft", "approved", "receiving")] == [
        "approved",
        "approved",
        "receiving",
    ]
    assert level_at(shop, "TEE") == (10, 5)


def test_bulk_approve_without_a_selection_says_so(signed_in, three):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    response = client.post(LIST + "approve/", {"next": "https://evil.example/"}, follow=True)
    # then
    assert response.redirect_chain == [("/purchase-orders/", 302)]
    assert "Select the Draft purchase orders to approve first." in text(response)
    assert status_of(three["draft"]) == "draft"


def test_a_role_without_purchases_manage_sees_no_action(signed_in, three, monkeypatch):
    # given
    monkeypatch.setitem(PERMISSIONS, Perm.PURCHASES_MANAGE, frozenset())
    client = signed_in(Role.ACCOUNT_USER)
    order = three["draft"]
    # when
    html = client.get(LIST).content.decode()
    detail = client.get(f"{LIST}{order.pk}/").content.decode()
    refused = [
        client.post(f"{LIST}{order.pk}/approve/").status_code,
        client.post(f"{LIST}{order.pk}/cancel/").status_code,
        client.post(f"{LIST}{order.pk}/lines/", {f"lot-{order.lines.get().pk}": "X"}).status_code,
        client.post(LIST + "approve/", {"order": [order.pk]}).status_code,
        client.get(LIST + "new/").status_code,
        client.post(LIST + "import/").status_code,
    ]
    # then
    assert "New purchase order" not in html and 'name="order"' not in html
    assert "Import PO_Import_Orders.csv" not in html
    assert ">Approve</button>" not in detail and "Cancel purchase order" not in detail
    assert 'name="lot-' not in detail
    assert refused == [403, 403, 403, 403, 403, 403]
    assert status_of(order) == "draft"
    assert order.lines.get().lot_number == ""


def test_another_accounts_orders_are_neither_listed_nor_reachable(
    signed_in, tenant, other_tenant, three
):
    # given
    sibling = make_po(make_shop(tenant.second_account), "PO-9001")
    theirs = make_po(make_shop(other_tenant.account), "PO-9002")
    client = signed_in(Role.ORGANIZATION_OWNER)  # sees both accounts; the first is selected
    line = theirs.lines.get()
    # when
    found = listed(client)
    searched = listed(client, "?q=900")
    answers = [client.get(f"{LIST}{order.pk}/").status_code for order in (sibling, theirs)] + [
        client.post(f"{LIST}{order.pk}/{action}/").status_code
        for order in (sibling, theirs)
        for action in ("approve", "cancel")
    ]
    lines = client.post(f"{LIST}{theirs.pk}/lines/", {f"lot-{line.pk}": "MINE"})
    bulk = client.post(LIST + "approve/", {"order": [sibling.pk, theirs.pk]}, follow=True)
    # then
    assert found == ["PO-3", "PO-2", "PO-1"] and searched == []
    assert answers == [404] * 6
    assert lines.status_code == 404
    assert "Approve: 0 approved, 2 skipped (not Draft)." in text(bulk)
    assert PurchaseOrder.objects.get(pk=sibling.pk).status == "draft"
    assert PurchaseOrder.objects.get(pk=theirs.pk).status == "draft"
    line.refresh_from_db()
    assert line.lot_number == ""
