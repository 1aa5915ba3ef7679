"""Seed 002's trigger table, declared once as data: what each inventory change sends to a sales
channel, by the channel's mode. The engine (``sync/services/outbox*``), the table-driven test and
the channel's settings page all read ``TABLE``; nothing else decides it.

"delta" sends the change (+3 SKU A, -5 SKU B); "full" sends the absolute Available quantity of
the affected listings (98 SKU A); "none" sends nothing. An order's allocation is never echoed to
the channel it came from (that channel already counted it): *Allocate Order* has two rows.

Beta sales channels follow their own mode (``Channel.inventory_sync_mode``). Stable sales
channels follow the account's *Enable Inventory Real-Time Updates* (seed 001): Yes pushes
adjustments on manual changes, updates received from a channel and order allocations (the
``STABLE_REAL_TIME`` column); No leaves them to the account's recurring Export Inventory job
(``STABLE_OFF``). A manual sync of any sales channel sends full values.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from openoms.channels.models import Channel, ChannelType, InventorySyncMode
from openoms.inventory.triggers import Trigger


class Send(StrEnum):
    DELTA = "delta"
    FULL = "full"
    NONE = "none"


DO_NOT_SYNC = InventorySyncMode.DO_NOT_SYNC.value
REAL_TIME = InventorySyncMode.REAL_TIME.value
SYNC_WITH_FC = InventorySyncMode.SYNC_WITH_FULFILLMENT_CHANNEL.value
STABLE_REAL_TIME = "stable_real_time"  # a stable channel, the account's setting Yes
STABLE_OFF = "stable_off"  # a stable channel, the account's setting No

BETA_MODES = (DO_NOT_SYNC, REAL_TIME, SYNC_WITH_FC)
COLUMNS = (*BETA_MODES, STABLE_REAL_TIME, STABLE_OFF)


@dataclass(frozen=True)
class Row:
    """One line of the table: its label (as the seed article writes it), the trigger it is
    about, for *Allocate Order* whether the order came from the same channel, and what each
    column sends."""

    label: str
    trigger: Trigger
    sends: dict[str, Send]
    same_channel: bool | None = None  # Allocate Order only: True = from this very channel


def _row(label: str, trigger: Trigger, beta: str, stable: str, same: bool | None = None) -> Row:
    """``beta``: the three beta modes' cells, in the article's order (Do not Synchronize,
    Real-Time Adjustment, Synchronize With FC), e.g. "-df"; ``stable``: the account setting's
    Yes and No cells, e.g. "d-"."""
    code = {"-": Send.NONE, "d": Send.DELTA, "f": Send.FULL}
    cells = dict(zip(COLUMNS, (code[c] for c in beta + stable), strict=True))
    return Row(label, trigger, cells, same)


TABLE: tuple[Row, ...] = (
    _row(
        "Fulfillment Channel Recurring Job", Trigger.FULFILLMENT_CHANNEL_RECURRING_JOB, "-df", "d-"
    ),
    _row("Fulfillment Channel Manual Sync", Trigger.FULFILLMENT_CHANNEL_MANUAL_SYNC, "-df", "d-"),
    _row("Sales Channel Manual Sync", Trigger.SALES_CHANNEL_MANUAL_SYNC, "fff", "ff"),
    _row("Import Inventory Level", Trigger.IMPORT_INVENTORY_LEVEL, "-d-", "d-"),
    _row("Adjust Inventory Manually", Trigger.ADJUST_INVENTORY_MANUALLY, "-d-", "d-"),
    _row("Receive Receipt", Trigger.RECEIVE_RECEIPT, "-d-", "d-"),
    _row("Allocate Order from the same channel", Trigger.ALLOCATE_ORDER, "---", "--", True),
    _row("Allocate Order from another channel", Trigger.ALLOCATE_ORDER, "-d-", "d-", False),
    _row("Cancel Shipment", Trigger.CANCEL_SHIPMENT, "-d-", "d-"),
    _row("API v2 (Bulk Update)", Trigger.API_BULK_UPDATE, "-df", "d-"),
    _row("API v2 (Single Row Update)", Trigger.API_SINGLE_ROW_UPDATE, "-d-", "d-"),
)


def column_of(channel: Channel) -> str | None:
    """The table's column ``channel`` follows, or None when it is not a sales channel."""
    if channel.type != ChannelType.SALES:
        return None
    if channel.is_beta:
        return channel.inventory_sync_mode
    account = channel.account
    return STABLE_REAL_TIME if account.enable_inventory_real_time_updates else STABLE_OFF


def send_for(trigger: str, column: str, *, same_channel: bool = False) -> Send:
    """What a change caused by ``trigger`` sends to a channel in ``column``; ``same_channel``:
    the change is an allocation of an order that came from this very channel. A trigger the
    table does not list (e.g. Ledger Repair, which changes no level) sends nothing."""
    for row in TABLE:
        if row.trigger == trigger and row.same_channel in (None, same_channel):
            return row.sends[column]
    return Send.NONE
