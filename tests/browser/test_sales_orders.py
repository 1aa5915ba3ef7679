"""Sales orders in a real browser: a manual order entered in the form (line rows added and
removed by the page's script), approved, allocated and fulfilled, its shipment marked shipped
(no fulfillment channel serves the warehouse) and the order Shipped; then a backorder: an
order for more than the stock is flagged with the reason, stock arrives through Adjust
Inventory, the queued re-evaluation runs (here: this test, as a worker would) and the order is
allocated."""

from __future__ import annotations

import re

from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from openoms.orders.models import SalesOrder
from openoms.orders.services.backorders import backorders_reevaluate
from openoms.tenancy.roles import Role
from tests.web.sales_order_data import make_shop


def menu(page, label: str):
    return page.get_by_role("navigation", name="Main menu").get_by_role("link", name=label)


def flash(page):
    return page.get_by_role("status")


def new_order(page, number: str, sku: str, quantity: str, price: str):
    """Sales Orders → New order, with the number, UPS Ground, an address and one line."""
    menu(page, "Sales Orders").click()
    page.get_by_role("link", name="New order").click()
    page.get_by_label("Order number").fill(number)
    page.get_by_label("Carrier code").fill("UPS")
    page.get_by_label("Service code").fill("GND")
    page.get_by_label("Customer name").fill("Ada Lovelace")
    page.locator("#id-ship_to-name").fill("Ada Lovelace")
    page.locator("#id-ship_to-address1").fill("1 Main St")
    page.locator("#id-ship_to-country").fill("CA")
    expect(page.locator("[data-bill-to]")).to_be_hidden()  # "Same as ship to" is ticked
    page.get_by_label("SKU, line 1").fill(sku)
    page.get_by_label("Quantity, line 1").fill(quantity)
    page.get_by_label("Price, line 1").fill(price)


def enter_approve_allocate_and_ship(page, shop):
    new_order(page, "1001", "TEE", "2", "20.00")
    expect(page.locator("#order-skus option[value='TEE']")).to_have_count(1)  # the SKU search
    rows = page.locator("tr[data-line-row]")
    expect(rows).to_have_count(5)
    page.get_by_role("button", name="Add line").click()
    expect(rows).to_have_count(6)
    rows.nth(5).locator("input").first.fill("MUG")
    rows.nth(5).locator("input").nth(1).fill("1")
    page.get_by_role("button", name="Remove line 2").click()
    expect(rows).to_have_count(5)
    page.get_by_role("button", name="Save (Draft)").click()
    expect(flash(page)).to_contain_text("Order 1001 created (Draft).")
    expect(page.locator("h1")).to_contain_text("Draft")
    expect(page.locator("table.order-lines tbody tr")).to_have_count(2)

    page.get_by_role("button", name="Approve").click()
    expect(flash(page)).to_contain_text("Order 1001 approved.")
    page.get_by_role("button", name="Allocate & Fulfill").click()
    expect(flash(page)).to_contain_text(
        f"Order 1001 allocated at {shop.a.code}: shipment 1001-1 is ready to send."
    )
    shipment = page.locator('[data-shipment="1001-1"]')
    expect(shipment).to_contain_text("Ready to send")
    expect(page.locator("h1")).to_contain_text("Fulfilling")

    shipment.get_by_label("Tracking number (optional)").fill("1Z999")
    shipment.get_by_role("button", name="Mark shipped").click()
    expect(flash(page)).to_contain_text("Shipment 1001-1: Shipped.")
    expect(page.locator("h1")).to_contain_text("Shipped")
    expect(page.locator('[data-shipment="1001-1"]')).to_contain_text("1Z999")
    assert SalesOrder.objects.get(order_number="1001").status == "shipped"


def backorder_then_stock_arrives(page, shop):
    new_order(page, "1002", "CAP", "3", "7.00")
    page.get_by_role("button", name="Save and approve").click()
    expect(flash(page)).to_contain_text("Order 1002 created (Approved).")
    page.get_by_role("button", name="Allocate & Fulfill").click()
    reason = f"Not Enough Stock at {shop.a.code} for order 1002: CAP (needs 3, 0 available)."
    expect(flash(page)).to_contain_text(reason)
    expect(page.locator("[data-backordered]")).to_contain_text(reason)

    menu(page, "Sales Orders").click()
    badge = page.locator("tr", has_text="1002").locator(".badge", has_text="Backordered")
    expect(badge).to_have_attribute("title", reason)

    menu(page, "Adjust Inventory").click()
    page.get_by_label("Warehouse").select_option(shop.a.code)
    page.get_by_label("SKU", exact=True).fill("CAP")
    page.get_by_label("Add").check()
    page.get_by_label("Quantity").fill("5")
    page.get_by_label("Reason").fill("Delivery")
    page.get_by_role("button", name="Apply").click()
    expect(flash(page)).to_contain_text(f"CAP at {shop.a.code}: 0 → 5")

    queued = DBTaskResult.objects.filter(task_path__endswith="backorders_task")
    assert [row.args_kwargs["args"] for row in queued] == [[shop.account.pk]]
    assert backorders_reevaluate(account_id=shop.account.pk) == 1  # what the worker runs

    menu(page, "Sales Orders").click()
    page.get_by_role("link", name="1002").click()
    expect(page.locator("h1")).to_contain_text("Fulfilling")
    expect(page.locator('[data-shipment="1002-1"]')).to_contain_text("Ready to send")
    expect(page.locator("[data-backordered]")).to_have_count(0)
    expect(page.locator(".events-table")).to_contain_text(
        re.compile(r"Order 1002 allocated at .*: shipment 1002-1 is ready to send\.")
    )


def test_a_manual_order_ships_and_a_backorder_is_allocated_when_stock_arrives(
    page, sign_in, tenant
):
    shop = make_shop(tenant.account)
    sign_in(tenant.user(Role.ACCOUNT_USER))
    enter_approve_allocate_and_ship(page, shop)
    backorder_then_stock_arrives(page, shop)
