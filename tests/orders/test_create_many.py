"""Many orders created and allocated together (``sales_orders_create`` with the automatic
workflow, ``orders_allocate``): each order sees the stock the ones before it took, the ledger
follows them one by one, a draft with a problem is refused alone, and an insert the database
refuses stores nothing of any of them."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from openoms.activity.models import Event
from openoms.core.errors import ValidationFailed
from openoms.inventory.models import InventoryMovement
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.orders.models import OrderStatus, SalesOrder, Shipment
from openoms.orders.services.orders import sales_orders_create
from openoms.tenancy.models import Account
from tests.orders.conftest import draft, level

pytestmark = pytest.mark.django_db


def create_many(shop, *drafts):
    return sales_orders_create(
        actor=shop.actor, account=shop.account, drafts=list(drafts), source="api", approve=True
    )


def automatic(shop) -> None:
    Account.objects.filter(pk=shop.account.pk).update(enable_automatic_sales_order_workflow=True)
    shop.account.refresh_from_db()


def test_orders_created_together_are_allocated_in_turn_until_the_stock_runs_out(shop):
    # given: MUG 5 at A; three orders of 2 MUGs each
    automatic(shop)

    # when
    created = create_many(
        shop, draft("1", ("MUG", 2)), draft("2", ("MUG", 2), ("TEE", 1)), draft("3", ("MUG", 2))
    )

    # then: the first two are allocated, the third is backordered; nothing of it reserved
    statuses = [SalesOrder.objects.get(pk=order.pk).status for order in created]
    assert statuses == [OrderStatus.FULFILLING, OrderStatus.FULFILLING, OrderStatus.APPROVED]
    assert SalesOrder.objects.get(pk=created[2].pk).backordered_since is not None
    assert level(shop, "MUG") == (5, 4)
    assert level(shop, "TEE") == (10, 1)
    assert list(Shipment.objects.order_by("number").values_list("number", flat=True)) == [
        "1-1",
        "2-1",
    ]
    movements = InventoryMovement.objects.filter(reference__in=["Order 1", "Order 2", "Order 3"])
    assert sorted(movements.values_list("reference", "change", "resulting")) == [
        ("Order 1", 2, 2),
        ("Order 2", 1, 1),
        ("Order 2", 2, 4),
    ]
    assert ledger_mismatches(account=shop.account) == []
    messages = list(
        Event.objects.filter(entity_label="3").order_by("pk").values_list("message", flat=True)
    )
    assert messages == [
        "Order 3 created (api).",
        "Not Enough Stock at A for order 3: MUG (needs 2, 1 available). The order is backordered.",
    ]


def test_a_draft_with_a_problem_is_refused_alone(shop):
    # when: the second has an unknown SKU, the fourth repeats the first's number
    created = create_many(
        shop,
        draft("1", ("TEE", 1)),
        draft("2", ("NOPE", 1)),
        draft("3", ("MUG", 1)),
        draft("1", ("MUG", 1)),
    )

    # then
    assert [type(outcome).__name__ for outcome in created] == [
        "SalesOrder",
        "ValidationFailed",
        "SalesOrder",
        "ValidationFailed",
    ]
    assert created[1].errors == {"lines.0.sku": "Unknown SKU NOPE: create it in the catalog first."}
    assert created[3].errors == {"order_number": "Order 1 already exists."}
    assert sorted(SalesOrder.objects.values_list("order_number", flat=True)) == ["1", "3"]


def test_an_insert_the_database_refuses_stores_none_of_them(shop, monkeypatch):
    # given: the check says "1002" is free, but a concurrent request stored it meanwhile
    from openoms.orders.services import order_checks

    automatic(shop)
    create_many(shop, draft("1002", ("TEE", 1)))
    real = order_checks.SalesOrder.objects.filter

    def number_looks_free(*args, **kwargs):
        found = real(*args, **kwargs)
        return found.none() if kwargs.get("order_number") == "1002" else found

    monkeypatch.setattr(order_checks.SalesOrder.objects, "filter", number_looks_free)
    before = (SalesOrder.objects.count(), InventoryMovement.objects.count(), level(shop, "TEE"))

    # when / then
    with pytest.raises(IntegrityError):
        create_many(shop, draft("1001", ("TEE", 2)), draft("1002", ("TEE", 1)))
    monkeypatch.undo()
    after = (SalesOrder.objects.count(), InventoryMovement.objects.count(), level(shop, "TEE"))
    assert after == before


def test_one_draft_refused_is_raised_by_the_single_order_service(shop):
    from openoms.orders.services.orders import sales_order_create

    with pytest.raises(ValidationFailed) as refused:
        sales_order_create(
            actor=shop.actor, account=shop.account, draft=draft("9", ("NOPE", 1)), source="api"
        )
    assert refused.value.errors == {
        "lines.0.sku": "Unknown SKU NOPE: create it in the catalog first."
    }
    assert SalesOrder.objects.count() == 0
