"""A sales channel's Warehouse Mappings tab: each enabled warehouse of the account (physical and
virtual) with the channel location it feeds (e.g. a Shopify location id), edited in place.

Save on a row saves that row, Save all every row; an emptied identifier removes the mapping.
Changed rows are removed first, then saved, in one transaction: two warehouses can swap their
locations, and one bad row changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render

from openoms.channels import selectors
from openoms.channels.services.warehouse_mappings import (
    warehouse_mapping_delete,
    warehouse_mapping_save,
)
from openoms.core.errors import ValidationFailed
from openoms.tenancy.permissions import Perm
from openoms.web.channel_scope import ChannelScope, channel_context, channel_page
from openoms.web.views.channels import run_all
from openoms.web.views.inventory import WarehouseOption, warehouse_options

HELP = {
    "sales": (
        "Inventory synchronization and real-time updates use only mapped warehouses: each "
        "mapped warehouse feeds the channel's location it is mapped to."
    ),
    "fulfillment": (
        "Import Inventory asks the 3PL for the stock of each warehouse the channel serves by the "
        "location it is mapped to; a served warehouse left unmapped is asked for by its code."
    ),
}


@dataclass
class MappingRow:
    """One warehouse of the table: its stored identifier, what the form shows and its error."""

    option: WarehouseOption
    stored: str
    value: str
    error: str = ""

    @property
    def field(self) -> str:
        return f"external-{self.option.code}"


def _rows(request, scope: ChannelScope) -> list[MappingRow]:
    stored = {
        m.warehouse.code: m.external_id
        for m in selectors.warehouse_mappings(request.actor, scope.channel)
    }
    options = warehouse_options(request, scope.channel.account)
    return [MappingRow(o, stored.get(o.code, ""), stored.get(o.code, "")) for o in options]


def _steps(request, scope: ChannelScope, changed: list[MappingRow]) -> list:
    actor, channel = request.actor, scope.channel
    removals = [
        lambda code=row.option.code: warehouse_mapping_delete(
            actor=actor, channel=channel, warehouse_code=code
        )
        for row in changed
        if row.stored
    ]
    saves = [lambda row=row: _save_row(actor, channel, row) for row in changed if row.value]
    return removals + saves


def _save_row(actor, channel, row: MappingRow) -> None:
    """Save one row; its errors are named after its field, to show on its row."""
    try:
        warehouse_mapping_save(
            actor=actor, channel=channel, warehouse_code=row.option.code, external_id=row.value
        )
    except ValidationFailed as exc:
        raise ValidationFailed({row.field: " ".join(exc.errors.values())}) from exc


def _apply(request, scope: ChannelScope, rows: list[MappingRow]) -> str:
    """Save the posted rows (one, or all); returns the message to show."""
    only = request.POST.get("row", "")
    for row in rows:
        row.value = request.POST.get(row.field, row.stored).strip()
    chosen = [row for row in rows if not only or row.option.code == only]
    changed = [row for row in chosen if row.value != row.stored]
    try:
        run_all(_steps(request, scope, changed))
    except ValidationFailed as exc:
        for row in rows:
            row.error = exc.errors.get(row.field, "")
        raise
    if not changed:
        return "No changes to save."
    return "Warehouse mappings saved: " + ", ".join(row.option.code for row in changed) + "."


@channel_page(Perm.CHANNELS_VIEW)
def warehouse_mappings(request, scope: ChannelScope):
    rows = _rows(request, scope)
    error = ""
    if request.method == "POST":
        request.actor.require(Perm.SKU_MAPPINGS_MANAGE)
        try:
            messages.success(request, _apply(request, scope, rows))
        except ValidationFailed:
            error = "Nothing was saved: correct the rows below."
        else:
            return redirect(scope.url("warehouse_mappings"))
    context = channel_context(
        request,
        scope,
        "warehouse_mappings",
        rows=rows,
        error=error,
        help=HELP[scope.channel.type],
        location_hint=scope.channel.kind_spec.location_hint,
        can_manage=request.actor.can(Perm.SKU_MAPPINGS_MANAGE),
    )
    return render(request, "web/channels/warehouse_mappings.html", context)
