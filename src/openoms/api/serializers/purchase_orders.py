"""Purchase orders, their lines, receipts and events to the API's JSON (see
``schemas/purchase_orders.py``)."""

from __future__ import annotations

from typing import Any

from openoms.activity.models import Event
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderLine, Receipt


def _totals(order: PurchaseOrder) -> tuple[int, int, int]:
    """(lines, units ordered, units received): the list's annotations, else the loaded lines."""
    if hasattr(order, "line_count"):
        return order.line_count, order.quantity_total or 0, order.received_total or 0
    lines = list(order.lines.all())
    return len(lines), sum(x.quantity for x in lines), sum(x.received for x in lines)


def purchase_order_summary_out(order: PurchaseOrder) -> dict[str, Any]:
    """An order of the list (its warehouse selected with it, its totals annotated)."""
    line_count, quantity, received = _totals(order)
    return {
        "id": order.pk,
        "order_number": order.order_number,
        "order_date": order.order_date,
        "status": order.status,
        "source": order.source,
        "warehouse": order.warehouse.code,
        "supplier": order.supplier,
        "reference_number": order.reference_number,
        "purchase_order_number": order.purchase_order_number,
        "line_count": line_count,
        "quantity": quantity,
        "received": received,
        "channel_id": order.channel_id,
        "external_ref": order.external_ref,
        "last_error": order.last_error or None,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
    }


def purchase_line_out(line: PurchaseOrderLine) -> dict[str, Any]:
    return {
        "id": line.pk,
        "line_number": line.line_number,
        "sku": line.sku,
        "variant_id": line.variant_id,
        "quantity": line.quantity,
        "received": line.received,
        "open": line.open_quantity,
        "lot_number": line.lot_number,
        "serial_number": line.serial_number,
    }


def receipt_out(receipt: Receipt) -> dict[str, Any]:
    """A receipt with its lines (prefetched)."""
    return {
        "id": receipt.pk,
        "number": receipt.number,
        "status": receipt.status,
        "external_ref": receipt.external_ref,
        "received_at": receipt.received_at,
        "lines": [
            {
                "id": line.pk,
                "order_line_id": line.order_line_id,
                "sku": line.sku,
                "quantity": line.quantity,
                "lot_number": line.lot_number,
                "serial_number": line.serial_number,
            }
            for line in receipt.lines.all()
        ],
    }


def event_out(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "level": event.level,
        "message": event.message,
        "actor": event.actor_label,
        "created_at": event.created_at,
    }


def purchase_order_out(
    order: PurchaseOrder, receipts: list[Receipt], events: list[Event]
) -> dict[str, Any]:
    """The order with its lines (``purchase_order_get`` loads them), receipts and events."""
    return purchase_order_summary_out(order) | {
        "source_text": order.source_text,
        "carrier": order.carrier_code,
        "service": order.service_code,
        "cancel_after": order.cancel_after,
        "requested_ship_date": order.requested_ship_date,
        "references": {str(k): str(v) for k, v in (order.references or {}).items()},
        "send_requested_at": order.send_requested_at,
        "sent_at": order.sent_at,
        "lines": [purchase_line_out(line) for line in order.lines.all()],
        "receipts": [receipt_out(receipt) for receipt in receipts],
        "events": [event_out(event) for event in events],
    }
