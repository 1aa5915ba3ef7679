"""Applying what a 3PL reports of one of its orders to OpenOMS's shipment (``shipment_import``
reads it; this maps it): cumulative shipped quantities per shipment line, tracking, and a
cancellation at the 3PL.

The 3PL's lines are SKUs (its SKU of each shipment line: ``shipment_orders.line_skus``); a SKU
on several lines of the shipment fills them in line order. A SKU the shipment does not have, or
more shipped than the shipment holds, is a Warning on the order (what fits is applied).
"""

from __future__ import annotations

from collections import defaultdict

from openoms.activity.models import EventLevel
from openoms.channels.models import Channel
from openoms.connectors.fulfillment_types import Shipment as FcShipment
from openoms.core.errors import Conflict, NotFound, ValidationFailed
from openoms.orders.events import order_event
from openoms.orders.models import Shipment, ShipmentStatus
from openoms.orders.services.shipments import (
    shipment_cancel,
    shipment_cancel_confirmed,
    shipment_progress,
)
from openoms.sync.services.shipment_orders import line_skus
from openoms.tenancy.actor import Actor


def fc_shipments_apply(
    actor: Actor, channel: Channel, shipment: Shipment, found: list[FcShipment]
) -> bool:
    """Apply the 3PL order's shipments ``found`` (all of them, as they are now) to
    ``shipment``; → True when something changed."""
    if not found:
        return False
    try:
        if all(fc.cancelled for fc in found):
            return _cancelled_there(actor, channel, shipment)
        shipped = [fc for fc in found if fc.shipped]
        if shipment.status == ShipmentStatus.CANCEL_REQUESTED or not shipped:
            return False  # a cancellation asked is answered by Send Shipments first
        return _progress(actor, channel, shipment, shipped)
    except (Conflict, NotFound):
        return False  # its status changed meanwhile: the next read applies what is left


def _progress(actor: Actor, channel: Channel, shipment: Shipment, shipped: list) -> bool:
    totals, problems = cumulative(channel, shipment, shipped)
    tracking = [
        {"number": fc.tracking.number, "carrier": fc.tracking.carrier, "url": fc.tracking.url}
        for fc in shipped
        if fc.tracking is not None
    ]
    before = _progress_of(shipment)
    try:
        after = shipment_progress(actor=actor, shipment=shipment, shipped=totals, tracking=tracking)
    except ValidationFailed as exc:
        problems.append(exc.message)
        after = shipment
    for problem in problems:
        order_event(shipment.order, EventLevel.WARNING, problem, actor)
    return _progress_of(after) != before


def _progress_of(shipment: Shipment) -> tuple:
    shipped = sorted(shipment.lines.values_list("pk", "shipped"))
    return shipment.status, len(shipment.tracking or []), tuple(shipped)


def cumulative(
    channel: Channel, shipment: Shipment, shipped: list[FcShipment]
) -> tuple[dict[int, int], list[str]]:
    """Shipment line id → total shipped so far, from the 3PL's shipped shipments; and the
    problems found (a SKU not on the shipment, more shipped than it holds)."""
    lines = list(shipment.lines.select_related("variant").order_by("id"))
    skus = line_skus(channel, lines)
    by_sku: dict[str, list] = defaultdict(list)
    for line in lines:
        by_sku[skus[line.pk]].append(line)
    reported: dict[str, int] = defaultdict(int)
    for fc in shipped:
        for item in fc.lines:
            reported[item.sku] += item.quantity
    totals, problems = {}, []
    for sku, quantity in reported.items():
        if sku not in by_sku:
            problems.append(
                f"Shipment {shipment.number}: {channel.name} shipped {quantity} of {sku}, a SKU "
                "the shipment does not have. It was left out."
            )
            continue
        for line in by_sku[sku]:
            totals[line.pk] = min(quantity, line.quantity)
            quantity -= totals[line.pk]
        if quantity > 0:
            problems.append(
                f"Shipment {shipment.number}: {channel.name} shipped {quantity} more of {sku} "
                "than the shipment holds. The extra was left out."
            )
    return totals, problems


def _cancelled_there(actor: Actor, channel: Channel, shipment: Shipment) -> bool:
    """Every 3PL shipment of the order is cancelled: a cancellation asked is confirmed; one the
    3PL decided alone cancels the shipment with a Warning (its stock is released)."""
    if shipment.status == ShipmentStatus.CANCEL_REQUESTED:
        shipment_cancel_confirmed(actor=actor, shipment=shipment)
        return True
    if shipment.status != ShipmentStatus.SENT_TO_WAREHOUSE:
        return False
    shipment_cancel(actor=actor, shipment=shipment)
    shipment_cancel_confirmed(actor=actor, shipment=shipment)
    order_event(
        shipment.order,
        EventLevel.WARNING,
        f"{channel.name} cancelled shipment {shipment.number}: it will not ship, and its stock "
        "was released.",
        actor,
    )
    return True
