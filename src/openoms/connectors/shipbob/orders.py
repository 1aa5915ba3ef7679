"""Orders sent to ShipBob for fulfillment, cancelled, and their shipments read back.

``POST /order`` carries the ``shipbob_channel_id`` header and OpenOMS's reference as
``reference_id``, which ShipBob keeps unique per channel: a repeated one is refused with 422. That
refusal means "already sent" (a retry after a lost answer, a second send): the order is looked
up (``GET /order?ReferenceIds=``) and returned, so an order is never created twice. ShipBob
cancels only shipments not yet picked or packed (``POST /order/{id}:cancel``); a refusal is a
``CancelResult`` saying why.
"""

from __future__ import annotations

from datetime import UTC, datetime

from openoms.connectors.base import ConnectorError
from openoms.connectors.fulfillment_types import (
    CancelResult,
    FulfillmentOrder,
    SentOrder,
    Shipment,
)
from openoms.connectors.order_types import ShipmentLine, Tracking
from openoms.connectors.shipbob.client import (
    Reply,
    ShipBobClient,
    error_messages,
    expect_list,
    expect_object,
    shape_error,
)

SEND, FIND, CANCEL = "send an order", "look up orders", "cancel an order"
SHIPMENTS, UPDATED = "read an order's shipments", "read updated orders"
ORDERS_PER_PAGE = 250
SHIPPED, CANCELLED = "Completed", "Cancelled"


def order_body(order: FulfillmentOrder) -> dict:
    """The ``POST /order`` body (``Orders.CreateOrderModel``): products by reference id (the
    SKU), a DTC order; optional fields only when OpenOMS has them."""
    to = order.ship_to
    missing = [
        label
        for label, value in (
            ("a name", to.name or to.company),
            ("a first address line", to.address1),
            ("a city", to.city),
            ("a country", to.country),
        )
        if not value.strip()
    ]
    if missing:
        raise ConnectorError(
            f"Order {order.reference} cannot be sent to ShipBob: its ship-to address needs "
            f"{', '.join(missing)}."
        )
    if not order.lines:
        raise ConnectorError(f"Order {order.reference} has no line to send to ShipBob.")
    body: dict = {
        "reference_id": order.reference,
        "shipping_method": order.shipping_method,
        "type": "DTC",
        "recipient": _recipient(order),
        "products": [_product(line) for line in order.lines],
    }
    optional = {
        "order_number": order.order_number,
        "gift_message": order.gift_message,
        "purchase_date": _iso(order.purchase_date) if order.purchase_date else "",
        "location_id": int(order.location) if order.location.isdigit() else None,
    }
    return body | {key: value for key, value in optional.items() if value}


def order_send(client: ShipBobClient, channel_id: str, order: FulfillmentOrder) -> SentOrder:
    """Create the order at ShipBob, or find the one it already has with this reference."""
    if "," in order.reference or not order.reference.strip():
        raise ConnectorError(
            f"'{order.reference}' cannot be a ShipBob reference: it must be set, without commas."
        )
    reply = client.call(
        SEND,
        "POST",
        "/order",
        json=order_body(order),
        headers={"shipbob_channel_id": channel_id},
        accept=(201, 422),
    )
    if reply.status == 201:
        return sent_order(expect_object(SEND, reply.body), already_sent=False)
    found = order_find(client, channel_id, order.reference)
    if found is None:
        raise ConnectorError(
            f"ShipBob refused order {order.reference} (422): {'; '.join(error_messages(reply.body)).rstrip('.')}."
        )
    return found


def order_find(client: ShipBobClient, channel_id: str, reference: str) -> SentOrder | None:
    """The channel's order with this reference at ShipBob, or None."""
    reply = client.call(
        FIND,
        "GET",
        "/order",
        params={"ReferenceIds": reference},
        headers={"shipbob_channel_id": channel_id},
    )
    for order in expect_list(FIND, reply.body):
        order = expect_object(FIND, order)
        channel = (order.get("channel") or {}).get("id")
        if order.get("reference_id") == reference and channel in (None, int(channel_id)):
            return sent_order(order, already_sent=True)
    return None


def order_cancel(client: ShipBobClient, order_id: str) -> CancelResult:
    """Cancel the order's open shipments. Cancelled (or partly, when some were picked
    already), or refused with ShipBob's reason; an order already cancelled stays cancelled."""
    path = f"/order/{_id(order_id)}:cancel"
    reply = client.call(CANCEL, "POST", path, accept=(200, 422))
    if reply.status == 422:
        return _cancel_refused(client, order_id, reply)
    body = expect_object(CANCEL, reply.body)
    status = str(body.get("status") or "")
    refused = [
        str(result.get("reason") or "")
        for result in body.get("canceled_shipment_results") or []
        if isinstance(result, dict) and not result.get("is_success")
    ]
    return CancelResult(
        order_id=str(order_id),
        cancelled=status in ("Success", "PartialSuccess"),
        status=status,
        reason="; ".join(dict.fromkeys(r for r in refused if r)),
        partly=status == "PartialSuccess",
    )


def shipments(client: ShipBobClient, order_id: str) -> list[Shipment]:
    """The order's shipments as ShipBob reports them now (open, shipped, cancelled)."""
    reply = client.call(SHIPMENTS, "GET", f"/order/{_id(order_id)}/shipment")
    return [shipment(SHIPMENTS, item) for item in expect_list(SHIPMENTS, reply.body)]


def shipments_since(client: ShipBobClient, since: datetime) -> list[Shipment]:
    """Every shipment updated at or after ``since`` (UTC when naive), of the orders ShipBob
    reports updated since then (``LastUpdateStartDate``, every page): the polling safety net
    beside the webhooks."""
    since = since if since.tzinfo else since.replace(tzinfo=UTC)
    params = {"LastUpdateStartDate": _iso(since), "Limit": ORDERS_PER_PAGE, "Page": 1}
    found: list[Shipment] = []
    while True:
        page = expect_list(UPDATED, client.call(UPDATED, "GET", "/order", params=params).body)
        for order in page:
            for item in expect_object(UPDATED, order).get("shipments") or []:
                read = shipment(UPDATED, item)
                if read.updated_at is None or read.updated_at >= since:
                    found.append(read)
        if len(page) < ORDERS_PER_PAGE:
            return found
        params["Page"] += 1


def sent_order(order: dict, *, already_sent: bool) -> SentOrder:
    if not isinstance(order.get("id"), int):
        raise shape_error(SEND, "an order without an id")
    return SentOrder(
        order_id=str(order["id"]),
        reference=str(order.get("reference_id") or ""),
        status=str(order.get("status") or ""),
        already_sent=already_sent,
        shipments=tuple(shipment(SEND, item) for item in order.get("shipments") or []),
    )


def shipment(operation: str, item: object) -> Shipment:
    """One ``Orders.ShipmentViewModel`` read: its lines (SKU and the units of its inventory
    items), its tracking once it has a number, and whether it shipped (``Completed``)."""
    item = expect_object(operation, item)
    if not isinstance(item.get("id"), int):
        raise shape_error(operation, "a shipment without an id")
    status = str(item.get("status") or "")
    return Shipment(
        shipment_id=str(item["id"]),
        order_id=str(item.get("order_id") or ""),
        reference=str(item.get("reference_id") or ""),
        status=status,
        location=str((item.get("location") or {}).get("id") or ""),
        lines=tuple(_lines(operation, item.get("products") or [])),
        tracking=_tracking(item.get("tracking") or {}),
        shipped_at=_datetime(item.get("actual_fulfillment_date")),
        updated_at=_datetime(item.get("last_update_at")),
        shipped=status == SHIPPED,
        cancelled=status == CANCELLED,
    )


def _cancel_refused(client: ShipBobClient, order_id: str, reply: Reply) -> CancelResult:
    """A 422: cancelled already (a retry after a lost answer) or refused with a reason."""
    reason = "; ".join(error_messages(reply.body)) or "ShipBob refused to cancel the order."
    reread = client.call(CANCEL, "GET", f"/order/{_id(order_id)}")
    status = str(expect_object(CANCEL, reread.body).get("status") or "")
    if status == CANCELLED:
        return CancelResult(str(order_id), cancelled=True, status=status)
    return CancelResult(str(order_id), cancelled=False, status=status, reason=reason)


def _lines(operation: str, products: list) -> list[ShipmentLine]:
    lines = []
    for product in products:
        product = expect_object(operation, product)
        sku = product.get("sku") or product.get("reference_id")
        items = product.get("inventory_items") or []
        quantity = sum(i.get("quantity") or 0 for i in items if isinstance(i, dict))
        if sku and quantity:
            lines.append(ShipmentLine(str(sku), int(quantity)))
    return lines


def _tracking(tracking: dict) -> Tracking | None:
    if not tracking.get("tracking_number"):
        return None
    return Tracking(
        carrier=str(tracking.get("carrier") or ""),
        number=str(tracking["tracking_number"]),
        url=str(tracking.get("tracking_url") or ""),
        service=str(tracking.get("carrier_service") or ""),
    )


def _recipient(order: FulfillmentOrder) -> dict:
    to = order.ship_to
    address = {"address1": to.address1, "city": to.city, "country": to.country}
    optional = {
        "address2": to.address2,
        "state": to.state,
        "zip_code": to.zip_code,
        "company_name": to.company,
    }
    recipient: dict = {"name": to.name or to.company, "address": address | _set(optional)}
    return recipient | _set({"email": order.email, "phone_number": to.phone})


def _product(line) -> dict:
    if line.quantity <= 0:
        raise ConnectorError(f"{line.sku}: a quantity to ship must be above 0 ({line.quantity}).")
    product: dict = {"reference_id": line.sku, "name": line.name or line.sku}
    product["quantity"] = line.quantity
    if line.unit_price is not None:
        product["unit_price"] = float(line.unit_price)
    if line.line_ref is not None:
        product["external_line_id"] = line.line_ref
    return product


def _set(values: dict) -> dict:
    return {key: value for key, value in values.items() if value}


def _id(order_id: str) -> str:
    text = str(order_id).strip()
    if not text.isdigit():
        raise ConnectorError(f"'{order_id}' is not a ShipBob order id (digits).")
    return text


def _iso(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _datetime(raw: object) -> datetime | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
