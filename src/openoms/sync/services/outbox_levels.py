"""What the inventory sync outbox reads of OpenOMS: a sales channel's locations (its warehouse
mappings, a virtual warehouse standing for its members), its channel SKUs (SKU mappings) and the
Available quantity of a channel SKU at a location (Total - Allocated - On hold, summed over the
location's warehouses, sent as 0 when negative: the Export Inventory rule).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F

from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.connectors.base import ListingLevel
from openoms.inventory.models import InventoryLevel
from openoms.sync.outbox_models import ListingState

CHUNK = 500  # ids per IN list (SQLite binds each one)


def channel_locations(channel_ids: Iterable[int]) -> dict[int, dict[str, list[int]]]:
    """Channel id → {location (mapping's external id) → its physical warehouse ids}."""
    found: dict[int, dict[str, list[int]]] = defaultdict(dict)
    mappings = (
        WarehouseMapping.objects.filter(channel_id__in=list(channel_ids))
        .select_related("warehouse")
        .prefetch_related("warehouse__members")
    )
    for mapping in mappings:
        members = [w.pk for w in mapping.warehouse.members.all()] or [mapping.warehouse_id]
        found[mapping.channel_id][mapping.external_id] = members
    return found


def channel_skus(channel: Channel, skus: Iterable[str] | None = None) -> dict[str, list[int]]:
    """Channel SKU → the variant ids it maps (every mapped SKU, or those of ``skus``)."""
    rows = SkuMapping.objects.filter(channel=channel)
    found: dict[str, list[int]] = defaultdict(list)
    wanted = None if skus is None else list(dict.fromkeys(skus))
    chunks = (
        [None] if wanted is None else [wanted[i : i + CHUNK] for i in range(0, len(wanted), CHUNK)]
    )
    for chunk in chunks:
        part = rows if chunk is None else rows.filter(channel_sku__in=chunk)
        for sku, variant_id in part.values_list("channel_sku", "variant_id"):
            found[sku].append(variant_id)
    return found


def available(
    channel: Channel, pairs: Iterable[tuple[str, str]], locations: dict[str, list[int]]
) -> dict[tuple[str, str], int]:
    """(channel SKU, location) → Available now (0 at least) for each of ``pairs`` whose SKU is
    mapped and location is one of ``locations``."""
    pairs = [(sku, loc) for sku, loc in pairs if loc in locations]
    variants = channel_skus(channel, {sku for sku, _ in pairs})
    variant_ids = sorted({v for ids in variants.values() for v in ids})
    warehouse_ids = sorted({w for ids in locations.values() for w in ids})
    levels: dict[tuple[int, int], int] = {}
    for start in range(0, len(variant_ids), CHUNK):
        rows = InventoryLevel.objects.filter(
            account_id=channel.account_id,
            variant_id__in=variant_ids[start : start + CHUNK],
            warehouse_id__in=warehouse_ids,
        ).values_list("variant_id", "warehouse_id", F("total") - F("allocated") - F("on_hold"))
        levels.update({(v, w): int(a) for v, w, a in rows})
    result = {}
    for sku, location in pairs:
        if sku not in variants:
            continue
        total = sum(levels.get((v, w), 0) for v in variants[sku] for w in locations[location])
        result[sku, location] = max(total, 0)
    return result


def known_levels_record(channel: Channel, levels: Iterable[ListingLevel]) -> None:
    """What the channel said its listings hold (one level per listing and location) becomes what
    OpenOMS knows of them (``ListingState.known``: the next compare), in the caller's
    transaction."""
    ListingState.objects.bulk_create(
        [
            ListingState(
                account_id=channel.account_id,
                channel=channel,
                listing_ref=level.listing,
                channel_sku=level.sku,
                location=level.location,
                known=level.available,
            )
            for level in levels
        ],
        update_conflicts=True,
        unique_fields=["channel", "listing_ref", "location"],
        update_fields=["channel_sku", "known"],
        batch_size=1000,
    )
