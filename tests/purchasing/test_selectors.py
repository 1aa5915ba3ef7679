"""Purchase order reads: the account's own only (another account's order is not found), the
list's filters and totals in a flat number of queries, the events and receipts of one order."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openoms.core.errors import NotFound
from openoms.purchasing.selectors import (
    PurchaseOrderFilters,
    purchase_order_by_number,
    purchase_order_events,
    purchase_order_get,
    purchase_orders,
    receipts,
)
from openoms.purchasing.services.receipts import receipt_record
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.purchasing.conftest import approved, created, line_ids, sent

pytestmark = pytest.mark.django_db


def test_the_list_has_totals_and_filters(buyer):
    # given
    first = sent(buyer, "PO-1", supplier="Acme Mills")
    receipt_record(actor=buyer.actor, order=first, received={line_ids(first)["TEE"]: 4})
    created(buyer, "PO-2", ("MUG", 3), warehouse="B")
    # when
    rows = list(purchase_orders(buyer.actor, buyer.account))
    # then newest first, with their totals
    assert [(o.order_number, o.line_count, o.quantity_total, o.received_total) for o in rows] == [
        ("PO-2", 1, 3, 0),
        ("PO-1", 2, 10, 4),
    ]
    cases = {
        PurchaseOrderFilters(status="receiving"): ["PO-1"],
        PurchaseOrderFilters(warehouse_id=buyer.b.pk): ["PO-2"],
        PurchaseOrderFilters(search="acme"): ["PO-1"],
        PurchaseOrderFilters(search="mug"): ["PO-2", "PO-1"],
        PurchaseOrderFilters(search="po-2"): ["PO-2"],
    }
    for filters, numbers in cases.items():
        found = purchase_orders(buyer.actor, buyer.account, filters)
        assert [o.order_number for o in found] == numbers, filters


def test_the_list_takes_the_same_queries_for_3_and_15_orders(buyer):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = list(purchase_orders(buyer.actor, buyer.account))
            _ = [(o.warehouse.code, o.line_count) for o in rows]
        return len(queries)

    for n in range(3):
        created(buyer, f"Q{n}")
    few = count()
    for n in range(3, 15):
        created(buyer, f"Q{n}")
    assert count() == few == 1


def test_one_order_with_its_lines_receipts_and_events(buyer):
    # given
    order = sent(buyer, "PO-1")
    receipt_record(actor=buyer.actor, order=order, received={line_ids(order)["MUG"]: 1})
    # when
    found = purchase_order_get(buyer.actor, buyer.account, order.pk)
    by_number = purchase_order_by_number(buyer.actor, buyer.account, "PO-1")
    # then
    assert found.pk == by_number.pk == order.pk
    assert [line.variant.sku for line in found.lines.all()] == ["TEE", "MUG"]
    assert [r.number for r in receipts(buyer.actor, order)] == ["PO-1-R1"]
    assert [(rl.sku, rl.quantity) for rl in receipts(buyer.actor, order)[0].lines.all()] == [
        ("MUG", 1)
    ]
    messages = [e.message for e in purchase_order_events(buyer.actor, order)]
    assert messages[0] == "Purchase order PO-1 is receiving."
    assert messages[-1] == "Purchase order PO-1 created (api)."


def test_another_accounts_orders_are_not_found(buyer, tenant, other_tenant):
    # given an order of the account; a supervisor (sees both accounts of the organization),
    # the account user (this account only) and an owner of another organization
    order = approved(buyer, "PO-1")
    second = tenant.second_account
    supervisor = Actor.for_user(tenant.user(Role.SUPERVISOR))
    stranger = Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER))
    # then the second account lists none of it, and finds it nowhere
    assert list(purchase_orders(supervisor, second)) == []
    with pytest.raises(NotFound):
        purchase_order_get(supervisor, second, order.pk)
    with pytest.raises(NotFound):
        purchase_order_by_number(supervisor, second, "PO-1")
    # and the account user and the stranger cannot reach the other account at all
    with pytest.raises(NotFound):
        list(purchase_orders(buyer.actor, second))
    for call in (
        lambda: list(purchase_orders(stranger, buyer.account)),
        lambda: purchase_order_get(stranger, buyer.account, order.pk),
        lambda: purchase_order_events(stranger, order),
        lambda: receipts(stranger, order),
    ):
        with pytest.raises(NotFound):
            call()
