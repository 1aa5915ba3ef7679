"""The trigger table is the issue's, cell for cell, and ``send_for`` reads it."""

import pytest

from openoms.inventory.triggers import Trigger
from openoms.sync.trigger_table import (
    BETA_MODES,
    STABLE_OFF,
    STABLE_REAL_TIME,
    TABLE,
    Send,
    send_for,
)

# The issue's table: Do not Synchronize | Real-Time Adjustment | Synchronize With FC
ISSUE = {
    "Fulfillment Channel Recurring Job": ("—", "delta", "full"),
    "Fulfillment Channel Manual Sync": ("—", "delta", "full"),
    "Sales Channel Manual Sync": ("full", "full", "full"),
    "Import Inventory Level": ("—", "delta", "—"),
    "Adjust Inventory Manually": ("—", "delta", "—"),
    "Receive Receipt": ("—", "delta", "—"),
    "Allocate Order from the same channel": ("—", "—", "—"),
    "Allocate Order from another channel": ("—", "delta", "—"),
    "Cancel Shipment": ("—", "delta", "—"),
    "API v2 (Bulk Update)": ("—", "delta", "full"),
    "API v2 (Single Row Update)": ("—", "delta", "—"),
}


def test_every_cell_is_the_issues():
    as_text = {Send.NONE: "—", Send.DELTA: "delta", Send.FULL: "full"}
    table = {row.label: tuple(as_text[row.sends[mode]] for mode in BETA_MODES) for row in TABLE}
    assert table == ISSUE


def test_an_allocation_is_never_echoed_to_the_channel_it_came_from():
    for column in (*BETA_MODES, STABLE_REAL_TIME, STABLE_OFF):
        assert send_for(Trigger.ALLOCATE_ORDER, column, same_channel=True) == Send.NONE
    assert send_for(Trigger.ALLOCATE_ORDER, "real_time", same_channel=False) == Send.DELTA


@pytest.mark.parametrize(
    ("trigger", "real_time", "off"),
    [
        (Trigger.ADJUST_INVENTORY_MANUALLY, Send.DELTA, Send.NONE),
        (Trigger.FULFILLMENT_CHANNEL_RECURRING_JOB, Send.DELTA, Send.NONE),
        (Trigger.SALES_CHANNEL_MANUAL_SYNC, Send.FULL, Send.FULL),
        (Trigger.LEDGER_REPAIR, Send.NONE, Send.NONE),
    ],
)
def test_stable_channels_follow_the_account_setting(trigger, real_time, off):
    assert send_for(trigger, STABLE_REAL_TIME) == real_time
    assert send_for(trigger, STABLE_OFF) == off
