"""The inventory outbox and the explain of a channel SKU to the API's JSON."""

from __future__ import annotations

from typing import Any

from openoms.sync.outbox_models import ListingState, PendingPush
from openoms.sync.selectors.outbox import ExplainLocation, InventoryExplain, row_due


def _change(row: PendingPush) -> str:
    return "full" if row.full else "delta"


def _batch(row: PendingPush) -> tuple[str | None, Any]:
    """The batch's key and start (its last attempt, else its creation), or None for both."""
    if row.batch is None:
        return None, None
    return row.batch.key, row.batch.sent_at or row.batch.created_at


def outbox_row_out(row: PendingPush) -> dict[str, Any]:
    """A row of ``outbox_rows`` (annotated with ``status``, its batch selected)."""
    key, since = _batch(row)
    return {
        "channel_sku": row.channel_sku,
        "location": row.location,
        "status": row.status,
        "change": _change(row),
        "delta": 0 if row.full else row.delta,
        "version": row.version,
        "queued_at": row.first_queued_at,
        "due_at": row_due(row),
        "attempts": row.attempts,
        "last_error": row.last_error,
        "batch_key": key,
        "in_flight_since": since,
    }


def _listing_out(state: ListingState) -> dict[str, Any]:
    return {
        "listing_ref": state.listing_ref,
        "known": state.known,
        "last_sent": state.last_sent,
        "last_sent_at": state.last_sent_at,
        "last_error": state.last_error,
        "last_error_at": state.last_error_at,
    }


def _pending_out(row: PendingPush | None) -> dict[str, Any] | None:
    if row is None:
        return None
    key, since = _batch(row)
    return {
        "change": _change(row),
        "delta": 0 if row.full else row.delta,
        "queued_at": row.first_queued_at,
        "attempts": row.attempts,
        "next_attempt_at": row.next_attempt_at,
        "last_error": row.last_error,
        "in_flight": key is not None,
        "batch_key": key,
        "in_flight_since": since,
    }


def _location_out(location: ExplainLocation) -> dict[str, Any]:
    return {
        "location": location.location,
        "warehouse": location.warehouse.warehouse_code,
        "is_virtual": location.warehouse.is_virtual,
        "levels": [
            {
                "code": level.code,
                "name": level.name,
                "total": level.total,
                "allocated": level.allocated,
                "on_hold": level.on_hold,
                "available": level.available,
            }
            for level in location.levels
        ],
        "available": location.available,
        "to_send": location.to_send,
        "listings": [_listing_out(state) for state in location.listings],
        "pending": _pending_out(location.pending),
    }


def inventory_explain_out(explain: InventoryExplain) -> dict[str, Any]:
    return {
        "channel_id": explain.channel.pk,
        "channel_sku": explain.channel_sku,
        "sku": explain.sku,
        "mode": explain.mode,
        "mode_label": explain.mode_label,
        "locations": [_location_out(location) for location in explain.locations],
    }
