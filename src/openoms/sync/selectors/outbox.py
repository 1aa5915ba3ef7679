"""Reading the inventory outbox of a sales channel (ADR 0004, Consequences): its rows by status,
the explain of one channel SKU, and the preview of a switch into a sending mode.

A ``PendingPush`` row is *in flight* while a ``PushBatch`` holds it (sent or about to be),
*failed* when its last attempt failed (it is due again at ``next_attempt_at``), else *pending*.
Every read is scoped to the actor: the caller got the channel through
``channels.selectors.channel_get`` (another account's channel is a 404) and the account is
checked again here. The levels and locations readers are shared with reconciliation
(``sync/services/reconciliation.py``), so the preview and the drift correction compare the same
numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When

from openoms.channels.models import (
    Channel,
    ChannelType,
    InventorySyncMode,
    SkuMapping,
    WarehouseMapping,
)
from openoms.core.errors import NotFound
from openoms.inventory.models import InventoryLevel, Warehouse, WarehouseMember
from openoms.sync.outbox_models import ListingState, PendingPush
from openoms.sync.trigger_table import STABLE_OFF, STABLE_REAL_TIME, column_of
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm

PENDING, IN_FLIGHT, FAILED = "pending", "in_flight", "failed"
STATUSES = (PENDING, IN_FLIGHT, FAILED)
STATUS_LABELS = {PENDING: "Pending", IN_FLIGHT: "In flight", FAILED: "Failed"}
_STATUS_OF = {
    IN_FLIGHT: Q(batch__isnull=False),
    FAILED: Q(batch__isnull=True) & ~Q(last_error=""),
    PENDING: Q(batch__isnull=True, last_error=""),
}
STABLE_RULES = {
    STABLE_REAL_TIME: "Stable channel, the account's Enable Inventory Real-Time Updates is Yes: "
    "adjustments are sent on manual changes, channel updates and order allocations.",
    STABLE_OFF: "Stable channel, the account's Enable Inventory Real-Time Updates is No: the "
    "account's recurring Export Inventory job sends full values.",
}
NEVER_READ = (
    "OpenOMS has never sent nor read this channel's quantities: what it shows now is unknown. "
    "Run the channel's manual Sync (Export Inventory) to send every full value."
)


# -- the outbox list -----------------------------------------------------------------------------
def outbox_rows(
    actor: Actor, channel: Channel, *, status: str | None = None, search: str = ""
) -> QuerySet[PendingPush]:
    """The channel's outbox rows, oldest change first, each with ``status`` (pending, in_flight,
    failed) and its batch; optionally one status only, or channel SKUs containing ``search``."""
    _require(actor, channel, Perm.CHANNELS_VIEW)
    rows = PendingPush.objects.filter(channel=channel).select_related("batch")
    rows = rows.annotate(
        status=Case(
            *(When(condition, then=Value(code)) for code, condition in _STATUS_OF.items()),
            output_field=CharField(),
        )
    )
    if status:
        rows = rows.filter(_STATUS_OF[status])
    if search := search.strip():
        rows = rows.filter(channel_sku__icontains=search)
    return rows.order_by("first_queued_at", "id")


def outbox_counts(actor: Actor, channel: Channel) -> dict[str, int]:
    """How many outbox rows of the channel are in each status (one query)."""
    _require(actor, channel, Perm.CHANNELS_VIEW)
    rows = PendingPush.objects.filter(channel=channel)
    return rows.aggregate(
        **{code: Count("pk", filter=condition) for code, condition in _STATUS_OF.items()}
    )


def row_due(row: PendingPush) -> datetime:
    """When the row is due: after a failure its next attempt, else when it was queued."""
    return row.next_attempt_at or row.first_queued_at


# -- levels shared with the preview and reconciliation --------------------------------------------
@dataclass(frozen=True)
class MappedLocation:
    """A channel location (its warehouse mapping's external id), the warehouse mapped to it and
    the physical warehouses whose levels count there (a virtual one's members)."""

    location: str
    warehouse_id: int
    warehouse_code: str
    warehouse_name: str
    is_virtual: bool
    physical_ids: tuple[int, ...]


def mapped_locations(channel: Channel) -> list[MappedLocation]:
    """The channel's warehouse mappings, by warehouse code (two queries)."""
    mappings = list(
        WarehouseMapping.objects.filter(channel=channel)
        .select_related("warehouse")
        .order_by("warehouse__code")
    )
    virtual_ids = [m.warehouse_id for m in mappings if m.warehouse.is_virtual]
    members: dict[int, list[int]] = defaultdict(list)
    for virtual_id, physical_id in WarehouseMember.objects.filter(
        virtual_id__in=virtual_ids
    ).values_list("virtual_id", "physical_id"):
        members[virtual_id].append(physical_id)
    return [
        MappedLocation(
            m.external_id,
            m.warehouse_id,
            m.warehouse.code,
            m.warehouse.name,
            m.warehouse.is_virtual,
            tuple(sorted(members[m.warehouse_id])) if m.warehouse.is_virtual else (m.warehouse_id,),
        )
        for m in mappings
    ]


def available_by_listing_key(
    channel: Channel, locations: list[MappedLocation], channel_skus: list[str] | None = None
) -> dict[tuple[str, str], int]:
    """(channel SKU, location) → the Available quantity OpenOMS would send there now (Total -
    Allocated - On hold summed over the location's warehouses, 0 at least), for every mapped
    channel SKU (or only ``channel_skus``) at every location; two queries."""
    mappings = SkuMapping.objects.filter(channel=channel)
    if channel_skus is not None:
        mappings = mappings.filter(channel_sku__in=channel_skus)
    skus = list(mappings.order_by("channel_sku").values_list("channel_sku", "variant_id"))
    physical = {pk for location in locations for pk in location.physical_ids}
    levels = (
        InventoryLevel.objects.filter(
            account_id=channel.account_id,
            warehouse_id__in=physical,
            variant_id__in={variant_id for _, variant_id in skus},
        )
        .values("warehouse_id", "variant_id")
        .annotate(available=Sum(F("total") - F("allocated") - F("on_hold")))
    )
    by_pair = {(row["warehouse_id"], row["variant_id"]): int(row["available"]) for row in levels}
    return {
        (channel_sku, location.location): max(
            sum(by_pair.get((pk, variant_id), 0) for pk in location.physical_ids), 0
        )
        for location in locations
        for channel_sku, variant_id in skus
    }


# -- the preview ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PreviewRow:
    """One listing at one location: what the channel holds as OpenOMS knows it (None: unknown)
    and the Available OpenOMS would send."""

    channel_sku: str
    location: str
    listing_ref: str
    known: int | None
    available: int


@dataclass(frozen=True)
class InventoryPreview:
    """The dry run of turning sending on (ADR 0004 §9): the rows that would change, those of
    them that would go to 0, how many hold the value already, and how many are unknown (never
    sent nor read: no listing known, or no value). ``note`` says so when nothing is known."""

    checked: int
    changes: list[PreviewRow] = field(default_factory=list)
    to_zero: list[PreviewRow] = field(default_factory=list)
    unchanged: int = 0
    unknown: int = 0
    note: str = ""


def inventory_preview(actor: Actor, channel: Channel) -> InventoryPreview:
    """What a switch of ``channel`` into a sending mode would send, compared with the values
    OpenOMS last sent or read (``ListingState.known``); no call to the channel is made."""
    _require(actor, channel, Perm.CHANNELS_VIEW)
    locations = mapped_locations(channel)
    available = available_by_listing_key(channel, locations)
    states: dict[tuple[str, str], list[ListingState]] = defaultdict(list)
    for state in ListingState.objects.filter(channel=channel).order_by("listing_ref"):
        states[(state.channel_sku, state.location)].append(state)
    changes, unchanged, unknown = [], 0, 0
    for (channel_sku, location), quantity in available.items():
        held = states.get((channel_sku, location)) or [None]
        for state in held:
            known = state.known if state else None
            if known is None:
                unknown += 1
            elif known == quantity:
                unchanged += 1
            else:
                ref = state.listing_ref
                changes.append(PreviewRow(channel_sku, location, ref, known, quantity))
    never = unknown > 0 and not changes and not unchanged
    return InventoryPreview(
        checked=len(changes) + unchanged + unknown,
        changes=changes,
        to_zero=[row for row in changes if row.available == 0],
        unchanged=unchanged,
        unknown=unknown,
        note=NEVER_READ if never else "",
    )


# -- explain --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WarehouseLevels:
    code: str
    name: str
    total: int
    allocated: int
    on_hold: int

    @property
    def available(self) -> int:
        return self.total - self.allocated - self.on_hold


@dataclass(frozen=True)
class ExplainLocation:
    """One location of the channel for one channel SKU: the warehouse mapped to it (a virtual
    one: its members' levels), the quantity OpenOMS would send, the listings as last sent or
    read, and what waits in the outbox (None: nothing)."""

    location: str
    warehouse: MappedLocation
    levels: list[WarehouseLevels]
    listings: list[ListingState]
    pending: PendingPush | None

    @property
    def total(self) -> int:
        return sum(level.total for level in self.levels)

    @property
    def allocated(self) -> int:
        return sum(level.allocated for level in self.levels)

    @property
    def on_hold(self) -> int:
        return sum(level.on_hold for level in self.levels)

    @property
    def available(self) -> int:
        return sum(level.available for level in self.levels)

    @property
    def to_send(self) -> int:
        return max(self.available, 0)


@dataclass(frozen=True)
class InventoryExplain:
    """Why the channel shows what it shows for one channel SKU (issue 13 §6)."""

    channel: Channel
    channel_sku: str
    sku: str
    mode: str  # the trigger table's column
    mode_label: str
    locations: list[ExplainLocation]


def mode_description(channel: Channel) -> tuple[str, str]:
    """The channel's column of the trigger table and how it reads (a beta channel: its mode; a
    stable one: the account's rule)."""
    column = column_of(channel) or ""
    if column in STABLE_RULES:
        return column, STABLE_RULES[column]
    return column, InventorySyncMode(column).label if column else "Not a sales channel"


def inventory_explain(actor: Actor, channel: Channel, channel_sku: str) -> InventoryExplain:
    """The explain of ``channel_sku`` on ``channel``: its mode, the mapped warehouses with their
    levels, per location the listings (last value sent and when, last error) and the outbox row
    (pending change, attempts, next attempt, in flight). ``NotFound`` when the channel SKU has
    no SKU mapping on the channel. A constant number of queries."""
    _require(actor, channel, Perm.INVENTORY_VIEW)
    mapping = (
        SkuMapping.objects.filter(channel=channel, channel_sku=channel_sku)
        .select_related("variant")
        .first()
    )
    if mapping is None:
        raise NotFound(f"{channel_sku} has no SKU mapping on {channel.name}.")
    locations = mapped_locations(channel)
    levels = _levels_of(channel, mapping.variant_id, locations)
    states: dict[str, list[ListingState]] = defaultdict(list)
    for state in ListingState.objects.filter(channel=channel, channel_sku=channel_sku).order_by(
        "listing_ref"
    ):
        states[state.location].append(state)
    pending = {
        row.location: row
        for row in PendingPush.objects.filter(channel=channel, channel_sku=channel_sku)
        .select_related("batch")
        .order_by("id")
    }
    mode, label = mode_description(channel)
    return InventoryExplain(
        channel=channel,
        channel_sku=channel_sku,
        sku=mapping.variant.sku,
        mode=mode,
        mode_label=label,
        locations=[
            ExplainLocation(
                loc.location,
                loc,
                [levels[pk] for pk in loc.physical_ids if pk in levels],
                states.get(loc.location, []),
                pending.get(loc.location),
            )
            for loc in locations
        ],
    )


def sku_explains(actor: Actor, account, variant_id: int) -> list[InventoryExplain]:
    """The explain of a variant on every sales channel of ``account`` where it is mapped (the
    SKU page's panel), by channel name; empty when the actor may not view channels."""
    actor.require_account(account)
    if not (actor.can(Perm.CHANNELS_VIEW) and actor.can(Perm.INVENTORY_VIEW)):
        return []
    mappings = (
        SkuMapping.objects.filter(
            account=account, variant_id=variant_id, channel__type=ChannelType.SALES
        )
        .select_related("channel", "channel__account")
        .order_by("channel__name", "channel_sku")
    )
    return [inventory_explain(actor, m.channel, m.channel_sku) for m in mappings]


def _levels_of(
    channel: Channel, variant_id: int, locations: list[MappedLocation]
) -> dict[int, WarehouseLevels]:
    """Physical warehouse id → the variant's levels there (absent: no level row, all 0)."""
    physical = {pk for location in locations for pk in location.physical_ids}
    rows = InventoryLevel.objects.filter(
        account_id=channel.account_id, variant_id=variant_id, warehouse_id__in=physical
    ).select_related("warehouse")
    found = {
        row.warehouse_id: WarehouseLevels(
            row.warehouse.code, row.warehouse.name, row.total, row.allocated, row.on_hold
        )
        for row in rows
    }
    missing = physical - set(found)
    if missing:
        for warehouse in Warehouse.objects.filter(pk__in=missing):
            found[warehouse.pk] = WarehouseLevels(warehouse.code, warehouse.name, 0, 0, 0)
    return found


def _require(actor: Actor, channel: Channel, perm: Perm) -> None:
    actor.require_account(channel.account)
    actor.require(perm)
