"""The Sync menu's actions: Import Products (only on the Master Product Channel) and Export
Products, run now; the result is a message on the channel page, the details in the Events log."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from openoms.core.errors import Conflict
from openoms.sync.services.product_sync import (
    ProductSyncResult,
    product_export_run,
    product_import_run,
)
from openoms.tenancy.permissions import Perm
from openoms.web.channel_scope import ChannelScope, channel_page


def import_message(result: ProductSyncResult) -> str:
    """ "Imported 12 SKUs: 10 created, 2 updated, 0 unchanged, 1 skipped (see Events)." """
    total = result.created + result.updated + result.unchanged
    skipped = (
        f", {result.skipped} skipped (duplicate or invalid SKUs: see Events)"
        if result.skipped
        else ""
    )
    return (
        f"Imported {total} SKU{'' if total == 1 else 's'}: {result.created} created, "
        f"{result.updated} updated, {result.unchanged} unchanged{skipped}."
    )


@require_POST
@channel_page(Perm.CHANNELS_VIEW)
def import_products(request, scope: ChannelScope):
    try:
        result = product_import_run(actor=request.actor, channel=scope.channel)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect(scope.url())
    if result.refused_reason:
        messages.warning(request, result.refused_reason)
    else:
        messages.success(request, import_message(result))
    return redirect(scope.url())


@require_POST
@channel_page(Perm.CHANNELS_VIEW)
def export_products(request, scope: ChannelScope):
    try:
        count = product_export_run(actor=request.actor, channel=scope.channel)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect(scope.url())
    name = scope.channel.name
    if count:
        messages.success(request, f"Exported {count} SKU{'' if count == 1 else 's'} to {name}.")
    else:
        messages.warning(request, f"No SKU was exported to {name} (see Events for the reason).")
    return redirect(scope.url())
