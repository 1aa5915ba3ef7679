"""Sales orders and shipments to the API's JSON (see ``schemas/sales_orders.py``)."""

from __future__ import annotations

from typing import Any

from openoms.orders.models import SalesOrder, SalesOrderLine, Shipment


def _money(value) -> str:
    return f"{value:.2f}"


def sales_order_summary_out(order: SalesOrder) -> dict[str, Any]:
    """An order of the list (its requested warehouse selected with it)."""
    return {
        "id": order.pk,
        "order_number": order.order_number,
        "order_date": order.order_date,
        "status": order.status,
        "source": order.source,
        "channel_id": order.channel_id,
        "external_ref": order.external_ref,
        "customer_name": order.customer_name,
        "email": order.email,
        "warehouse": order.requested_warehouse.code if order.requested_warehouse_id else None,
        "currency": order.currency,
        "total": _money(order.total),
        "backordered": order.is_backordered,
        "backordered_since": order.backordered_since,
        "last_error": order.last_error or None,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
    }


def order_line_out(line: SalesOrderLine) -> dict[str, Any]:
    return {
        "id": line.pk,
        "line_number": line.line_number,
        "sku": line.sku,
        "channel_sku": line.channel_sku,
        "quantity": line.quantity,
        "shipped": line.shipped,
        "price": _money(line.price),
        "amount": _money(line.amount),
    }


def shipment_out(shipment: Shipment) -> dict[str, Any]:
    """A shipment with its lines (prefetched with their order lines) and tracking."""
    return {
        "id": shipment.pk,
        "number": shipment.number,
        "order_id": shipment.order_id,
        "order_number": shipment.order.order_number,
        "status": shipment.status,
        "warehouse": shipment.warehouse.code,
        "fulfillment_channel_id": shipment.fulfillment_channel_id,
        "external_ref": shipment.external_ref,
        "carrier": shipment.carrier_code,
        "service": shipment.service_code,
        "tracking": [_tracking(item) for item in shipment.tracking or []],
        "lines": [
            {
                "id": line.pk,
                "order_line_id": line.order_line_id,
                "sku": line.order_line.sku,
                "quantity": line.quantity,
                "shipped": line.shipped,
            }
            for line in shipment.lines.all()
        ],
        "last_error": shipment.last_error or None,
        "created_at": shipment.created_at,
        "sent_at": shipment.sent_at,
        "shipped_at": shipment.shipped_at,
    }


def _tracking(item: dict) -> dict[str, Any]:
    return {
        "number": str(item.get("number") or ""),
        "carrier": item.get("carrier") or None,
        "url": item.get("url") or None,
    }


def sales_order_out(order: SalesOrder) -> dict[str, Any]:
    """The order with its addresses, lines and shipments (``sales_order_get`` loads them)."""
    return sales_order_summary_out(order) | {
        "phone": order.phone,
        "ship_to": order.ship_to or {},
        "bill_to": order.bill_to or {},
        "carrier": order.carrier_code,
        "service": order.service_code,
        "cancel_after": order.cancel_after,
        "reference_number": order.reference_number,
        "cancel_requested_at": order.cancel_requested_at,
        "redacted_at": order.redacted_at,
        "lines": [order_line_out(line) for line in order.lines.all()],
        "shipments": [_order_shipment_out(order, s) for s in order.shipments.all()],
    }


def _order_shipment_out(order: SalesOrder, shipment: Shipment) -> dict[str, Any]:
    shipment.order = order  # the same row: no query for its number
    return shipment_out(shipment)
