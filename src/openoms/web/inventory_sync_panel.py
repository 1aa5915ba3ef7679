"""The inventory synchronization part of a sales channel's Main Settings (seed 002): the mode and
Duplicate SKU of a beta channel, or the account setting a stable one follows, and the trigger
table (``sync.trigger_table.TABLE``) with the column the channel follows highlighted; with the
preview to confirm before a switch into a sending mode. Fulfillment channels have none of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from openoms.channels.kinds import SALES
from openoms.channels.models import Channel, InventorySyncMode
from openoms.sync.services.inventory_settings import PreviewRequired, duplicates_refusal
from openoms.sync.trigger_table import (
    BETA_MODES,
    STABLE_OFF,
    STABLE_REAL_TIME,
    TABLE,
    Send,
    column_of,
)
from openoms.web.channel_forms import MODE_FIELD, ChannelSettingsForm

# Each mode in one line, as the seed article explains it.
MODE_LINES = {
    InventorySyncMode.DO_NOT_SYNC: "Sends nothing to the channel, except when you run its "
    "manual Sync (full values).",
    InventorySyncMode.REAL_TIME: "Sends each change as it happens (+3 SKU A, -5 SKU B).",
    InventorySyncMode.SYNC_WITH_FULFILLMENT_CHANNEL: "Sends full values (98 SKU A, 27 SKU B) "
    "computed from the fulfillment data, when a fulfillment channel's recurring job or manual "
    "sync runs.",
}
STABLE_LABELS = {
    STABLE_REAL_TIME: "Real-Time Updates: Yes",
    STABLE_OFF: "Real-Time Updates: No",
}
CELLS = {Send.DELTA: "✓ delta", Send.FULL: "✓ full", Send.NONE: "—"}


@dataclass(frozen=True)
class TriggerTable:
    """The table as the page shows it: (column, heading) pairs, the highlighted column, and per
    trigger its label and (column, cell text) pairs."""

    columns: list[tuple[str, str]]
    current: str
    rows: list[tuple[str, list[tuple[str, str]]]]


def trigger_table(columns: list[tuple[str, str]], current: str) -> TriggerTable:
    rows = [(row.label, [(key, CELLS[row.sends[key]]) for key, _ in columns]) for row in TABLE]
    return TriggerTable(columns, current, rows)


def inventory_sync_context(
    channel: Channel, form: ChannelSettingsForm, preview: PreviewRequired | None = None
) -> dict:
    """The template's ``inventory_sync``: nothing for a fulfillment channel; for a beta one the
    mode's explanations, why Duplicate SKU is read-only (if it is) and the table of its three
    modes; for a stable one the account setting it follows (with a link) and the stable columns.
    """
    if channel.type != SALES:
        return {}
    if channel.is_beta:
        posted = form[MODE_FIELD].value() if MODE_FIELD in form.fields else None
        current = posted if posted in BETA_MODES else channel.inventory_sync_mode
        labels = dict(InventorySyncMode.choices)
        context = {
            "is_beta": True,
            "mode_lines": [(mode, labels[mode], line) for mode, line in MODE_LINES.items()],
            "current_mode": current,
            "duplicates_refusal": duplicates_refusal(channel.kind) or "",
            "table": trigger_table([(m, labels[m]) for m in BETA_MODES], current),
            "preview": preview,
        }
    else:
        context = {
            "is_beta": False,
            "account_real_time": channel.account.enable_inventory_real_time_updates,
            "account_url": reverse("web:account_settings") + "#tab-workflow",
            "table": trigger_table(list(STABLE_LABELS.items()), column_of(channel) or ""),
        }
    return {"inventory_sync": context}
