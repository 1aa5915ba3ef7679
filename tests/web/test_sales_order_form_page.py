"""Sales Orders → New order: the next free number, a Draft or an approved order saved, every
problem shown next to its input with everything typed kept, and the SKU search."""

from __future__ import annotations

import re

import pytest

from openoms.orders.models import SalesOrder
from openoms.tenancy.roles import Role
from tests.web.catalog_data import text
from tests.web.sales_order_data import ADDRESS, make_order, make_shop, order_post

NEW = "/sales-orders/new/"


@pytest.fixture
def shop(tenant):
    return make_shop(tenant.account)


@pytest.fixture
def client(signed_in):
    return signed_in(Role.ACCOUNT_USER)


def value_of(html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    return found.group(1) if found else "(missing)"


def error_after(html: str, name: str) -> str:
    """The error shown right after the input ``name`` (in its cell or field), "" if none."""
    start = html.index(f'name="{name}"')
    rest = html[start:]
    end = min(i for i in (rest.find("</td>"), rest.find("</div>")) if i >= 0)
    found = re.search(r'<p class="field-error">([^<]*)</p>', rest[:end])
    return found.group(1) if found else ""


def test_the_form_offers_the_next_free_number(client, shop):
    # given
    make_order(shop, "1041")
    make_order(shop, "WEB-7")
    make_order(shop, "1042", ("MUG", 1, "1.00"))
    # when
    html = text(client.get(NEW))
    # then
    assert value_of(html, "order_number") == "1043"
    assert html.count("<tr data-line-row>") == 5 + 1  # five rows and the script's template
    assert f'<option value="{shop.a.code}">' in html and f'<option value="{shop.b.code}">' in html
    assert '<datalist id="order-carriers"><option value="UPS">UPS</option></datalist>' in html


def test_the_first_order_number_is_1001(client, shop):
    assert value_of(text(client.get(NEW)), "order_number") == "1001"


def test_save_stores_a_draft_with_the_ship_to_as_bill_to(client, shop):
    # given
    data = order_post("2001", ("TEE", "2", "9.50"), ("", "", ""), ("MUG", "1", ""))
    data.update({"customer_name": "Ada", "warehouse": shop.b.code, "cancel_after": "2026-12-31"})
    # when
    response = client.post(NEW, data)
    # then
    order = SalesOrder.objects.get(account=shop.account, order_number="2001")
    assert response.status_code == 302 and response["Location"] == f"/sales-orders/{order.pk}/"
    assert (order.status, order.source, order.customer_name) == ("draft", "manual", "Ada")
    assert order.requested_warehouse == shop.b and str(order.cancel_after) == "2026-12-31"
    assert [(line.sku, line.quantity, str(line.price)) for line in order.lines.all()] == [
        ("TEE", 2, "9.50"),
        ("MUG", 1, "0.00"),
    ]
    assert order.ship_to == ADDRESS and order.bill_to == ADDRESS
    assert "Order 2001 created (Draft)." in text(client.get(response["Location"]))


def test_save_and_approve_with_its_own_bill_to(client, shop):
    # given
    data = order_post("2001", approve="1", **{"bill_to-name": "Accounts", "bill_to-city": "Ottawa"})
    del data["save"], data["same_as_ship_to"]
    # when
    client.post(NEW, data)
    # then
    order = SalesOrder.objects.get(account=shop.account, order_number="2001")
    assert order.status == "approved"
    assert order.bill_to == {"name": "Accounts", "city": "Ottawa"}


def test_every_problem_is_shown_at_its_input_and_nothing_typed_is_lost(client, shop):
    # given
    make_order(shop, "2001")
    data = order_post(
        "2001",
        ("TEE", "0", "1.00"),
        ("NOPE", "3", "2.345"),
        cancel_after="31/12/2026",
        customer_name="Ada Lovelace",
        **{"ship_to-city": "x" * 201},
    )
    data["lines-7-sku"], data["lines-7-quantity"] = "MUG", "two"  # a row added by the script
    # when
    response = client.post(NEW, data)
    html = text(response)
    # then
    assert response.status_code == 200
    assert SalesOrder.objects.filter(account=shop.account).count() == 1
    assert "The order was not created: correct the fields marked below." in html
    assert error_after(html, "order_number") == "Order 2001 already exists."
    assert error_after(html, "cancel_after") == "A date such as 2026-12-31."
    assert error_after(html, "ship_to-city") == "Longer than 200 characters."
    assert error_after(html, "lines-0-quantity") == "The quantity must be at least 1."
    assert error_after(html, "lines-1-sku") == "Unknown SKU NOPE: create it in the catalog first."
    assert error_after(html, "lines-1-price") == (
        "The price is a number from 0 with at most 2 decimals."
    )
    assert error_after(html, "lines-2-quantity") == "The quantity is a whole number."
    assert error_after(html, "lines-0-sku") == ""
    typed = {
        "order_number": "2001",
        "customer_name": "Ada Lovelace",
        "cancel_after": "31/12/2026",
        "ship_to-name": "Ada Lovelace",
        "lines-0-sku": "TEE",
        "lines-1-price": "2.345",
        "lines-2-sku": "MUG",
        "lines-2-quantity": "two",
        "carrier": "UPS",
    }
    assert {name: value_of(html, name) for name in typed} == typed


def test_an_order_without_lines_or_with_an_unknown_carrier_is_refused(client, shop):
    # given
    data = order_post("2001", ("", "", ""), carrier="ZZZ", warehouse="NOWHERE")
    # when
    html = text(client.post(NEW, data))
    # then
    assert "Lines: An order needs at least one line." in html
    assert error_after(html, "carrier") == 'Carrier code "ZZZ" is not in the carrier list.'
    assert error_after(html, "warehouse") == "Warehouse NOWHERE is not enabled for this account."
    assert not SalesOrder.objects.filter(account=shop.account).exists()


def test_the_sku_search_offers_only_the_accounts_skus(client, shop, other_tenant):
    # given
    make_shop(other_tenant.account)  # has TEE, MUG and CAP too
    from tests.inventory.stock import make_variants

    make_variants(shop.account, "TEE-XL", product_name="Big Tee")
    make_variants(other_tenant.account, "TEE-XXL", product_name="Theirs")
    # when
    html = client.get("/sales-orders/skus/?lines-3-sku=tee-x").content.decode()
    # then
    assert re.findall(r'<option value="([^"]*)"', html) == ["TEE-XL"]


def test_save_and_approve_under_the_automatic_workflow_allocates(client, shop):
    # given
    shop.account.enable_automatic_sales_order_workflow = True
    shop.account.save(update_fields=["enable_automatic_sales_order_workflow"])
    # when
    response = client.post(NEW, order_post("2001", approve="1"), follow=True)
    # then
    order = SalesOrder.objects.get(account=shop.account, order_number="2001")
    assert order.status == "fulfilling"
    assert "Order 2001 created (Fulfilling) and allocated (automatic workflow)." in text(response)
    assert 'data-shipment="2001-1"' in text(response)
