"""Reconciliation (ADR 0004 §8): the sales channel's recurring Export Inventory job in a sending
mode reads the channel's levels, records them as what OpenOMS knows of each listing
(``ListingState.known``, the compare of the next push), and queues a full value for every
listing whose level differs from Available and has nothing pending; the outbox drain sends
them (webhooks can be a day late: drift is corrected here).

The channel is read through its connector's ``InventoryReader`` (Shopify: a bulk read of each
mapped location, free of the cost bucket), before any write. A connector that cannot read
levels is compared with what OpenOMS last sent or read instead. In *Do not Synchronize* the job
is skipped with an Info event saying why (only the manual Sync sends then).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from openoms.activity.models import EventLevel
from openoms.automation.handlers import RunOutcome
from openoms.automation.models import RunStatus
from openoms.channels.events import channel_event
from openoms.channels.models import Channel
from openoms.connectors.base import InventoryReader, ListingLevel
from openoms.core.errors import Conflict
from openoms.sync.outbox_models import ListingState, PendingPush
from openoms.sync.pipeline import WorkContext
from openoms.sync.selectors.outbox import (
    MappedLocation,
    available_by_listing_key,
    mapped_locations,
)
from openoms.sync.services.outbox import outbox_enqueue_full
from openoms.sync.services.outbox_levels import known_levels_record
from openoms.sync.trigger_table import DO_NOT_SYNC, column_of

TITLE = "Export Inventory"
SKIPPED = (
    "{title} of {name} was skipped: its Inventory Synchronization with Sales Channel is "
    "Do not Synchronize, so OpenOMS sends it no inventory (its manual Sync sends full values)."
)


@dataclass(frozen=True)
class Drift:
    """What a reconciliation found: levels compared, those that differ from Available, and the
    (channel SKU, location) pairs queued for a full value (the differing ones with nothing
    pending)."""

    checked: int
    drifted: int
    queued: list[tuple[str, str]]


def inventory_reconcile(work: WorkContext) -> RunOutcome:
    """The recurring Export Inventory of a sales channel (see the module)."""
    channel = work.channel
    if column_of(channel) == DO_NOT_SYNC:
        message = SKIPPED.format(title=TITLE, name=channel.name)
        channel_event(channel, EventLevel.INFO, message, work.actor.label)
        return RunOutcome(RunStatus.SKIPPED, {"channels skipped": 1})
    locations = mapped_locations(channel)
    if not locations:
        raise Conflict(
            f"{channel.name} has no warehouse mapping: map a warehouse to each of its locations "
            "under Warehouse Mappings. Nothing was exported."
        )
    reader = work.connector if isinstance(work.connector, InventoryReader) else None
    read = list(reader.read_levels([loc.location for loc in locations])) if reader else None
    drift = channel_reconcile(channel, locations, read)
    counts = {"checked": drift.checked, "drifted": drift.drifted, "queued": len(drift.queued)}
    summary = (
        f"{TITLE} to {channel.name} (reconciliation): {drift.checked} levels checked, "
        f"{drift.drifted} differed from OpenOMS, {len(drift.queued)} queued for a full value."
    )
    return RunOutcome(RunStatus.SUCCEEDED, counts, summary)


def channel_reconcile(
    channel: Channel, locations: list[MappedLocation], read: list[ListingLevel] | None
) -> Drift:
    """Record ``read`` (the channel's levels; None: not readable, compare with what OpenOMS
    last knows) and queue fulls for the drifted listings with nothing pending, in one
    transaction."""
    with transaction.atomic():
        Channel.objects.select_for_update().get(pk=channel.pk)  # one run of a channel at once
        available = available_by_listing_key(channel, locations)
        held = _held(channel, read, available)
        drifted = [
            (sku, location)
            for sku, location, value in held
            if value is not None and value != available.get((sku, location), value)
        ]
        pending = set(
            PendingPush.objects.filter(channel=channel).values_list("channel_sku", "location")
        )
        queued = sorted({pair for pair in drifted if pair not in pending})
        if queued:
            outbox_enqueue_full(channel, pairs=queued)
    checked = sum(value is not None for _, _, value in held)
    return Drift(checked, len(drifted), queued)


def _held(
    channel: Channel, read: list[ListingLevel] | None, available: dict[tuple[str, str], int]
) -> list[tuple[str, str, int | None]]:
    """(channel SKU, location, quantity) of each listing the channel holds: the levels read of
    mapped SKUs at mapped locations (a listing read twice at a location once), recorded as
    known; else what OpenOMS last knows."""
    if read is None:
        states = ListingState.objects.filter(channel=channel)
        return list(states.values_list("channel_sku", "location", "known"))
    mapped = [level for level in read if (level.sku, level.location) in available]
    once = list({(level.listing, level.location): level for level in mapped}.values())
    known_levels_record(channel, once)
    return [(level.sku, level.location, level.available) for level in once]
