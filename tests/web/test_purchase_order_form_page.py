"""Purchase Orders → New purchase order: the next free number, a Draft or an approved order
created from the form with its lines and references, and every problem shown at once next to
its input with nothing stored (also when the form itself found one)."""

from __future__ import annotations

import pytest

from openoms.purchasing.models import PurchaseOrder
from openoms.tenancy.roles import Role
from tests.web.catalog_data import text
from tests.web.purchase_order_data import level_at, make_po, make_shop, po_post

NEW = "/purchase-orders/new/"


@pytest.fixture
def shop(tenant):
    return make_shop(tenant.account)


@pytest.fixture
def client(signed_in):
    return signed_in(Role.ACCOUNT_USER)


def test_the_form_offers_the_next_number_and_the_physical_warehouses(client, shop):
    # given
    make_po(shop, "PO-1007")
    make_po(shop, "SUPPLIER-12")
    # when
    html = text(client.get(NEW))
    # then
    assert 'name="order_number" value="PO-1008"' in html
    assert f'<option value="{shop.a.code}">' in html and f'<option value="{shop.b.code}">' in html
    assert f'<option value="V{shop.account.pk}">' not in html  # virtual: never received at
    assert html.count("<tr data-line-row>") == 6  # five rows and the "Add line" template
    assert 'hx-get="/purchase-orders/skus/"' in html


def test_a_draft_is_created_with_its_lines_and_references(client, shop):
    # given
    data = po_post(
        "PO-2001",
        shop.a.code,
        ("TEE", "6", "LOT-1", ""),
        ("MUG", "1", "", "SN-1"),
        supplier="Acme Textiles",
        requested_ship_date="2026-12-01",
        **{"references-0-name": "Container", "references-0-value": "MSKU1"},
    )
    # when
    response = client.post(NEW, data, follow=True)
    # then
    order = PurchaseOrder.objects.get(order_number="PO-2001")
    assert response.redirect_chain == [(f"/purchase-orders/{order.pk}/", 302)]
    assert "Purchase order PO-2001 created (Draft)." in text(response)
    assert (order.status, order.source, order.supplier) == ("draft", "manual", "Acme Textiles")
    assert str(order.requested_ship_date) == "2026-12-01"
    assert order.references == {"Container": "MSKU1"}
    assert list(order.lines.values_list("sku", "quantity", "lot_number", "serial_number")) == [
        ("TEE", 6, "LOT-1", ""),
        ("MUG", 1, "", "SN-1"),
    ]
    assert level_at(shop, "TEE") == (10, 0)


def test_save_and_approve_counts_incoming(client, shop):
    # when
    response = client.post(NEW, po_post("PO-2001", shop.a.code, approve="1"), follow=True)
    # then
    assert (
        "Purchase order PO-2001 created (Approved): its quantities now count as Incoming."
        in text(response)
    )
    assert PurchaseOrder.objects.get().status == "approved"
    assert level_at(shop, "TEE") == (10, 5)


def test_every_problem_is_shown_at_once_and_nothing_is_stored(client, shop):
    # given: a date that is not one (found by the form), an unknown SKU, a serial on 2 units
    data = po_post(
        "PO-2001",
        "",
        ("GHOST", "1", "", ""),
        ("MUG", "2", "", "SN-1"),
        cancel_after="31/12/2026",
        **{"references-0-name": "", "references-0-value": "orphan"},
    )
    # when
    response = client.post(NEW, data)
    html = text(response)
    # then
    assert response.status_code == 200
    assert "The purchase order was not created: correct the fields marked below." in html
    assert "A date such as 2026-12-31." in html
    assert "The warehouse is required (the code of a physical warehouse)." in html
    assert "Unknown SKU GHOST: create it in the catalog first." in html
    assert "A line with a serial number has quantity 1. This line has 2." in html
    assert "Give the reference a name." in html
    assert 'value="GHOST"' in html and 'value="31/12/2026"' in html  # what was typed stays
    assert not PurchaseOrder.objects.exists()


def test_a_form_problem_alone_still_stores_nothing(client, shop):
    # given: only the form's own problem; the service would accept the rest
    data = po_post("PO-2001", shop.a.code, requested_ship_date="soon", approve="1")
    # when
    response = client.post(NEW, data)
    # then
    assert response.status_code == 200
    assert "A date such as 2026-12-31." in text(response)
    assert not PurchaseOrder.objects.exists()
    assert level_at(shop, "TEE") == (10, 0)


def test_a_taken_number_is_refused_by_its_field(client, shop):
    # given
    make_po(shop, "PO-2001")
    # when
    response = client.post(NEW, po_post("PO-2001", shop.a.code))
    # then
    assert "Purchase order PO-2001 already exists." in text(response)
    assert PurchaseOrder.objects.count() == 1


def test_the_sku_search_offers_the_accounts_variants(client, shop, other_tenant):
    # given
    make_shop(other_tenant.account)  # its own TEE, MUG, CAP
    # when
    html = client.get("/purchase-orders/skus/", {"lines-0-sku": "MU"}).content.decode()
    # then
    assert html.count("<option") == 1 and 'value="MUG"' in html
