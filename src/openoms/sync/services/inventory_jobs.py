"""Inventory sync with the channels, works of the one pipeline (``sync/pipeline.py``): Import
Inventory from a 3PL, Export Inventory to a store.

Import: the 3PL is asked for the on-hand count of every SKU OpenOMS knows for the channel (its SKU
mappings' channel SKUs, and the account's unmapped SKUs as spelled) at the warehouses it serves
(each by its warehouse mapping's id on the channel, else its code). Its answer, translated back
(mapping, else the same SKU), becomes those levels' Total through the bulk level engine, trigger
"Fulfillment Channel Recurring Job" (or "… Manual Sync" for a manual sync): a ledger movement per
change, none for an unchanged level.
An untranslatable SKU is skipped with one Warning; a SKU the 3PL does not report keeps its level.

Export: full values (spec §3.9) at each warehouse mapping of the channel (a virtual warehouse: the
sum of its members): each SKU-mapped variant's Available (Total - Allocated - On hold, sent as 0
when negative: spec §2.11) under its channel SKU. The pipeline has checked the gate (seed 004)
and the connector. No served warehouse / no warehouse mapping is a ``Conflict``; a failing
channel raises ``ConnectorError``. The network is read before the write transaction, which
locks the channel so two runs of one channel never interleave.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction
from django.db.models import F, Sum

from openoms.activity.models import EventLevel
from openoms.activity.services import EventDraft, event_record_many
from openoms.automation.handlers import RunOutcome
from openoms.automation.models import RunStatus
from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, ChannelWarehouse, SkuMapping, WarehouseMapping
from openoms.connectors.base import InventorySource, InventoryTarget
from openoms.connectors.types import StockLevel
from openoms.core.errors import Conflict
from openoms.inventory.models import AccountWarehouse, InventoryLevel
from openoms.inventory.services.bulk import MAX_ROWS, UPDATED, LevelRow, levels_bulk_set
from openoms.inventory.triggers import Trigger
from openoms.sync.pipeline import WorkContext
from openoms.sync.services.outbox_drain import outbox_manual_sync
from openoms.sync.services.reconciliation import inventory_reconcile
from openoms.tenancy.actor import Actor

IMPORT, EXPORT = "Import Inventory", "Export Inventory"
NOT_ENABLED = "Warehouse {} is not enabled for this account: its stock was not imported."
UNKNOWN_SKU = (
    "Unknown SKU {} reported by {}: map it under SKU Mappings or create it in OpenOMS. Its stock "
    "was not imported."
)


def inventory_import(work: WorkContext) -> RunOutcome:
    """Set the channel's served warehouses' levels to the 3PL's counts (the Import Inventory
    work; see the module). ``Conflict`` when the channel serves no warehouse."""
    source: InventorySource = work.connector
    channel = work.channel
    locations = _served_locations(work.actor, channel)
    asked, translations = _channel_skus(channel)
    reported = list(source.fetch_inventory(asked, list(locations)))
    totals, unknown = _translated(reported, translations, locations)
    trigger = (
        Trigger.FULFILLMENT_CHANNEL_MANUAL_SYNC
        if work.manual
        else Trigger.FULFILLMENT_CHANNEL_RECURRING_JOB
    )
    with transaction.atomic():
        Channel.objects.select_for_update().get(pk=channel.pk)  # one run of a channel at once
        return _levels_write(work.actor, channel, totals, unknown, trigger)


def inventory_export(work: WorkContext) -> RunOutcome:
    """Send each mapped SKU's Available quantity at each mapped location (the Export Inventory
    work; see the module). ``Conflict`` when the channel has no warehouse mapping. The
    recurring job is reconciliation (``services/reconciliation.py``, ADR 0004 §8)."""
    if not work.manual:
        return inventory_reconcile(work)
    if work.manual and (outcome := outbox_manual_sync(work)) is not None:
        return outcome
    target: InventoryTarget = work.connector
    channel = work.channel
    locations = _mapped_locations(channel)
    sent = target.push_inventory(_available_levels(channel, locations))
    where = "location" if len(locations) == 1 else "locations"
    summary = f"{EXPORT} to {channel.name}: {sent} quantities sent to {len(locations)} {where}."
    return RunOutcome(RunStatus.SUCCEEDED, {"sent": sent}, summary)


def _served_locations(actor: Actor, channel: Channel) -> dict[str, str]:
    """Location id → code of each warehouse the channel serves (physical ones, by the channel
    settings' rule); one the account no longer enables is left out, with a Warning."""
    served = ChannelWarehouse.objects.filter(channel=channel).order_by("warehouse__code")
    rows = list(served.values_list("warehouse_id", "warehouse__code"))
    enabled = AccountWarehouse.objects.filter(account_id=channel.account_id)
    enabled_ids = set(enabled.values_list("warehouse_id", flat=True))
    mapped = WarehouseMapping.objects.filter(channel=channel)
    external = dict(mapped.values_list("warehouse_id", "external_id"))
    locations = {external.get(pk) or code: code for pk, code in rows if pk in enabled_ids}
    gone = [code for pk, code in rows if pk not in enabled_ids]
    _record(channel, [_draft(actor, channel, NOT_ENABLED.format(code)) for code in gone])
    if not locations:
        raise Conflict(f"{channel.name} serves no warehouse: set its warehouses in Main Settings.")
    return locations


def _channel_skus(channel: Channel) -> tuple[list[str], dict[str, str]]:
    """The SKUs to ask the channel about, and channel SKU → OpenOMS SKU for its answer: the
    channel's mappings first, else the account's SKU spelled the same."""
    mappings = SkuMapping.objects.filter(channel=channel)
    mapped = dict(mappings.values_list("channel_sku", "variant__sku").order_by("channel_sku"))
    variants = ProductVariant.objects.filter(account_id=channel.account_id)
    unmapped = list(
        variants.exclude(pk__in=mappings.values("variant_id"))
        .order_by("sku")
        .values_list("sku", flat=True)
    )
    translations = {sku: sku for sku in mapped.values()} | {sku: sku for sku in unmapped} | mapped
    return list(dict.fromkeys([*mapped, *unmapped])), translations


def _translated(
    reported: list[StockLevel], translations: dict[str, str], locations: dict[str, str]
) -> tuple[dict[tuple[str, str], int], list[str]]:
    """(warehouse code, OpenOMS SKU) → quantity, and the SKUs OpenOMS cannot translate. A (SKU,
    location) reported twice counts once; two channel SKUs of one variant add up (the 3PL holds
    both); a location that is not one of the channel's is ignored."""
    totals: dict[tuple[str, str], int] = {}
    seen: set[tuple[str, str]] = set()
    unknown: dict[str, None] = {}
    for level in reported:
        code = locations.get(level.location)
        if code is None or (level.sku, level.location) in seen:
            continue
        seen.add((level.sku, level.location))
        sku = translations.get(level.sku)
        if sku is None:
            unknown[level.sku] = None
            continue
        totals[(code, sku)] = totals.get((code, sku), 0) + level.quantity
    return totals, list(unknown)


def _levels_write(actor, channel, totals, unknown, trigger) -> RunOutcome:
    """Set the totals (in the caller's transaction), then the Warnings; returns the counts and
    the summary."""
    keys = list(totals)
    rows = [LevelRow(line, code, sku, totals[code, sku]) for line, (code, sku) in enumerate(keys)]
    batches = [rows[start : start + MAX_ROWS] for start in range(0, len(rows), MAX_ROWS)]
    outcomes = [outcome for batch in batches for outcome in _set(actor, channel, batch, trigger)]
    rejected = [(keys[outcome.line], outcome.error) for outcome in outcomes if outcome.error]
    updated = sum(outcome.status == UPDATED for outcome in outcomes)
    unchanged = len(outcomes) - updated - len(rejected)
    summary = (
        f"{IMPORT} from {channel.name}: {updated} updated, {unchanged} unchanged, "
        f"{len(unknown)} unknown SKU{'' if len(unknown) == 1 else 's'}"
        + (f", {len(rejected)} rejected." if rejected else ".")
    )
    drafts = [_draft(actor, channel, UNKNOWN_SKU.format(sku, channel.name), sku) for sku in unknown]
    drafts += [
        _draft(actor, channel, f"{sku} at {code}: {why}", sku) for (code, sku), why in rejected
    ]
    _record(channel, drafts)
    counts = {"updated": updated, "unchanged": unchanged, "unknown SKUs": len(unknown)}
    counts |= {"rejected": len(rejected)} if rejected else {}
    return RunOutcome(RunStatus.SUCCEEDED, counts, summary)


def _set(actor: Actor, channel: Channel, rows: list[LevelRow], trigger: Trigger) -> list:
    """One batch through the bulk level engine, as the channel's job or manual sync."""
    return levels_bulk_set(
        actor=actor,
        account=channel.account,
        rows=rows,
        trigger=trigger,
        reference=f"channel {channel.pk}",
    ).outcomes


def _mapped_locations(channel: Channel) -> list[tuple[str, list[int]]]:
    """(location id, physical warehouse ids: a virtual one's members) of each mapping."""
    mappings = list(
        WarehouseMapping.objects.filter(channel=channel)
        .select_related("warehouse")
        .order_by("warehouse__code")
    )
    if not mappings:
        raise Conflict(
            f"{channel.name} has no warehouse mapping: map a warehouse to each of its locations "
            "under Warehouse Mappings. Nothing was exported."
        )
    return [
        (m.external_id, [w.pk for w in m.warehouse.members.all()] or [m.warehouse_id])
        for m in mappings
    ]


def _available_levels(
    channel: Channel, locations: list[tuple[str, list[int]]]
) -> Iterator[StockLevel]:
    """Each mapped channel SKU at each location, with its Available quantity (0 at least)."""
    mappings = SkuMapping.objects.filter(channel=channel)
    skus = list(mappings.order_by("channel_sku").values_list("channel_sku", "variant_id"))
    for location, warehouse_ids in locations:
        levels = (
            InventoryLevel.objects.filter(
                account_id=channel.account_id,
                warehouse_id__in=warehouse_ids,
                variant_id__in=mappings.values("variant_id"),
            )
            .values("variant_id")
            .annotate(available=Sum(F("total") - F("allocated") - F("on_hold")))
        )
        available = dict(levels.values_list("variant_id", "available"))
        for channel_sku, variant_id in skus:
            yield StockLevel(channel_sku, location, max(int(available.get(variant_id, 0)), 0))


def _draft(
    actor: Actor, channel: Channel, message: str, sku: str = "", level: str = EventLevel.WARNING
) -> EventDraft:
    """An event about the channel, or about one of the SKUs it reported (a Warning by default)."""
    entity = ("sku", sku, sku) if sku else ("channel", str(channel.pk), channel.name)
    return EventDraft(level, message, *entity, channel.pk, actor.label)


def _record(channel: Channel, drafts: list[EventDraft]) -> None:
    if drafts:
        event_record_many(account=channel.account, drafts=drafts)
