"""Sales → Sales Orders: the list (columns in the account's timezone, filters, search,
pagination), its bulk Allocate & Fulfill, the menu entry, a role without ORDERS_MANAGE, and
tenancy. The order page and its actions: ``test_sales_order_detail_page.py``; the form:
``test_sales_order_form_page.py``; query counts: ``test_sales_order_queries.py``."""

from __future__ import annotations

import datetime as dt

import pytest

from openoms.orders.models import SalesOrder
from openoms.tenancy.permissions import PERMISSIONS, Perm
from openoms.tenancy.roles import Role
from tests.web.catalog_data import text
from tests.web.channel_data import make_channel
from tests.web.sales_order_data import allocated_at, make_order, make_shop, status_of, table_rows

LIST = "/sales-orders/"
UTC = dt.UTC


def when(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=UTC)


@pytest.fixture
def shop(tenant):
    return make_shop(tenant.account)


@pytest.fixture
def three(shop):
    """1001 Draft (TEE, 1 March), 1002 Approved (MUG, 2 March, from the store), 1003 Approved
    and backordered (CAP, 3 March)."""
    store = make_channel(shop.account, "Web Store")
    draft = make_order(shop, "1001", order_date=when(1), customer_name="Ada Lovelace")
    approved = make_order(
        shop,
        "1002",
        ("MUG", 1, "5.00"),
        source="channel",
        order_date=when(2),
        channel_id=store.pk,
        external_ref="5550001",
    )
    short = make_order(shop, "1003", ("CAP", 3, "7.00"), approve=True, order_date=when(3))
    from openoms.orders.services.allocation import sales_order_allocate

    assert sales_order_allocate(actor=shop.actor, order=short) is None
    return {"draft": draft, "approved": approved, "short": short, "store": store}


def listed(client, query: str = "") -> list[str]:
    return [row.split(" | ")[1] for row in table_rows(client.get(LIST + query).content.decode())]


def test_the_menu_links_the_list(signed_in, shop):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get(LIST).content.decode()
    # then
    assert '<a href="/sales-orders/" class="active" aria-current="page">Sales Orders</a>' in html
    assert "No sales orders yet" in html


def test_the_list_shows_each_column_in_the_account_timezone(signed_in, tenant, three):
    # given
    tenant.account.timezone = "Asia/Tokyo"
    tenant.account.save(update_fields=["timezone"])
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = text(client.get(LIST))
    # then
    assert table_rows(html) == [
        " | 1003 | 2026-03-03 21:00 JST | Manual | — | Approved | 21.00 | Backordered | 0",
        " | 1002 | 2026-03-02 21:00 JST | Web Store | — | Approved | 5.00 | — | 0",
        " | 1001 | 2026-03-01 21:00 JST | Manual | Ada Lovelace | Draft | 40.00 | — | 0",
    ]
    code = f"A{tenant.account.pk}"
    reason = f"Not Enough Stock at {code} for order 1003: CAP (needs 3, 0 available)."
    assert f'<span class="badge badge-red" title="{reason}">Backordered</span>' in html
    assert html.count('name="order" value=') == 2  # only Approved orders can be selected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=draft", ["1001"]),
        ("?status=approved", ["1003", "1002"]),
        ("?source=channel", ["1002"]),
        ("?backordered=yes", ["1003"]),
        ("?backordered=no", ["1002", "1001"]),
        ("?date_from=2026-03-02", ["1003", "1002"]),
        ("?date_to=2026-03-02", ["1002", "1001"]),
        ("?date_from=2026-03-02&date_to=2026-03-02", ["1002"]),
        ("?q=cap", ["1003"]),
        ("?q=lovelace", ["1001"]),
        ("?q=1002", ["1002"]),
        ("?q=5550001", ["1002"]),
        ("?status=bogus", ["1003", "1002", "1001"]),
    ],
)
def test_filters_and_search(signed_in, three, query, expected):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    found = listed(client, query)
    # then
    assert found == expected


def test_the_channel_filter(signed_in, three):
    client = signed_in(Role.ACCOUNT_USER)
    assert listed(client, f"?channel={three['store'].pk}") == ["1002"]


def test_a_date_that_is_not_one_is_named_and_ignored(signed_in, three):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    response = client.get(LIST + "?date_from=03/02/2026")
    # then
    assert response.status_code == 200
    assert "From: “03/02/2026” is not a date such as 2026-12-31." in text(response)
    assert len(table_rows(response.content.decode())) == 3


def test_pagination_keeps_the_filters(signed_in, shop):
    # given
    for number in range(51):
        make_order(shop, str(5000 + number), order_date=when(1, 0) + dt.timedelta(minutes=number))
    client = signed_in(Role.ACCOUNT_USER)
    # when
    first = client.get(LIST + "?status=draft").content.decode()
    second = client.get(LIST + "?status=draft&page=2").content.decode()
    # then
    assert len(table_rows(first)) == 50
    assert "Page 1 of 2 · 51 entries" in first
    assert 'href="?status=draft&amp;page=2"' in first
    assert [row.split(" | ")[1] for row in table_rows(second)] == ["5000"]


def test_bulk_allocate_counts_allocated_backordered_and_skipped(signed_in, shop, three):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    chosen = [three[name].pk for name in ("draft", "approved", "short")]
    # when
    response = client.post(
        LIST + "allocate/", {"order": chosen, "next": "/sales-orders/?status=approved"}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == "/sales-orders/?status=approved"
    page = text(client.get(response["Location"]))
    assert "Allocate & Fulfill: 1 allocated, 1 backordered, 1 skipped (not Approved)." in page
    assert [status_of(three[n]) for n in ("draft", "approved", "short")] == [
        "draft",
        "fulfilling",
        "approved",
    ]
    assert allocated_at(shop, "MUG") == (5, 1)


def test_bulk_allocate_without_a_selection_says_so(signed_in, three):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    response = client.post(LIST + "allocate/", {"next": "https://evil.example/"}, follow=True)
    # then
    assert response.redirect_chain == [("/sales-orders/", 302)]
    assert "Select the Approved orders to allocate first." in text(response)
    assert status_of(three["approved"]) == "approved"


def test_a_role_without_orders_manage_sees_no_action(signed_in, three, monkeypatch):
    # given
    monkeypatch.setitem(PERMISSIONS, Perm.ORDERS_MANAGE, frozenset())
    client = signed_in(Role.ACCOUNT_USER)
    order = three["approved"]
    # when
    html = client.get(LIST).content.decode()
    detail = client.get(f"{LIST}{order.pk}/").content.decode()
    refused = [
        client.post(f"{LIST}{order.pk}/allocate/").status_code,
        client.post(LIST + "allocate/", {"order": [order.pk]}).status_code,
        client.get(LIST + "new/").status_code,
    ]
    # then
    assert "New order" not in html and 'name="order"' not in html
    assert "Allocate &amp; Fulfill</button>" not in detail and "Cancel order" not in detail
    assert refused == [403, 403, 403]
    assert status_of(order) == "approved"


def test_another_accounts_orders_are_neither_listed_nor_reachable(
    signed_in, tenant, other_tenant, three
):
    # given
    mine = make_shop(tenant.second_account)
    sibling = make_order(mine, "9001", approve=True)
    theirs = make_order(make_shop(other_tenant.account), "9002", approve=True)
    client = signed_in(Role.ORGANIZATION_OWNER)  # sees both accounts; the first is selected
    # when
    found = listed(client)
    searched = listed(client, "?q=900")
    answers = [client.get(f"{LIST}{order.pk}/").status_code for order in (sibling, theirs)] + [
        client.post(f"{LIST}{order.pk}/allocate/").status_code for order in (sibling, theirs)
    ]
    bulk = client.post(LIST + "allocate/", {"order": [sibling.pk, theirs.pk]}, follow=True)
    # then
    assert found == ["1003", "1002", "1001"] and searched == []
    assert answers == [404, 404, 404, 404]
    assert "0 allocated, 0 backordered, 2 skipped (not Approved)" in text(bulk)
    assert SalesOrder.objects.get(pk=sibling.pk).status == "approved"
    assert SalesOrder.objects.get(pk=theirs.pk).status == "approved"
