"""Channels and SKU mappings to the API's JSON. Credentials are never read here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openoms.channels.kinds import SALES, Capability
from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.sync.trigger_table import column_of


def channel_out(channel: Channel) -> dict[str, Any]:
    kind = channel.kind_spec
    return {
        "id": channel.pk,
        "name": channel.name,
        "display_name": channel.display_name,
        "type": channel.type,
        "kind": channel.kind,
        "is_beta": channel.is_beta,
        "is_enabled": channel.is_enabled,
        "is_product_master": channel.is_product_master,
        "capabilities": [capability.value for capability in Capability if kind.can(capability)],
        "api_base_url": channel.api_base_url,
    }


def channel_detail_out(
    channel: Channel,
    *,
    mappings: Iterable[WarehouseMapping] = (),
    served: Iterable[str] = (),
) -> dict[str, Any]:
    """A sales channel with its warehouse mappings and inventory synchronization (its mode, or
    null when stable; the trigger table's column it follows); a fulfillment one with the
    warehouses it serves."""
    if channel.type == SALES:
        extra = {
            "warehouse_mappings": [
                {"warehouse": m.warehouse.code, "external_id": m.external_id} for m in mappings
            ],
            "inventory_sync_mode": channel.inventory_sync_mode if channel.is_beta else None,
            "update_duplicate_skus": channel.update_duplicate_skus,
            "pii_retention_days": channel.pii_retention_days,
            "inventory_sync": column_of(channel),
        }
    else:
        extra = {"warehouses": list(served)}
    return channel_out(channel) | extra


def sku_mapping_out(mapping: SkuMapping) -> dict[str, Any]:
    variant = mapping.variant
    return {
        "channel_sku": mapping.channel_sku,
        "sku": variant.sku,
        "product_name": variant.product.name,
        "variant_name": variant.name,
        "updated_at": mapping.updated_at,
    }
