"""The channels that send webhooks: per source, the channel kind that receives them, the
credential holding the signing secret, and the headers that name a delivery."""

from __future__ import annotations

from dataclasses import dataclass

from openoms.sync.models import WebhookSource


@dataclass(frozen=True)
class SourceSpec:
    """How one source signs and names its deliveries."""

    source: str
    label: str
    kind: str  # the channel kind that receives them (``channels.kinds``)
    secret_credential: str  # the credential holding the signing secret
    secret_hint: str  # where a person finds that secret
    delivery_id_header: str
    topic_header: str
    event_id_header: str = ""
    triggered_at_header: str = ""


SOURCES: dict[str, SourceSpec] = {
    WebhookSource.SHOPIFY: SourceSpec(
        source=WebhookSource.SHOPIFY,
        label="Shopify",
        kind="shopify",
        secret_credential="client_secret",
        secret_hint="the client secret of the store's app, which signs its webhooks",
        delivery_id_header="X-Shopify-Webhook-Id",
        topic_header="X-Shopify-Topic",
        event_id_header="X-Shopify-Event-Id",
        triggered_at_header="X-Shopify-Triggered-At",
    ),
    WebhookSource.SHIPBOB: SourceSpec(
        source=WebhookSource.SHIPBOB,
        label="ShipBob",
        kind="shipbob",
        secret_credential="webhook_secret",
        secret_hint="the whsec_… secret of the ShipBob webhook subscription",
        delivery_id_header="webhook-id",
        topic_header="x-webhook-topic",
    ),
}


def source_of_kind(kind: str) -> SourceSpec | None:
    """The webhook source a channel of ``kind`` receives from, or None (it receives none)."""
    return next((spec for spec in SOURCES.values() if spec.kind == kind), None)
