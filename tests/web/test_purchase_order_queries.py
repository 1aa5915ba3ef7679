"""The purchase order list and an order's page run the same, exact number of queries for 1
order (or line, receipt) and for 20 (or 6 lines and 3 receipts). Counts include the session, the
user, the selected account and the page shell; each page is fetched once before it is measured
(see ``tests/query_counts.py``)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openoms.tenancy.roles import Role
from tests.web.purchase_order_data import make_po, make_shop, mark_sent, receive
from tests.web.sales_order_data import table_rows

LIST_QUERIES = 10
DETAIL_QUERIES = 14


@pytest.fixture
def shop(tenant):
    return make_shop(tenant.account)


def measured(client, address: str) -> tuple[int, str]:
    assert client.get(address).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def grow_orders(shop, start: int, stop: int) -> None:
    """Orders of every kind in turn: draft, approved, sent and partly received."""
    for number in range(start, stop):
        kind = number % 3
        order = make_po(shop, f"PO-{7000 + number}", ("TEE", 2), ("MUG", 2), approve=kind > 0)
        if kind == 2:
            receive(shop, mark_sent(order), {"TEE": 1})


def test_the_list_is_flat(signed_in, shop):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    counts, shown = [], []
    for start, stop in ((0, 1), (1, 20)):
        grow_orders(shop, start, stop)
        # when
        count, html = measured(client, "/purchase-orders/")
        counts.append(count)
        shown.append(len(table_rows(html, "po-table")))
    # then
    assert shown == [1, 20]
    assert counts == [LIST_QUERIES, LIST_QUERIES]


def test_an_orders_page_is_flat(signed_in, shop):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    small = make_po(shop, "PO-1", approve=True)
    receive(shop, mark_sent(small), {"TEE": 1})
    lines = [("TEE", 1), ("MUG", 1), ("CAP", 1)] * 2
    big = mark_sent(make_po(shop, "PO-2", *lines, approve=True))
    for sku in ("TEE", "MUG", "CAP"):
        receive(shop, big, {sku: 1})
    # when
    counts = [measured(client, f"/purchase-orders/{order.pk}/") for order in (small, big)]
    # then
    assert [html.count("data-receipt=") for _, html in counts] == [1, 3]
    assert [len(table_rows(html, "po-lines")) for _, html in counts] == [1, 6]
    assert [count for count, _ in counts] == [DETAIL_QUERIES, DETAIL_QUERIES]
