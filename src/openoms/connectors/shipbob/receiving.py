"""Purchase orders sent to ShipBob as warehouse receiving orders (WROs, ``POST /receiving``) and
their receipts read back (``GET /receiving/{id}``).

A WRO names items by ShipBob inventory id, not SKU: the SKUs are looked up in the catalog first
(a SKU ShipBob does not have is refused before anything is sent). The PO number is the WRO's
``purchase_order_number`` and makes sending idempotent: a PO already at ShipBob (not cancelled)
is returned as it is, and a send whose answer was lost is looked up before it is sent again.
Packing: one box per WRO with every line (``EverythingInOneBox``), one box per SKU
(``OneSkuPerBox``), or the lines in one box declared as mixed (``MultipleSkuPerBox``).
"""

from __future__ import annotations

from datetime import UTC

from openoms.connectors.base import ConnectorError
from openoms.connectors.fulfillment_types import Receipt, ReceivingOrderDraft, ReceivingStatus
from openoms.connectors.shipbob.client import (
    Reply,
    ShipBobClient,
    expect_list,
    expect_object,
    shape_error,
)
from openoms.connectors.shipbob.products import inventory_ids

SEND, FIND, READ = "send a receiving order", "look up receiving orders", "read a receiving order"
PACKAGE_TYPES = ("Package", "Pallet", "FloorLoadedContainer")
BOX_PACKAGING = ("EverythingInOneBox", "OneSkuPerBox", "MultipleSkuPerBox")


def receiving_order_send(client: ShipBobClient, draft: ReceivingOrderDraft) -> ReceivingStatus:
    """Create the WRO for this purchase order, or return the one ShipBob already has."""
    existing = receiving_order_find(client, draft.reference)
    if existing is not None:
        return existing
    body = receiving_body(draft, inventory_ids(client))

    def sent_before() -> Reply | None:
        found = _find(client, draft.reference)
        return None if found is None else Reply(200, found)

    reply = client.call(
        SEND, "POST", "/receiving", json=body, accept=(201,), before_retry=sent_before
    )
    return receiving_status(SEND, reply.body, already_sent=reply.status != 201)


def receiving_order(client: ShipBobClient, receiving_id: str) -> ReceivingStatus:
    """The WRO as it stands: status and, per SKU, expected, received and stowed."""
    if not str(receiving_id).strip().isdigit():
        raise ConnectorError(f"'{receiving_id}' is not a ShipBob receiving order id (digits).")
    reply = client.call(READ, "GET", f"/receiving/{str(receiving_id).strip()}")
    return receiving_status(READ, reply.body)


def receiving_order_find(client: ShipBobClient, reference: str) -> ReceivingStatus | None:
    """The live (not cancelled) WRO of this purchase order number, or None."""
    found = _find(client, reference)
    return None if found is None else receiving_status(FIND, found, already_sent=True)


def receiving_body(draft: ReceivingOrderDraft, known: dict[str, int]) -> dict:
    """The ``POST /receiving`` body (``Receiving.CreateReceivingOrderModel``)."""
    _check(draft)
    missing = [line.sku for line in draft.lines if line.sku not in known]
    if missing:
        raise ConnectorError(
            f"Purchase order {draft.reference}: ShipBob has no product with SKU "
            f"{', '.join(missing)}; export the products to ShipBob first."
        )
    items = [_box_item(line, known[line.sku]) for line in draft.lines]
    boxes = [items] if draft.box_packaging != "OneSkuPerBox" else [[item] for item in items]
    arrival = draft.expected_arrival
    arrival = arrival if arrival.tzinfo else arrival.replace(tzinfo=UTC)
    return {
        "fulfillment_center": {"id": int(draft.location)},
        "package_type": draft.package_type,
        "box_packaging_type": draft.box_packaging,
        "expected_arrival_date": arrival.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "purchase_order_number": draft.reference,
        "boxes": [
            {"tracking_number": draft.tracking_number or None, "box_items": box} for box in boxes
        ],
    }


def receiving_status(operation: str, wro: object, *, already_sent: bool = False) -> ReceivingStatus:
    """One ``Receiving.V2.WarehouseReceivingOrderViewModel`` read."""
    wro = expect_object(operation, wro)
    if not isinstance(wro.get("id"), int):
        raise shape_error(operation, "a receiving order without an id")
    receipts = []
    for quantity in wro.get("inventory_quantities") or []:
        quantity = expect_object(operation, quantity)
        receipts.append(
            Receipt(
                sku=str(quantity.get("sku") or quantity.get("inventory_id")),
                expected=int(quantity.get("expected_quantity") or 0),
                received=int(quantity.get("received_quantity") or 0),
                stowed=int(quantity.get("stowed_quantity") or 0),
            )
        )
    status = str(wro.get("status") or "")
    return ReceivingStatus(
        receiving_id=str(wro["id"]),
        reference=str(wro.get("purchase_order_number") or ""),
        status=status,
        location=str((wro.get("fulfillment_center") or {}).get("id") or ""),
        receipts=tuple(receipts),
        complete=status == "Completed",
        already_sent=already_sent,
    )


def _find(client: ShipBobClient, reference: str) -> dict | None:
    """The raw live WRO with this PO number (ShipBob filters by ``PurchaseOrderNumbers``; the
    answer is checked here too)."""
    reply = client.call(FIND, "GET", "/receiving", params={"PurchaseOrderNumbers": reference})
    for wro in expect_list(FIND, reply.body):
        wro = expect_object(FIND, wro)
        if wro.get("purchase_order_number") == reference and wro.get("status") != "Cancelled":
            return wro
    return None


def _check(draft: ReceivingOrderDraft) -> None:
    problems = []
    if not draft.reference.strip() or "," in draft.reference:
        problems.append("its number must be set, without commas")
    if not draft.location.strip().isdigit():
        problems.append(f"'{draft.location}' is not a ShipBob fulfillment center id")
    if draft.package_type not in PACKAGE_TYPES:
        problems.append(f"package type must be one of {', '.join(PACKAGE_TYPES)}")
    if draft.box_packaging not in BOX_PACKAGING:
        problems.append(f"box packaging must be one of {', '.join(BOX_PACKAGING)}")
    if not draft.lines or any(line.quantity <= 0 for line in draft.lines):
        problems.append("it needs lines, each with a quantity above 0")
    if problems:
        raise ConnectorError(
            f"Purchase order {draft.reference} cannot be sent to ShipBob: {'; '.join(problems)}."
        )


def _box_item(line, inventory_id: int) -> dict:
    item: dict = {"inventory_id": inventory_id, "quantity": line.quantity}
    if line.lot_number:
        item["lot_number"] = line.lot_number
    return item
