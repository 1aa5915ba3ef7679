"""A channel's webhook deliveries: what Shopify or ShipBob sent to its webhook address, as
stored (verified, once per delivery id)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query, Router

from openoms.api.pagination import PageParams, paginate
from openoms.api.routers.channels import ChannelId, request_channel
from openoms.api.schemas.common import PathId, error_responses
from openoms.api.schemas.webhooks import (
    WebhookDeliveryDetailOut,
    WebhookDeliveryPageOut,
    WebhookFilters,
)
from openoms.api.serializers.webhooks import webhook_delivery_detail_out, webhook_delivery_out
from openoms.sync.selectors.webhooks import webhook_deliveries, webhook_delivery_get

router = Router(tags=["Channels"])


@router.get(
    "/{channel_id}/webhooks",
    response={200: WebhookDeliveryPageOut, **error_responses(401, 403, 404, 422)},
    operation_id="webhooks_list",
)
def list_webhooks(
    request: HttpRequest,
    channel_id: ChannelId,
    filters: Query[WebhookFilters],
    params: Query[PageParams],
):
    """The webhook deliveries the channel received, newest first, page by page, without their
    bodies; `status` and `topic` filter exactly. Refused deliveries (bad signature, malformed
    body) are never stored: they are Warning events. Another account's channel is 404."""
    actor, channel = request_channel(request, channel_id)
    rows = webhook_deliveries(actor, channel, status=filters.status, topic=filters.topic)
    return paginate(request, rows, params, webhook_delivery_out)


@router.get(
    "/{channel_id}/webhooks/{delivery_id}",
    response={200: WebhookDeliveryDetailOut, **error_responses(401, 403, 404, 422)},
    operation_id="webhooks_get",
)
def get_webhook(
    request: HttpRequest, channel_id: ChannelId, delivery_id: Annotated[PathId, Path()]
):
    """One delivery (by its `id` in the list) with the JSON object it carried."""
    actor, channel = request_channel(request, channel_id)
    return webhook_delivery_detail_out(webhook_delivery_get(actor, channel, delivery_id))
