"""The sales order list and an order's page run the same, exact number of queries for 1 order
(or line, shipment) and for 20 (or 6 lines and 3 shipments). Counts include the session, the
user, the selected account and the page shell; each page is fetched once before it is
measured (see ``tests/query_counts.py``)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openoms.orders.services.allocation import sales_order_allocate
from openoms.orders.services.shipments import shipment_cancel
from openoms.tenancy.roles import Role
from tests.web.channel_data import make_channel
from tests.web.sales_order_data import make_order, make_shop, serve_with_channel, table_rows

LIST_QUERIES = 10
DETAIL_QUERIES = 12


@pytest.fixture
def shop(tenant):
    return make_shop(tenant.account)


def measured(client, address: str) -> tuple[int, str]:
    assert client.get(address).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def grow_orders(shop, store, start: int, stop: int) -> None:
    """Orders of every kind in turn: from the store and allocated, backordered, draft."""
    for number in range(start, stop):
        kind = number % 3
        if kind == 0:
            order = make_order(shop, str(7000 + number), ("MUG", 1, "1.00"), approve=True)
            order.channel_id = store.pk
            order.save(update_fields=["channel"])
            sales_order_allocate(actor=shop.actor, order=order)
        elif kind == 1:
            order = make_order(shop, str(7000 + number), ("CAP", 1, "1.00"), approve=True)
            sales_order_allocate(actor=shop.actor, order=order)
        else:
            make_order(shop, str(7000 + number))


def test_the_list_is_flat(signed_in, shop):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    store = make_channel(shop.account, "Web Store")
    serve_with_channel(shop)
    counts, shown = [], []
    for start, stop in ((0, 1), (1, 20)):
        grow_orders(shop, store, start, stop)
        # when
        count, html = measured(client, "/sales-orders/")
        counts.append(count)
        shown.append(len(table_rows(html)))
    # then
    assert shown == [1, 20]
    assert counts == [LIST_QUERIES, LIST_QUERIES]


def test_an_orders_page_is_flat(signed_in, shop):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    serve_with_channel(shop)
    small = make_order(shop, "1001", approve=True)
    sales_order_allocate(actor=shop.actor, order=small)
    lines = [("TEE", 1, "1.00"), ("MUG", 1, "1.00")] * 3
    big = make_order(shop, "1002", *lines, approve=True)
    for _ in range(2):
        shipment_cancel(
            actor=shop.actor, shipment=sales_order_allocate(actor=shop.actor, order=big)
        )
    sales_order_allocate(actor=shop.actor, order=big)
    # when
    counts = [measured(client, f"/sales-orders/{order.pk}/") for order in (small, big)]
    # then
    assert [html.count("data-shipment=") for _, html in counts] == [1, 3]
    assert [len(table_rows(html, "order-lines")) for _, html in counts] == [1, 6]
    assert [count for count, _ in counts] == [DETAIL_QUERIES, DETAIL_QUERIES]
