"""Inventory sync with the channels: Import Inventory from a 3PL, Export Inventory to a store.

Import: the 3PL is asked for the on-hand count of every SKU OpenOMS knows for the channel (its SKU
mappings' channel SKUs, and the account's unmapped SKUs as spelled) at the warehouses it serves
(each by its warehouse mapping's id on the channel, else its code). Its answer, translated back
(mapping, else the same SKU), becomes those levels' Total through the bulk level engine, trigger
"Fulfillment Channel Recurring Job": a ledger movement per change, none for an unchanged level.
An untranslatable SKU is skipped with one Warning; a SKU the 3PL does not report keeps its level.

Export: full values (spec §3.9) at each warehouse mapping of the channel (a virtual warehouse: the
sum of its members): each SKU-mapped variant's Available (Total - Allocated - On hold, sent as 0
when negative: spec §2.11) under its channel SKU. Neither calls a disabled channel or one whose
Authorization Refresh is None (seed 004): a Warning says so. No served warehouse / no warehouse
mapping is a ``Conflict``; a failing channel raises ``ConnectorError``. The network is read
before the write transaction, which locks the channel and checks it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import F, Sum

from openoms.activity.models import EventLevel
from openoms.activity.services import EventDraft, event_record_many
from openoms.automation.selectors import channel_calls_refusal
from openoms.catalog.models import ProductVariant
from openoms.channels.kinds import CAPABILITY_LABELS, Capability
from openoms.channels.models import Channel, ChannelWarehouse, SkuMapping, WarehouseMapping
from openoms.connectors.base import ConnectorError, InventorySource, InventoryTarget
from openoms.connectors.registry import connector_for
from openoms.connectors.types import StockLevel
from openoms.core.errors import Conflict, NotFound
from openoms.inventory.models import AccountWarehouse, InventoryLevel
from openoms.inventory.services.bulk import MAX_ROWS, UPDATED, LevelRow, levels_bulk_set
from openoms.inventory.triggers import Trigger
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm

IMPORT, EXPORT = "Import Inventory", "Export Inventory"
NOT_ENABLED = "Warehouse {} is not enabled for this account: its stock was not imported."
UNKNOWN_SKU = (
    "Unknown SKU {} reported by {}: map it under SKU Mappings or create it in OpenOMS. Its stock "
    "was not imported."
)


@dataclass(frozen=True)
class InventoryImportResult:
    """What an Import Inventory run did, per (warehouse, SKU) level the 3PL reported, or why it
    was skipped (``skipped_reason``: a disabled channel, Authorization Refresh None, no connector)."""

    updated: int = 0
    unchanged: int = 0
    unknown_skus: int = 0
    rejected: int = 0
    skipped_reason: str | None = None
    summary: str = ""

    def counts(self) -> dict[str, int]:
        """The run's counts; "rejected" only when the level engine refused a row."""
        counts = {"updated": self.updated, "unchanged": self.unchanged}
        counts["unknown SKUs"] = self.unknown_skus
        return counts | ({"rejected": self.rejected} if self.rejected else {})


@dataclass(frozen=True)
class InventoryExportResult:
    """What an Export Inventory run sent: how many quantities the channel received."""

    sent: int = 0
    skipped_reason: str | None = None
    summary: str = ""


def inventory_import_run(*, actor: Actor, channel: Channel) -> InventoryImportResult:
    """Set the channel's served warehouses' levels to the 3PL's counts (see the module). Refused
    (``Conflict``) for a kind that cannot import inventory or a channel serving no warehouse."""
    channel = _checked(actor, channel, Capability.IMPORT_INVENTORY, Perm.INVENTORY_ADJUST)
    source = _connector(actor, channel, IMPORT, InventorySource)
    if isinstance(source, str):
        return InventoryImportResult(skipped_reason=source)
    locations = _served_locations(actor, channel)
    asked, translations = _channel_skus(channel)
    try:
        reported = list(source.fetch_inventory(asked, list(locations)))
    except ConnectorError as exc:
        raise ConnectorError(
            f"{IMPORT} from {channel.name} failed: {exc.message} Nothing was imported."
        ) from exc
    totals, unknown = _translated(reported, translations, locations)
    with transaction.atomic():
        channel = _checked(
            actor, channel, Capability.IMPORT_INVENTORY, Perm.INVENTORY_ADJUST, lock=True
        )
        if reason := _skip_reason(channel, IMPORT, "imported"):
            _record(channel, [_draft(actor, channel, reason)])
            return InventoryImportResult(skipped_reason=reason)
        return _levels_write(actor, channel, totals, unknown)


def inventory_export_run(*, actor: Actor, channel: Channel) -> InventoryExportResult:
    """Send each mapped SKU's Available quantity at each mapped location (see the module).
    Refused (``Conflict``) for a kind that cannot take inventory or no warehouse mapping."""
    channel = _checked(actor, channel, Capability.PUSH_INVENTORY, Perm.INVENTORY_VIEW)
    target = _connector(actor, channel, EXPORT, InventoryTarget)
    if isinstance(target, str):
        return InventoryExportResult(skipped_reason=target)
    locations = _mapped_locations(channel)
    try:
        sent = target.push_inventory(_available_levels(channel, locations))
    except ConnectorError as exc:
        raise ConnectorError(f"{EXPORT} to {channel.name} failed: {exc.message}") from exc
    where = "location" if len(locations) == 1 else "locations"
    summary = f"{EXPORT} to {channel.name}: {sent} quantities sent to {len(locations)} {where}."
    _record(channel, [_draft(actor, channel, summary, level=EventLevel.INFO)])
    return InventoryExportResult(sent=sent, summary=summary)


def _checked(actor, channel, capability, perm, lock: bool = False) -> Channel:
    """The channel as stored now (with its account), once the actor may sync it."""
    rows = Channel.objects.select_related("account")
    if lock:
        rows = rows.select_for_update(of=("self",))
    found = rows.filter(pk=channel.pk).first()
    if found is None or not actor.sees_account(found.account):
        raise NotFound("Channel not found.")
    actor.require(perm)
    if not found.kind_spec.can(capability):
        raise Conflict(
            f"{found.name} is a {found.kind_spec.label} channel: it cannot "
            f"{CAPABILITY_LABELS[capability].lower()}."
        )
    return found


def _skip_reason(channel: Channel, job: str, done: str) -> str | None:
    """Why no call may be made to the channel now (disabled, Authorization Refresh None)."""
    if not channel.is_enabled:
        return f"Channel {channel.name} is disabled: no inventory was {done}."
    if refusal := channel_calls_refusal(channel):
        return f"{job} of {channel.name} was skipped: {refusal}"
    return None


def _connector(actor: Actor, channel: Channel, job: str, role: type) -> object | str:
    """The channel's connector playing ``role``, or why it was not called (a Warning event)."""
    done = "imported" if job == IMPORT else "exported"
    reason = _skip_reason(channel, job, done)
    if reason is None:
        connector = connector_for(channel.kind, channel.credentials, f"channel {channel.pk}")
        if isinstance(connector, role):
            return connector
        label = channel.kind_spec.label
        reason = f"The {label} connector arrives in a later release: nothing was {done}."
    _record(channel, [_draft(actor, channel, reason)])
    return reason


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


def _levels_write(actor, channel, totals, unknown) -> InventoryImportResult:
    """Set the totals (in the caller's transaction), then the Warnings and the summary."""
    keys = list(totals)
    rows = [LevelRow(line, code, sku, totals[code, sku]) for line, (code, sku) in enumerate(keys)]
    batches = [rows[start : start + MAX_ROWS] for start in range(0, len(rows), MAX_ROWS)]
    outcomes = [outcome for batch in batches for outcome in _set(actor, channel, batch)]
    rejected = [(keys[outcome.line], outcome.error) for outcome in outcomes if outcome.error]
    updated = sum(outcome.status == UPDATED for outcome in outcomes)
    unchanged = len(outcomes) - updated - len(rejected)
    result = InventoryImportResult(updated, unchanged, len(unknown), len(rejected))
    summary = (
        f"{IMPORT} from {channel.name}: {updated} updated, {unchanged} unchanged, "
        f"{len(unknown)} unknown SKU{'' if len(unknown) == 1 else 's'}"
        + (f", {len(rejected)} rejected." if rejected else ".")
    )
    drafts = [_draft(actor, channel, UNKNOWN_SKU.format(sku, channel.name), sku) for sku in unknown]
    drafts += [
        _draft(actor, channel, f"{sku} at {code}: {why}", sku) for (code, sku), why in rejected
    ]
    _record(channel, [*drafts, _draft(actor, channel, summary, level=EventLevel.INFO)])
    return replace(result, summary=summary)


def _set(actor: Actor, channel: Channel, rows: list[LevelRow]) -> list:
    """One batch through the bulk level engine, as the channel's recurring job."""
    return levels_bulk_set(
        actor=actor,
        account=channel.account,
        rows=rows,
        trigger=Trigger.FULFILLMENT_CHANNEL_RECURRING_JOB,
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
