"""A purchase order as the fulfillment channel sees it — a receiving order: its lines under the
channel's SKUs, the channel's id of its warehouse, when it should arrive
(``ReceivingOrderDraft``) — and the way back: what the channel reports received per SKU, turned
into what is new per line.

SKUs and warehouse as for shipments (``shipment_orders``): a variant's SKU at the channel is its
SKU mapping there, else its OpenOMS SKU; the warehouse is the channel's warehouse mapping of it
(ShipBob: the fulfillment center id), else "" (the sandbox 3PL is given the warehouse's code).
The expected arrival is the requested ship date (noon UTC), else a week from now.

The channel reports **cumulative** quantities per SKU. What is new for a SKU is its received
quantity less what OpenOMS recorded on the order's lines of that SKU (``received``); it is given
to those lines in line order, each up to what is open, and what is left over goes to the last
one (``receipt_record`` then refuses the over-receipt whole, with the reason). Read twice, the
same report gives nothing new: a receipt is never recorded twice.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from openoms.channels.models import Channel, WarehouseMapping
from openoms.connectors.fulfillment_types import (
    ReceivingLine,
    ReceivingOrderDraft,
    ReceivingStatus,
)
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderLine
from openoms.sync.services.shipment_orders import SANDBOX_3PL, channel_skus

DEFAULT_ARRIVAL = timedelta(days=7)


def po_line_skus(channel: Channel, lines: list[PurchaseOrderLine]) -> dict[int, str]:
    """Purchase order line id → the SKU the fulfillment channel knows it by."""
    mapped = channel_skus(channel, [line.variant_id for line in lines])
    return {line.pk: mapped.get(line.variant_id) or line.sku for line in lines}


def receiving_draft(channel: Channel, order: PurchaseOrder) -> ReceivingOrderDraft:
    """What is sent to the fulfillment channel for ``order`` (see the module)."""
    lines = list(order.lines.order_by("line_number"))
    skus = po_line_skus(channel, lines)
    return ReceivingOrderDraft(
        reference=order.order_number,
        location=po_location(channel, order),
        expected_arrival=_arrival(order),
        lines=tuple(
            ReceivingLine(skus[line.pk], line.open_quantity, line.lot_number)
            for line in lines
            if line.open_quantity > 0
        ),
    )


def po_location(channel: Channel, order: PurchaseOrder) -> str:
    mapped = (
        WarehouseMapping.objects.filter(channel=channel, warehouse_id=order.warehouse_id)
        .values_list("external_id", flat=True)
        .first()
    )
    if mapped:
        return mapped
    return order.warehouse.code if channel.kind == SANDBOX_3PL else ""


def _arrival(order: PurchaseOrder) -> datetime:
    if order.requested_ship_date is not None:
        return datetime.combine(order.requested_ship_date, time(12, 0), tzinfo=UTC)
    return timezone.now() + DEFAULT_ARRIVAL


def new_receipts(
    channel: Channel, order: PurchaseOrder, status: ReceivingStatus
) -> tuple[dict[int, int], list[str]]:
    """(line id → quantity newly received, the channel's SKUs the order does not have)."""
    lines = list(order.lines.order_by("line_number"))
    skus = po_line_skus(channel, lines)
    by_sku: dict[str, list[PurchaseOrderLine]] = defaultdict(list)
    for line in lines:
        by_sku[skus[line.pk]].append(line)
    reported: dict[str, int] = defaultdict(int)
    for receipt in status.receipts:
        reported[receipt.sku] += receipt.received
    new: dict[int, int] = {}
    unknown = [sku for sku, qty in reported.items() if sku not in by_sku and qty > 0]
    for sku, received in reported.items():
        ours = by_sku.get(sku)
        left = received - sum(line.received for line in ours or ())
        if not ours or left <= 0:
            continue
        for line in ours:
            take = min(left, line.open_quantity)
            if take:
                new[line.pk] = new.get(line.pk, 0) + take
                left -= take
        if left:
            new[ours[-1].pk] = new.get(ours[-1].pk, 0) + left
    return new, unknown
