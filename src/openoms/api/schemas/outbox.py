"""A sales channel's inventory outbox and the explain of one channel SKU: response shapes and
the list's filters."""

from __future__ import annotations

from typing import Literal

from ninja import Schema
from pydantic import BaseModel, Field

from openoms.api.pagination import page_schema
from openoms.api.schemas.common import UtcDatetime
from openoms.sync.selectors.outbox import STATUSES

OutboxStatusCode = Literal[STATUSES]


class OutboxFilters(Schema):
    status: OutboxStatusCode | None = Field(
        None, description="Only rows in this status (pending, in_flight or failed)."
    )
    search: str = Field("", max_length=255, description="Only channel SKUs containing this.")


class OutboxRowOut(BaseModel):
    """What one channel SKU at one location still has to receive."""

    channel_sku: str
    location: str = Field(description="The warehouse mapping's external id on the channel.")
    status: OutboxStatusCode = Field(
        description="pending (waiting for the drain), in_flight (in a batch being sent), or "
        "failed (its last attempt failed: `last_error` says why; due again at `due_at`)."
    )
    change: Literal["full", "delta"] = Field(
        description="full: the Available quantity when sent; delta: `delta` added to it."
    )
    delta: int = Field(description="The coalesced change (0 and moot for a full).")
    version: int = Field(description="Bumped by every change since it was queued.")
    queued_at: UtcDatetime = Field(description="The oldest change waiting.")
    due_at: UtcDatetime = Field(description="When it is due: its next attempt after a failure.")
    attempts: int
    last_error: str = Field(description="Why its last attempt failed (empty: none failed).")
    batch_key: str | None = Field(description="In flight: its batch's idempotency key.")
    in_flight_since: UtcDatetime | None = Field(description="In flight: when its batch began.")


OutboxPageOut = page_schema(OutboxRowOut, "OutboxPage")


class WarehouseLevelsOut(BaseModel):
    code: str
    name: str
    total: int
    allocated: int
    on_hold: int
    available: int = Field(description="Total - Allocated - On hold.")


class ListingOut(BaseModel):
    listing_ref: str = Field(description="The channel's item (Shopify: the inventory item GID).")
    known: int | None = Field(description="The quantity last sent to or read from the channel.")
    last_sent: int | None
    last_sent_at: UtcDatetime | None
    last_error: str
    last_error_at: UtcDatetime | None


class PendingOut(BaseModel):
    change: Literal["full", "delta"]
    delta: int
    queued_at: UtcDatetime
    attempts: int
    next_attempt_at: UtcDatetime | None
    last_error: str
    in_flight: bool
    batch_key: str | None
    in_flight_since: UtcDatetime | None


class ExplainLocationOut(BaseModel):
    location: str = Field(description="The warehouse mapping's external id on the channel.")
    warehouse: str = Field(description="The warehouse mapped to it (its code).")
    is_virtual: bool
    levels: list[WarehouseLevelsOut] = Field(
        description="The levels that count there: the warehouse's, or a virtual one's members'."
    )
    available: int = Field(description="Their sum (Total - Allocated - On hold).")
    to_send: int = Field(description="What OpenOMS sends: Available, 0 when negative.")
    listings: list[ListingOut]
    pending: PendingOut | None = Field(description="What waits in the outbox; null: nothing.")


class InventoryExplainOut(BaseModel):
    """Why the channel shows what it shows for one channel SKU."""

    channel_id: int
    channel_sku: str
    sku: str = Field(description="The OpenOMS SKU it is mapped to.")
    mode: str = Field(
        description="The trigger table's column the channel follows: do_not_sync, real_time, "
        "sync_with_fulfillment_channel (beta channels), stable_real_time or stable_off."
    )
    mode_label: str
    locations: list[ExplainLocationOut]
