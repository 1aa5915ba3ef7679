"""Webhook deliveries to the API's JSON."""

from __future__ import annotations

from typing import Any

from openoms.sync.models import WebhookDelivery


def webhook_delivery_out(delivery: WebhookDelivery) -> dict[str, Any]:
    """A delivery without its body (the lists defer it)."""
    return {
        "id": delivery.pk,
        "source": delivery.source,
        "delivery_id": delivery.delivery_id,
        "event_id": delivery.event_id,
        "topic": delivery.topic,
        "triggered_at": delivery.triggered_at,
        "received_at": delivery.received_at,
        "status": delivery.status,
        "note": delivery.note,
        "duplicates": delivery.duplicates,
    }


def webhook_delivery_detail_out(delivery: WebhookDelivery) -> dict[str, Any]:
    return webhook_delivery_out(delivery) | {"body": delivery.body}
