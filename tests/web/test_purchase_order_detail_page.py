"""A purchase order's page: what it shows (header, the Lines, Receipts, References and Events
tabs, the sentence explaining each state, the note that receipts come from the fulfillment
channel) and each action's success and refusal: Approve, Send to Warehouse, Cancel, and saving a
Draft's lot and serial numbers."""

from __future__ import annotations

import re

import pytest

from openoms.tenancy.roles import Role
from tests.web.catalog_data import text
from tests.web.purchase_order_data import (
    level_at,
    make_po,
    make_shop,
    mark_sent,
    receive,
    serve_with_channel,
    status_of,
)
from tests.web.sales_order_data import table_rows


@pytest.fixture
def shop(tenant):
    return make_shop(tenant.account)


@pytest.fixture
def client(signed_in):
    return signed_in(Role.ACCOUNT_USER)


def url(order, action: str = "") -> str:
    return f"/purchase-orders/{order.pk}/{action}"


def flashes(response) -> list[tuple[str, str]]:
    return re.findall(r'<div class="flash flash-(\w+)">([^<]*)</div>', text(response))


def buttons(response) -> list[str]:
    """The page's action buttons (the header's Sign out left out)."""
    found = re.findall(r'<button type="submit" class="btn[^"]*">([^<]*)</button>', text(response))
    return [label for label in found if label != "Sign out"]


def test_the_page_shows_a_draft_with_its_tabs(client, shop):
    # given
    order = make_po(
        shop,
        "PO-1001",
        ("TEE", 5, "LOT-A", ""),
        ("MUG", 1, "", "SN-1"),
        supplier="Acme Textiles",
        purchase_order_number="ERP-9",
        source_text="Spring restock",
        references={"Container": "MSKU1234567"},
    )
    # when
    response = client.get(url(order))
    html = text(response)
    # then
    assert response.status_code == 200
    assert table_rows(html, "po-lines") == [
        "1 | TEE | Tee | 5 |  |  | 0 | 5",
        "2 | MUG | Tee | 1 |  |  | 0 | 1",
    ]
    assert 'name="lot-' in html and 'value="LOT-A"' in html and 'value="SN-1"' in html
    assert "<dt>Supplier</dt><dd>Acme Textiles</dd>" in html
    assert "<dt>Purchase order number</dt><dd>ERP-9</dd>" in html
    assert "<dt>Source</dt><dd>Spring restock</dd>" in html
    assert f"<dt>Requested warehouse</dt><dd>{shop.a.code}</dd>" in html
    assert table_rows(html, "po-references") == ["Container | MSKU1234567"]
    assert "Draft: entered but not confirmed" in html
    assert "Receipts come from the fulfillment channel serving the warehouse" in html
    assert "No receipt yet." in html
    assert "Purchase order PO-1001 created (manual)." in html
    assert [tab for tab in re.findall(r'data-tab="(\w+)"', html)] == [
        "lines",
        "receipts",
        "references",
        "events",
    ]
    assert buttons(response) == ["Approve", "Cancel purchase order", "Save lot and serial numbers"]


def test_approve_counts_incoming_and_a_second_approve_is_refused(client, shop):
    # given
    order = make_po(shop, "PO-1001")
    # when
    done = client.post(url(order, "approve/"), follow=True)
    again = client.post(url(order, "approve/"), follow=True)
    # then
    assert flashes(done) == [
        ("success", "Purchase order PO-1001 approved: its quantities now count as Incoming.")
    ]
    assert flashes(again) == [
        ("error", "Purchase order PO-1001 is Approved: it cannot be approved (only when Draft).")
    ]
    assert status_of(order) == "approved"
    assert level_at(shop, "TEE") == (10, 5)
    assert buttons(again) == ["Send to Warehouse", "Cancel purchase order"]
    assert 'name="lot-' not in text(again)  # locked once approved


def test_send_asks_the_fulfillment_channel(client, shop):
    # given
    serve_with_channel(shop)
    order = make_po(shop, "PO-1001", approve=True)
    # when
    response = client.post(url(order, "send/"), follow=True)
    # then
    assert flashes(response) == [
        (
            "success",
            "Purchase order PO-1001: sending to the warehouse requested; it is Sent to Warehouse "
            "once the fulfillment channel accepts it.",
        )
    ]
    order.refresh_from_db()
    assert order.send_requested_at is not None
    assert "the fulfillment channel has not accepted it yet" in text(response)
    assert "<dt>Fulfillment channel</dt><dd>Sandbox 3PL</dd>" in text(response)


def test_send_without_a_channel_says_why(client, shop):
    # given
    order = make_po(shop, "PO-1001", approve=True)
    # when
    response = client.post(url(order, "send/"), follow=True)
    # then
    (level, message), *_ = flashes(response)
    assert level == "error"
    assert message.startswith(
        "Purchase order PO-1001 cannot be sent: no enabled fulfillment channel that receives "
        f"purchase orders serves warehouse {shop.a.code}."
    )
    assert status_of(order) == "approved"
    assert "Last error:" in text(response)


def test_cancel_gives_the_incoming_back(client, shop):
    # given
    order = make_po(shop, "PO-1001", approve=True)
    # when
    response = client.post(url(order, "cancel/"), {"reason": "Supplier out"}, follow=True)
    # then
    assert flashes(response) == [
        ("success", "Purchase order PO-1001 cancelled: nothing more is expected.")
    ]
    assert status_of(order) == "cancelled"
    assert level_at(shop, "TEE") == (10, 0)
    assert "Purchase order PO-1001 cancelled: Supplier out." in text(response)
    assert buttons(response) == []


def test_receipts_and_received_lines_are_shown(client, shop):
    # given a sent order of 5 TEE and 2 MUG; 3 TEE arrived, then the rest
    order = make_po(shop, "PO-1001", ("TEE", 5), ("MUG", 2), approve=True)
    mark_sent(order)
    receive(shop, order, {"TEE": 3}, ref="WRO-1-A")
    partly = text(client.get(url(order)))
    receive(shop, order, {"TEE": 2, "MUG": 2})
    # when
    response = client.get(url(order))
    html = text(response)
    # then
    assert "Receiving: part of it has arrived" in partly
    assert table_rows(partly, "po-lines") == [
        "1 | TEE | Tee | 5 | — | — | 3 | 2",
        "2 | MUG | Tee | 2 | — | — | 0 | 2",
    ]
    assert 'data-receipt="PO-1001-R1"' in partly and "WRO-1-A" in partly
    assert "Short Received" in partly
    assert "Received: every line has arrived in full." in html
    assert html.index('data-receipt="PO-1001-R2"') < html.index('data-receipt="PO-1001-R1"')
    second, first = (html[html.index(f'data-receipt="PO-1001-R{n}"') :] for n in (2, 1))
    assert table_rows(second, "receipt-lines") == ["TEE | 2 | — | —", "MUG | 2 | — | —"]
    assert table_rows(first, "receipt-lines") == ["TEE | 3 | — | —"]
    assert "Receipts (2)" in html
    assert "<dd data-received>7 / 7</dd>" in html
    assert level_at(shop, "TEE") == (15, 0)
    assert buttons(response) == []


def test_lot_and_serial_are_saved_while_draft(client, shop):
    # given
    order = make_po(shop, "PO-1001", ("TEE", 5), ("MUG", 1))
    tee, mug = order.lines.order_by("line_number")
    # when
    response = client.post(
        url(order, "lines/"),
        {
            f"lot-{tee.pk}": "LOT-7",
            f"serial-{tee.pk}": "",
            f"lot-{mug.pk}": "",
            f"serial-{mug.pk}": "SN-2",
        },
        follow=True,
    )
    # then
    assert flashes(response) == [("success", "Lot and serial numbers saved (2 lines).")]
    assert list(order.lines.order_by("line_number").values_list("lot_number", "serial_number")) == [
        ("LOT-7", ""),
        ("", "SN-2"),
    ]


def test_a_serial_on_a_line_of_five_is_refused_and_nothing_is_saved(client, shop):
    # given
    order = make_po(shop, "PO-1001", ("TEE", 5), ("MUG", 1))
    tee, mug = order.lines.order_by("line_number")
    # when
    response = client.post(
        url(order, "lines/"),
        {f"lot-{mug.pk}": "LOT-1", f"serial-{tee.pk}": "SN-9"},
        follow=True,
    )
    # then
    assert flashes(response) == [
        ("error", "Line 1: A line with a serial number has quantity 1. This line has 5.")
    ]
    assert list(order.lines.values_list("lot_number", "serial_number")) == [("", ""), ("", "")]


def test_lines_of_an_approved_order_cannot_be_saved(client, shop):
    # given
    order = make_po(shop, "PO-1001", approve=True)
    line = order.lines.get()
    # when
    response = client.post(url(order, "lines/"), {f"lot-{line.pk}": "LOT-1"}, follow=True)
    # then
    assert flashes(response) == [
        (
            "error",
            "Purchase order PO-1001 is Approved: lot and serial numbers can be changed only "
            "while it is Draft.",
        )
    ]
    line.refresh_from_db()
    assert line.lot_number == ""


def test_actions_are_post_only(client, shop):
    # given
    order = make_po(shop, "PO-1001")
    # when
    answers = [client.get(url(order, f"{a}/")).status_code for a in ("approve", "cancel", "lines")]
    # then
    assert answers == [405, 405, 405]
    assert status_of(order) == "draft"
