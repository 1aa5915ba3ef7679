"""Creating purchase orders: stored whole with their lines and an Event, or refused with every
problem at once (keyed by field) and nothing stored; a serial number means quantity 1; the API
Validation Rules for purchase orders; lot and serial numbers editable only while Draft."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.core.errors import Conflict, NotFound, ValidationFailed
from openoms.purchasing.drafts import PurchaseLineDraft, PurchaseOrderDraft
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderLine
from openoms.purchasing.services.purchase_orders import (
    purchase_order_create,
    purchase_order_line_update,
)
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role
from tests.inventory.stock import make_warehouse
from tests.purchasing.conftest import approved, created, po_draft, stock

pytestmark = pytest.mark.django_db


def nothing_stored() -> tuple[int, int, int]:
    return PurchaseOrder.objects.count(), PurchaseOrderLine.objects.count(), Event.objects.count()


def test_a_purchase_order_is_stored_as_draft_with_its_lines(buyer):
    # when
    order = created(
        buyer,
        "PO-1",
        ("TEE", 6, "LOT-9", ""),
        ("MUG", "1", "", "SN-1"),
        supplier=" Acme Mills ",
        references={"Container": "MSCU-1"},
    )
    # then
    order = PurchaseOrder.objects.get(pk=order.pk)
    assert (order.status, order.source, order.warehouse, order.supplier) == (
        "draft",
        "api",
        buyer.a,
        "Acme Mills",
    )
    assert (order.carrier_code, order.service_code, order.references) == (
        "UPS",
        "GND",
        {"Container": "MSCU-1"},
    )
    assert list(
        order.lines.values_list(
            "line_number", "sku", "quantity", "lot_number", "serial_number", "received"
        )
    ) == [
        (1, "TEE", 6, "LOT-9", "", 0),
        (2, "MUG", 1, "", "SN-1", 0),
    ]
    assert list(
        Event.objects.filter(entity_type="purchase_order", entity_id=str(order.pk)).values_list(
            "level", "message"
        )
    ) == [("info", "Purchase order PO-1 created (api).")]
    assert stock(buyer, "TEE") == (10, 0)  # a Draft expects nothing yet


def test_a_serial_number_with_quantity_two_is_refused_and_nothing_is_stored(buyer):
    # given
    before = nothing_stored()
    # when
    with pytest.raises(ValidationFailed) as refused:
        created(buyer, "PO-1", ("TEE", 2, "", "SN-1"))
    # then
    assert refused.value.errors == {
        "lines.0.serial_number": "A line with a serial number has quantity 1. This line has 2."
    }
    assert nothing_stored() == before


def test_every_problem_is_reported_at_once_and_nothing_is_stored(buyer):
    # given an order PO-1 already, a draft wrong in every way, the carrier rule an Error
    created(buyer, "PO-1")
    Account.objects.filter(pk=buyer.account.pk).update(purchase_order_carrier_code_rule="error")
    buyer.account.refresh_from_db()
    before = nothing_stored()
    draft = po_draft(
        "PO-1",
        ("NOPE", 1),
        ("TEE", 0),
        ("MUG", 3, "", "SN-7"),
        ("TEE", "two"),
        warehouse="V",
        carrier="FEDEX",
        supplier="x" * 201,
        references={"Container": 5},
    )
    # when
    with pytest.raises(ValidationFailed) as refused:
        purchase_order_create(
            actor=buyer.actor, account=buyer.account, draft=draft, source="manual"
        )
    # then
    assert refused.value.errors == {
        "order_number": "Purchase order PO-1 already exists.",
        "warehouse": "Warehouse V is virtual: purchase orders are received at physical warehouses.",
        "supplier": "Longer than 200 characters.",
        "references.Container": "A text of at most 200 characters.",
        "lines.0.sku": "Unknown SKU NOPE: create it in the catalog first.",
        "lines.1.quantity": "The quantity must be at least 1.",
        "lines.2.serial_number": "A line with a serial number has quantity 1. This line has 3.",
        "lines.3.quantity": "The quantity is a whole number.",
        "carrier": 'Carrier code "FEDEX" is not in the carrier list.',
    }
    assert str(refused.value.message).startswith("The purchase order was not created: ")
    assert nothing_stored() == before


def test_the_warehouse_is_required_and_must_be_enabled_for_the_account(buyer, tenant):
    # given warehouse C of the organization, not enabled for this account
    make_warehouse(buyer.account.organization, "C")
    # when
    with pytest.raises(ValidationFailed) as missing:
        created(buyer, "PO-1", warehouse="")
    with pytest.raises(ValidationFailed) as disabled:
        created(buyer, "PO-1", warehouse="c")
    # then
    assert missing.value.errors == {
        "warehouse": "The warehouse is required (the code of a physical warehouse)."
    }
    assert disabled.value.errors == {"warehouse": "Warehouse C is not enabled for this account."}
    assert PurchaseOrder.objects.count() == 0


def test_no_line_and_too_many_lines_are_refused(buyer):
    # when / then
    with pytest.raises(ValidationFailed) as empty:
        purchase_order_create(
            actor=buyer.actor,
            account=buyer.account,
            draft=PurchaseOrderDraft("PO-1", "A", [], carrier="UPS", service="GND"),
            source="api",
        )
    assert empty.value.errors == {"lines": "A purchase order needs at least one line."}
    many = [PurchaseLineDraft("TEE", 1)] * 501
    with pytest.raises(ValidationFailed) as too_many:
        purchase_order_create(
            actor=buyer.actor,
            account=buyer.account,
            draft=PurchaseOrderDraft("PO-1", "A", many, carrier="UPS", service="GND"),
            source="api",
        )
    assert too_many.value.errors == {"lines": "A purchase order has at most 500 lines (501 sent)."}


def test_a_missing_carrier_is_an_error_or_a_warning_as_the_account_says(buyer):
    # given the account's rule for purchase orders set to Error (the default is Warning)
    Account.objects.filter(pk=buyer.account.pk).update(purchase_order_carrier_code_rule="error")
    buyer.account.refresh_from_db()
    with pytest.raises(ValidationFailed) as refused:
        created(buyer, "PO-1", carrier="", service="")
    assert refused.value.errors == {"carrier": "The carrier code is missing."}
    # when the account says Warning
    Account.objects.filter(pk=buyer.account.pk).update(purchase_order_carrier_code_rule="warning")
    buyer.account.refresh_from_db()
    order = created(buyer, "PO-1", carrier="", service="")
    # then the order is stored, with the warning recorded
    assert (
        Event.objects.filter(entity_type="purchase_order", entity_id=str(order.pk), level="warning")
        .values_list("message", flat=True)
        .get()
        == "The carrier code is missing."
    )


def test_approve_on_create_counts_incoming(buyer):
    # when
    order = created(buyer, "PO-1", approve=True)
    # then
    assert order.status == "approved"
    assert (stock(buyer, "TEE"), stock(buyer, "MUG")) == ((10, 6), (0, 4))


def test_lot_and_serial_numbers_change_only_while_draft(buyer):
    # given a draft with one TEE line, and an approved order
    draft = created(buyer, "PO-1", ("TEE", 1))
    line = draft.lines.get()
    # when
    updated = purchase_order_line_update(
        actor=buyer.actor, line=line, lot_number=" L-1 ", serial_number="SN-1"
    )
    # then
    assert (updated.lot_number, updated.serial_number) == ("L-1", "SN-1")
    order = approved(buyer, "PO-2", ("TEE", 1))
    with pytest.raises(Conflict) as refused:
        purchase_order_line_update(
            actor=buyer.actor, line=order.lines.get(), lot_number="L-2", serial_number=""
        )
    assert refused.value.message == (
        "Purchase order PO-2 is Approved: lot and serial numbers can be changed only while it "
        "is Draft."
    )
    assert order.lines.get().lot_number == ""


def test_a_serial_number_on_a_line_of_several_is_refused_on_update(buyer):
    # given
    line = created(buyer, "PO-1", ("TEE", 5)).lines.get()
    # when
    with pytest.raises(ValidationFailed) as refused:
        purchase_order_line_update(actor=buyer.actor, line=line, lot_number="", serial_number="S")
    # then
    assert refused.value.errors == {
        "lines.0.serial_number": "A line with a serial number has quantity 1. This line has 5."
    }
    assert PurchaseOrderLine.objects.get(pk=line.pk).serial_number == ""


def test_another_tenant_can_neither_create_nor_edit(buyer, other_tenant):
    # given
    stranger = Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER))
    line = created(buyer, "PO-1", ("TEE", 1)).lines.get()
    # then
    with pytest.raises(NotFound):
        purchase_order_create(
            actor=stranger, account=buyer.account, draft=po_draft("PO-2"), source="api"
        )
    with pytest.raises(NotFound):
        purchase_order_line_update(actor=stranger, line=line, lot_number="X", serial_number="")
    assert (
        PurchaseOrder.objects.count(),
        PurchaseOrderLine.objects.get(pk=line.pk).lot_number,
    ) == (1, "")
