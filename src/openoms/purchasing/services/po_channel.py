"""Which fulfillment channel receives a purchase order: the account's enabled fulfillment
channel that serves the order's warehouse (its warehouses, or a warehouse mapping of it) and
whose kind sends purchase orders; the lowest id when several do (as allocation picks the
channel of a shipment)."""

from __future__ import annotations

from django.db.models import Q

from openoms.channels.kinds import Capability
from openoms.channels.models import Channel, ChannelType
from openoms.inventory.models import Warehouse


def po_fulfillment_channel(account_id: int, warehouse: Warehouse) -> Channel | None:
    """The channel purchase orders of ``warehouse`` go to, or None when there is none."""
    rows = (
        Channel.objects.filter(account_id=account_id, type=ChannelType.FULFILLMENT, is_enabled=True)
        .filter(
            Q(served_warehouses__warehouse=warehouse) | Q(warehouse_mappings__warehouse=warehouse)
        )
        .distinct()
        .order_by("pk")
    )
    for channel in rows:
        if channel.kind_spec.can(Capability.EXPORT_PURCHASE_ORDERS):
            return channel
    return None
