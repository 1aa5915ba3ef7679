"""Queueing a fulfillment channel's shipment work (through ``work_queue``): *Send Shipments*
when shipments are created or asked to be cancelled (the listener of ``orders.changes``),
*Import Shipments* when a ShipBob webhook about a shipment is stored. The shipment rows and the
stored webhook deliveries are the durable outbox and inbox; nothing waits for a period.
"""

from __future__ import annotations

from collections.abc import Sequence

from openoms.automation.job_types import JobType
from openoms.sync.models import DeliveryStatus, WebhookDelivery, WebhookSource
from openoms.sync.services.work_queue import work_queue

SEND, IMPORT = JobType.SEND_SHIPMENTS, JobType.IMPORT_SHIPMENTS
SHIPMENTS_LABEL = "Shipments"
WEBHOOK_LABEL = "ShipBob webhook"
SHIPMENT_TOPIC_PREFIX = "order."  # ShipBob's shipment topics: order.shipped, order.shipment.*


def shipments_queue(account_id: int, shipments: Sequence) -> None:
    """The listener of ``orders.changes``: queue Send Shipments for each fulfillment channel
    of ``shipments`` (created by allocation, or asked to be cancelled)."""
    channel_ids = {s.fulfillment_channel_id for s in shipments if s.fulfillment_channel_id}
    if channel_ids:
        work_queue(channel_ids, SEND, SHIPMENTS_LABEL, account_id=account_id)


def shipment_webhook_queue(delivery: WebhookDelivery) -> None:
    """Queue Import Shipments for the channel of a newly stored ShipBob shipment delivery."""
    if (
        delivery.source == WebhookSource.SHIPBOB
        and delivery.status == DeliveryStatus.RECEIVED
        and delivery.topic.startswith(SHIPMENT_TOPIC_PREFIX)
    ):
        work_queue({delivery.channel_id}, IMPORT, WEBHOOK_LABEL, account_id=delivery.account_id)
