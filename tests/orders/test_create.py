"""Creating sales orders: every problem of a draft at once and nothing stored; the carrier
rules; the status each source starts in; the automatic workflow."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openoms.activity.models import Event
from openoms.core.errors import NotFound, PermissionDenied, ValidationFailed
from openoms.orders.models import OrderStatus, SalesOrder, SalesOrderLine, Shipment
from openoms.orders.services.orders import sales_order_create
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.orders.conftest import draft, level

pytestmark = pytest.mark.django_db


def test_a_manual_order_is_stored_as_draft_with_its_lines_and_total(shop):
    # when
    order = sales_order_create(
        actor=shop.actor,
        account=shop.account,
        draft=draft("1001", ("TEE", 2, "20.00"), ("MUG", "3", "4.5")),
        source="manual",
    )

    # then
    assert (order.status, order.total, order.source) == (
        OrderStatus.DRAFT,
        Decimal("53.50"),
        "manual",
    )
    lines = list(order.lines.values_list("line_number", "sku", "quantity", "price"))
    assert lines == [(1, "TEE", 2, Decimal("20.00")), (2, "MUG", 3, Decimal("4.50"))]
    assert (
        order.bill_to
        == order.ship_to
        == {
            "name": "Ada Lovelace",
            "address1": "1 Main St",
            "country": "CA",
        }
    )
    assert (order.carrier_code, order.service_code) == ("UPS", "GND")
    assert Event.objects.get(entity_type="sales_order").message == "Order 1001 created (manual)."


def test_every_problem_is_reported_at_once_and_nothing_is_stored(shop):
    # given
    sales_order_create(actor=shop.actor, account=shop.account, draft=draft("1001"), source="api")
    bad = draft(
        "1001",
        ("NOPE", 1),
        ("TEE", 0),
        ("MUG", "two"),
        ("TEE", 1, "-1"),
        warehouse="ZZ",
        ship_to={"name": "A", "planet": "Mars"},
    )

    # when
    with pytest.raises(ValidationFailed) as refused:
        sales_order_create(actor=shop.actor, account=shop.account, draft=bad, source="api")

    # then
    assert refused.value.errors == {
        "order_number": "Order 1001 already exists.",
        "warehouse": "Warehouse ZZ is not enabled for this account.",
        "ship_to.planet": (
            "Unknown address field; use name, company, address1, address2, city, region, "
            "postal_code, country, phone, email."
        ),
        "lines.0.sku": "Unknown SKU NOPE: create it in the catalog first.",
        "lines.1.quantity": "The quantity must be at least 1.",
        "lines.2.quantity": "The quantity is a whole number.",
        "lines.3.price": "The price is a number from 0 with at most 2 decimals.",
    }
    assert SalesOrder.objects.count() == 1 and SalesOrderLine.objects.count() == 1


def test_an_unknown_carrier_stops_the_order_under_the_error_rule(shop):
    with pytest.raises(ValidationFailed) as refused:
        sales_order_create(
            actor=shop.actor, account=shop.account, draft=draft(carrier="FDX"), source="api"
        )
    assert refused.value.errors == {"carrier": 'Carrier code "FDX" is not in the carrier list.'}
    assert not SalesOrder.objects.exists()


def test_under_the_warning_rule_the_order_goes_on_with_a_warning(shop):
    # given
    shop.account.sales_order_carrier_code_rule = "warning"
    shop.account.save()

    # when
    order = sales_order_create(
        actor=shop.actor, account=shop.account, draft=draft(carrier=""), source="api"
    )

    # then
    assert order.carrier_code == ""
    warnings = Event.objects.filter(level="warning", entity_id=str(order.pk))
    assert list(warnings.values_list("message", flat=True)) == ["The carrier code is missing."]


def test_a_channel_order_starts_approved_and_the_automatic_workflow_allocates_it(shop):
    # given
    shop.account.enable_automatic_sales_order_workflow = True
    shop.account.save()

    # when
    order = sales_order_create(
        actor=shop.actor, account=shop.account, draft=draft("1001", ("TEE", 3)), source="channel"
    )

    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLING
    assert Shipment.objects.get(order=order).number == "1001-1"
    assert level(shop, "TEE") == (10, 3)


def test_without_the_automatic_workflow_an_approved_order_waits(shop):
    order = sales_order_create(
        actor=shop.actor, account=shop.account, draft=draft(), source="api", approve=True
    )
    assert order.status == OrderStatus.APPROVED
    assert not Shipment.objects.exists() and level(shop, "TEE") == (10, 0)


def test_another_account_cannot_create_in_this_one(shop, other_tenant):
    outsider = Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER))
    with pytest.raises(NotFound):
        sales_order_create(actor=outsider, account=shop.account, draft=draft(), source="api")
    assert not SalesOrder.objects.exists()


def test_a_role_without_orders_manage_is_refused(shop, monkeypatch):
    monkeypatch.setattr(Actor, "can", lambda self, perm: perm != "orders.manage")
    with pytest.raises(PermissionDenied):
        sales_order_create(actor=shop.actor, account=shop.account, draft=draft(), source="api")
    assert not SalesOrder.objects.exists()


def test_an_automatic_allocation_that_cannot_run_keeps_the_order(shop):
    # given the automatic workflow, and no physical warehouse enabled any more
    from openoms.inventory.models import AccountWarehouse

    shop.account.enable_automatic_sales_order_workflow = True
    shop.account.save()
    AccountWarehouse.objects.filter(account=shop.account).delete()

    # when
    order = sales_order_create(
        actor=shop.actor, account=shop.account, draft=draft(), source="api", approve=True
    )

    # then the order is stored, Approved, with an Error saying why it was not allocated
    order.refresh_from_db()
    assert order.status == OrderStatus.APPROVED
    assert Event.objects.get(level="error").message == (
        "Order 1001 was not allocated automatically: No physical warehouse is enabled for this "
        "account: nothing to allocate."
    )
