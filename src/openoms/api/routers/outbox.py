"""A sales channel's inventory outbox (what waits to be sent, in flight, failed with why) and
the explain of one of its channel SKUs (why the channel shows what it shows)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from openoms.api.pagination import PageParams, paginate
from openoms.api.routers.channels import ChannelId, request_channel
from openoms.api.schemas.common import error_responses
from openoms.api.schemas.outbox import InventoryExplainOut, OutboxFilters, OutboxPageOut
from openoms.api.serializers.outbox import inventory_explain_out, outbox_row_out
from openoms.sync.selectors.outbox import inventory_explain, outbox_rows

router = Router(tags=["Channels"])


@router.get(
    "/{channel_id}/outbox",
    response={200: OutboxPageOut, **error_responses(401, 403, 404, 422)},
    operation_id="outbox_list",
)
def list_outbox(
    request: HttpRequest,
    channel_id: ChannelId,
    filters: Query[OutboxFilters],
    params: Query[PageParams],
):
    """The channel's inventory outbox, oldest change first, page by page: one row per channel
    SKU at one location still to be sent, coalesced (a burst of changes is one row). `status`
    filters (pending, in_flight, failed); `search` keeps channel SKUs containing it. A failed
    row says why (`last_error`) and when it is tried again (`due_at`). Another account's
    channel is 404."""
    actor, channel = request_channel(request, channel_id)
    rows = outbox_rows(actor, channel, status=filters.status, search=filters.search)
    return paginate(request, rows, params, outbox_row_out)


@router.get(
    "/{channel_id}/inventory/{path:channel_sku}",
    response={200: InventoryExplainOut, **error_responses(401, 403, 404, 422)},
    operation_id="channel_inventory_explain",
)
def explain_inventory(request: HttpRequest, channel_id: ChannelId, channel_sku: str):
    """Why the channel shows what it shows for `channel_sku`: the channel's mode (a stable
    channel: the account's rule), per mapped location the warehouse's levels (a virtual
    warehouse: its members'), the quantity OpenOMS sends, each listing's last value sent and
    when, its last error, and what waits in the outbox (full or delta, since when, attempts,
    next attempt, in flight with its batch). The channel SKU may contain `/`. 404 when the channel SKU has no SKU mapping on the
    channel, or for another account's channel."""
    actor, channel = request_channel(request, channel_id)
    return inventory_explain_out(inventory_explain(actor, channel, channel_sku))
