"""A sales order's page: what it shows (header, addresses, lines, shipments, events, the
sentence explaining each state) and each action's success and refusal: Approve, Allocate &
Fulfill, Cancel, a shipment's Cancel and Mark shipped."""

from __future__ import annotations

import re

import pytest

from openoms.orders.models import Shipment
from openoms.orders.services.allocation import sales_order_allocate
from openoms.orders.services.shipments import shipment_progress
from openoms.tenancy.roles import Role
from tests.web.catalog_data import text
from tests.web.sales_order_data import (
    allocated_at,
    make_order,
    make_shop,
    serve_with_channel,
    status_of,
    table_rows,
)


@pytest.fixture
def shop(tenant):
    return make_shop(tenant.account)


@pytest.fixture
def client(signed_in):
    return signed_in(Role.ACCOUNT_USER)


def url(order, action: str = "") -> str:
    return f"/sales-orders/{order.pk}/{action}"


def flashes(response) -> list[str]:
    return re.findall(r'<div class="flash flash-(\w+)">([^<]*)</div>', text(response))


def buttons(response) -> list[str]:
    """The page's action buttons (the header's Sign out left out)."""
    found = re.findall(r'<button type="submit" class="btn[^"]*">([^<]*)</button>', text(response))
    return [label for label in found if label != "Sign out"]


def allocated(shop, order) -> Shipment:
    return sales_order_allocate(actor=shop.actor, order=order)


def test_the_page_shows_the_order(client, shop):
    # given
    order = make_order(
        shop,
        "1001",
        ("TEE", 2, "20.00"),
        ("MUG", 1, "5.50"),
        customer_name="Ada Lovelace",
        email="ada@example.com",
        currency="usd",
        bill_to={"name": "Accounts", "city": "Ottawa"},
    )
    # when
    response = client.get(url(order))
    html = text(response)
    # then
    assert response.status_code == 200
    assert table_rows(html, "order-lines") == [
        "1 | TEE | 2 | 20.00 | 40.00 | 0",
        "2 | MUG | 1 | 5.50 | 5.50 | 0",
    ]
    assert "<dd>45.50 USD</dd>" in html
    assert "Ada Lovelace<br>" in html and "ada@example.com" in html
    assert '<span title="City">Toronto</span>' in html
    assert '<span title="City">Ottawa</span>' in html
    assert "Draft: entered but not confirmed; nothing is reserved until it is approved." in html
    assert "Entered by hand on this screen." in html
    assert "Order 1001 created (manual)." in html
    assert "No shipment yet" in html
    assert buttons(response) == ["Approve", "Cancel order"]


def test_approve_and_its_refusal(client, shop):
    # given
    order = make_order(shop, "1001")
    # when
    done = client.post(url(order, "approve/"), follow=True)
    again = client.post(url(order, "approve/"), follow=True)
    # then
    assert flashes(done) == [("success", "Order 1001 approved.")]
    assert flashes(again) == [
        ("error", "Order 1001 is Approved: it cannot be approved (only when Draft).")
    ]
    assert status_of(order) == "approved"
    assert buttons(again) == ["Allocate & Fulfill", "Cancel order"]


def test_allocate_creates_the_shipment_shown_on_the_page(client, shop):
    # given
    order = make_order(shop, "1001", approve=True)
    # when
    response = client.post(url(order, "allocate/"), follow=True)
    # then
    code = shop.a.code
    assert flashes(response) == [
        ("success", f"Order 1001 allocated at {code}: shipment 1001-1 is ready to send.")
    ]
    assert status_of(order) == "fulfilling"
    assert allocated_at(shop, "TEE") == (10, 2)
    html = text(response)
    assert 'data-shipment="1001-1"' in html
    assert f"<dt>Warehouse</dt><dd>{code}</dd>" in html
    assert "<dt>Lines shipped</dt><dd>0 / 2</dd>" in html
    assert "Ready to send: stock is reserved" in html
    assert "Fulfilling: stock is reserved at a warehouse" in html
    assert buttons(response) == ["Cancel order", "Cancel shipment", "Mark shipped"]


def test_allocate_without_enough_stock_flags_the_order_backordered(client, shop):
    # given
    order = make_order(shop, "1001", ("CAP", 2, "1.00"), approve=True)
    # when
    response = client.post(url(order, "allocate/"), follow=True)
    # then
    reason = f"Not Enough Stock at {shop.a.code} for order 1001: CAP (needs 2, 0 available)."
    assert flashes(response) == [("warning", f"{reason} The order is backordered.")]
    assert status_of(order) == "approved"
    html = text(response)
    assert "data-backordered" in html and reason in html
    assert "Backordered: the last Allocate & Fulfill found too little stock" in html


def test_allocate_of_a_draft_is_refused(client, shop):
    # given
    order = make_order(shop, "1001")
    # when
    response = client.post(url(order, "allocate/"), follow=True)
    # then
    assert flashes(response) == [
        ("error", "Order 1001 is Draft: it cannot be allocated (only when Approved).")
    ]
    assert status_of(order) == "draft"
    assert allocated_at(shop, "TEE") == (10, 0)


def test_cancel_releases_the_stock(client, shop):
    # given
    order = make_order(shop, "1001", approve=True)
    allocated(shop, order)
    # when
    response = client.post(url(order, "cancel/"), follow=True)
    # then
    assert flashes(response) == [("success", "Order 1001 cancelled.")]
    assert status_of(order) == "cancelled"
    assert allocated_at(shop, "TEE") == (10, 0)
    assert buttons(response) == []


def test_cancel_of_a_shipped_order_is_refused(client, shop):
    # given
    order = make_order(shop, "1001", approve=True)
    shipment = allocated(shop, order)
    line = shipment.lines.get()
    shipment_progress(actor=shop.actor, shipment=shipment, shipped={line.pk: 2})
    # when
    response = client.post(url(order, "cancel/"), follow=True)
    # then
    assert flashes(response) == [
        (
            "error",
            "Order 1001 is Shipped: it cannot be cancelled (only when Approved, Draft, Fulfilling).",
        )
    ]
    assert status_of(order) == "shipped"


def test_cancel_a_shipment_and_its_refusal(client, shop):
    # given
    order = make_order(shop, "1001", approve=True)
    shipment = allocated(shop, order)
    target = url(order, f"shipments/{shipment.pk}/cancel/")
    # when
    done = client.post(target, follow=True)
    again = client.post(target, follow=True)
    # then
    assert flashes(done) == [("success", "Shipment 1001-1: Cancelled.")]
    assert flashes(again) == [
        (
            "error",
            "Shipment 1001-1 is Cancelled: it cannot be cancelled at the warehouse "
            "(only when Sent to Warehouse).",
        )
    ]
    assert status_of(order) == "approved"  # back to Approved: it may be allocated again
    assert allocated_at(shop, "TEE") == (10, 0)


def test_mark_shipped_partly_then_fully(client, shop):
    # given
    order = make_order(shop, "1001", approve=True)
    shipment = allocated(shop, order)
    line = shipment.lines.get()
    target = url(order, f"shipments/{shipment.pk}/ship/")
    # when
    partly = client.post(target, {f"shipped-{line.pk}": "1"}, follow=True)
    state_after_part = status_of(order)
    fully = client.post(target, {f"shipped-{line.pk}": "2", "tracking": "1Z999"}, follow=True)
    # then
    assert flashes(partly) == [("success", "Shipment 1001-1: Short Shipped.")]
    assert state_after_part == "fulfilling"
    assert flashes(fully) == [("success", "Shipment 1001-1: Shipped.")]
    assert status_of(order) == "shipped"
    assert allocated_at(shop, "TEE") == (8, 0)
    html = text(fully)
    assert "<dt>Tracking</dt><dd>1Z999</dd>" in html
    assert "Shipped: every line has shipped in full." in html


def test_mark_shipped_refuses_more_than_the_shipment_or_nothing(client, shop):
    # given
    order = make_order(shop, "1001", approve=True)
    shipment = allocated(shop, order)
    line = shipment.lines.get()
    target = url(order, f"shipments/{shipment.pk}/ship/")
    # when
    too_many = client.post(target, {f"shipped-{line.pk}": "3"}, follow=True)
    not_a_number = client.post(target, {f"shipped-{line.pk}": "two"}, follow=True)
    nothing = client.post(target, {f"shipped-{line.pk}": ""}, follow=True)
    # then
    assert flashes(too_many) == [
        ("error", "Shipment 1001-1: 3 shipped is more than the 2 of the shipment line.")
    ]
    assert flashes(not_a_number) == [("error", "“two” is not a whole number of units shipped.")]
    assert flashes(nothing) == [
        ("error", "Enter how many units of each line have shipped in total.")
    ]
    shipment.refresh_from_db()
    assert (shipment.status, status_of(order)) == ("ready_to_send", "fulfilling")


def test_a_shipment_of_a_fulfillment_channel_cannot_be_marked_by_hand(client, shop):
    # given
    serve_with_channel(shop)
    order = make_order(shop, "1001", approve=True)
    shipment = allocated(shop, order)
    line = shipment.lines.get()
    # when
    page = client.get(url(order))
    response = client.post(
        url(order, f"shipments/{shipment.pk}/ship/"), {f"shipped-{line.pk}": "2"}, follow=True
    )
    # then
    assert "Mark shipped" not in buttons(page)
    assert "<dt>Fulfillment channel</dt><dd>Sandbox 3PL</dd>" in text(page)
    assert flashes(response) == [
        (
            "error",
            "Shipment 1001-1 is handled by Sandbox 3PL: what ships is read back from it.",
        )
    ]
    assert status_of(order) == "fulfilling"


def test_another_orders_shipment_is_not_found(client, shop):
    # given
    first = make_order(shop, "1001", approve=True)
    second = make_order(shop, "1002", ("MUG", 1, "1.00"), approve=True)
    shipment = allocated(shop, second)
    # when
    answers = [
        client.post(url(first, f"shipments/{shipment.pk}/{action}/")).status_code
        for action in ("cancel", "ship")
    ]
    # then
    assert answers == [404, 404]
    shipment.refresh_from_db()
    assert shipment.status == "ready_to_send"


def test_approve_under_the_automatic_workflow_allocates_or_backorders(client, shop):
    # given
    shop.account.enable_automatic_sales_order_workflow = True
    shop.account.save(update_fields=["enable_automatic_sales_order_workflow"])
    fits = make_order(shop, "1001")
    short = make_order(shop, "1002", ("CAP", 1, "1.00"))
    # when
    allocated_now = client.post(url(fits, "approve/"), follow=True)
    backordered = client.post(url(short, "approve/"), follow=True)
    # then
    assert flashes(allocated_now) == [
        ("success", "Order 1001 approved and allocated (automatic workflow).")
    ]
    reason = f"Not Enough Stock at {shop.a.code} for order 1002: CAP (needs 1, 0 available)."
    assert flashes(backordered) == [
        ("warning", f"{reason} The order is backordered."),
        ("success", "Order 1002 approved."),
    ]
    assert (status_of(fits), status_of(short)) == ("fulfilling", "approved")
