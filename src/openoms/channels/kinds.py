"""The registry of channel kinds: their labels, which credentials they need and which job periods
they support. What a kind can do is what its connector declares (``connectors.registry``: the one
place capabilities are written); screens and rules (e.g. which channels may be the Master Product
Channel) read it from here, through ``Kind.capabilities`` and ``Kind.can``."""

from __future__ import annotations

from dataclasses import dataclass

from openoms.connectors.registry import connector_capabilities
from openoms.core.capabilities import CAPABILITY_LABELS, Capability

__all__ = ["CAPABILITY_LABELS", "FULFILLMENT", "KINDS", "SALES", "Capability", "Kind", "kinds_for"]


SALES, FULFILLMENT = "sales", "fulfillment"

PERIODS_ALL = ("none", "5m", "15m", "30m", "1h", "4h", "12h", "1d")


@dataclass(frozen=True)
class CredentialField:
    name: str
    label: str
    help: str
    secret: bool = False
    required: bool = True
    number_max: float | None = None  # a number from 0 to this, when set


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    channel_type: str
    credentials: tuple[CredentialField, ...]
    periods: tuple[str, ...] = PERIODS_ALL
    description: str = ""
    location_hint: str = "the channel's identifier of the location"  # warehouse mappings page
    # Seed 002: whether inventory sync can update every listing that shares one SKU (Duplicate
    # SKU — update inventory when duplicate skus are found). Only Shopify can for now.
    updates_duplicate_skus: bool = False

    @property
    def capabilities(self) -> frozenset[Capability]:
        """What the kind's connector declares it can do (``connectors.registry``)."""
        return connector_capabilities(self.code)

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities


SANDBOX_LATENCY = CredentialField(
    "latency_seconds",
    "Pretend latency (seconds)",
    "Optional: every call to the sandbox waits this long (0 to 600), to try a slow service.",
    required=False,
    number_max=600,
)

KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind(
            code="shopify",
            label="Shopify",
            channel_type=SALES,
            credentials=(
                CredentialField("shop_domain", "Shop Domain", "e.g. my-store.myshopify.com"),
                CredentialField(
                    "access_token",
                    "Admin API Access Token",
                    "From the store's custom app; or leave empty and give the app's client id "
                    "and secret (OpenOMS then gets and renews the token itself).",
                    True,
                    required=False,
                ),
                CredentialField(
                    "client_id", "Client ID", "The app's client id.", False, required=False
                ),
                CredentialField(
                    "client_secret",
                    "Client Secret",
                    "The app's client secret (also the key that signs its webhooks).",
                    True,
                    required=False,
                ),
            ),
            description="A Shopify store, through the Admin GraphQL API.",
            updates_duplicate_skus=True,
            location_hint=(
                "the Shopify location id: the number at the end of the location's address in Shopify admin (Settings → Locations), or its gid://shopify/Location/… id"
            ),
        ),
        Kind(
            code="shipbob",
            label="ShipBob",
            channel_type=FULFILLMENT,
            credentials=(
                CredentialField(
                    "channel_id",
                    "ShipBob Channel ID",
                    "The number of the ShipBob channel orders are created in (GET /channel).",
                    number_max=2**31 - 1,
                ),
                CredentialField(
                    "api_token", "Personal Access Token", "From ShipBob → Integrations → API.", True
                ),
                CredentialField(
                    "webhook_secret",
                    "Webhook Secret",
                    "Optional: the whsec_… secret of ShipBob's webhook subscription, to verify "
                    "webhooks.",
                    secret=True,
                    required=False,
                ),
            ),
            description="A ShipBob fulfillment account, through its REST API (2026-01).",
            location_hint=(
                "the ShipBob fulfillment center id (a number, e.g. 11: ShipBob → Inventory → Fulfillment centers, or GET /fulfillment-center)"
            ),
        ),
        Kind(
            code="sandbox_sales",
            label="Sandbox store",
            channel_type=SALES,
            credentials=(
                CredentialField("store_name", "Store name", "Any name: no real store."),
                SANDBOX_LATENCY,
            ),
            description="A pretend store for trying OpenOMS; it talks to no real service.",
            location_hint=(
                "any name for the pretend store's location (e.g. sandbox-location-east)"
            ),
        ),
        Kind(
            code="sandbox_fulfillment",
            label="Sandbox 3PL",
            channel_type=FULFILLMENT,
            credentials=(
                CredentialField("warehouse_name", "3PL name", "Any name: no real 3PL."),
                SANDBOX_LATENCY,
            ),
            description="A pretend 3PL for trying OpenOMS; it talks to no real service.",
            location_hint=(
                "any name for the pretend 3PL's warehouse (a warehouse left unmapped is asked for by its code)"
            ),
        ),
    )
}


def kinds_for(channel_type: str) -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.channel_type == channel_type]
