"""A channel's webhook deliveries: response shapes and the list's filters."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Schema
from pydantic import BaseModel, Field

from openoms.api.pagination import page_schema
from openoms.api.schemas.common import UtcDatetime
from openoms.sync.models import DeliveryStatus, WebhookSource
from openoms.sync.services.webhooks import MAX_TOPIC

DeliveryStatusCode = Literal[tuple(DeliveryStatus.values)]


class WebhookFilters(Schema):
    status: DeliveryStatusCode | None = Field(
        None, description="Only deliveries in this status (received, processed or ignored)."
    )
    topic: str = Field(
        "", max_length=MAX_TOPIC, description="Only this topic, exactly (e.g. orders/create)."
    )


class WebhookDeliveryOut(BaseModel):
    """A webhook delivery as received from the channel (without its body)."""

    id: int
    source: Literal[tuple(WebhookSource.values)] = Field(description="Who sent it.")
    delivery_id: str = Field(
        description="X-Shopify-Webhook-Id or webhook-id: one per delivery, the same on retries."
    )
    event_id: str = Field(
        description="X-Shopify-Event-Id: the same across subscriptions of one event; "
        "empty for ShipBob."
    )
    topic: str = Field(description="e.g. orders/create, order.shipped.")
    triggered_at: UtcDatetime | None = Field(
        description="When the channel says the event happened; null when it did not say."
    )
    received_at: UtcDatetime
    status: DeliveryStatusCode = Field(
        description="received (waiting to be processed), processed, or ignored (see note)."
    )
    note: str
    duplicates: int = Field(description="How many times the same delivery id came again.")


class WebhookDeliveryDetailOut(WebhookDeliveryOut):
    """A webhook delivery with the JSON object it carried."""

    body: dict[str, Any]


WebhookDeliveryPageOut = page_schema(WebhookDeliveryOut, "WebhookDeliveryPage")
