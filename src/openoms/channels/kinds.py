"""The registry of channel kinds: what each kind's connector can do, which credentials it needs,
and which job periods it supports. Connectors (a later release) implement these capabilities;
screens and rules (e.g. which channels may be the Master Product Channel) read them from here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Capability(StrEnum):
    IMPORT_PRODUCTS = "import_products"
    EXPORT_PRODUCTS = "export_products"
    PUSH_INVENTORY = "push_inventory"
    IMPORT_INVENTORY = "import_inventory"
    IMPORT_ORDERS = "import_orders"
    EXPORT_ORDER_UPDATES = "export_order_updates"
    EXPORT_ORDERS = "export_orders"
    IMPORT_SHIPMENTS = "import_shipments"
    EXPORT_PURCHASE_ORDERS = "export_purchase_orders"
    IMPORT_RECEIPTS = "import_receipts"


CAPABILITY_LABELS = {
    Capability.IMPORT_PRODUCTS: "Import products",
    Capability.EXPORT_PRODUCTS: "Export products",
    Capability.PUSH_INVENTORY: "Push inventory",
    Capability.IMPORT_INVENTORY: "Import inventory",
    Capability.IMPORT_ORDERS: "Import orders",
    Capability.EXPORT_ORDER_UPDATES: "Export order updates",
    Capability.EXPORT_ORDERS: "Send orders to fulfillment",
    Capability.IMPORT_SHIPMENTS: "Import shipments",
    Capability.EXPORT_PURCHASE_ORDERS: "Send purchase orders",
    Capability.IMPORT_RECEIPTS: "Import receipts",
}

SALES, FULFILLMENT = "sales", "fulfillment"

PRODUCT_CAPABILITIES = frozenset({Capability.IMPORT_PRODUCTS, Capability.EXPORT_PRODUCTS})
# A store (Shopify, and the sandbox store that stands in for one in the demo).
STORE_CAPABILITIES = PRODUCT_CAPABILITIES | {
    Capability.PUSH_INVENTORY,
    Capability.IMPORT_ORDERS,
    Capability.EXPORT_ORDER_UPDATES,
}
# A 3PL's warehouse work (ShipBob adds products; the sandbox 3PL does not).
THREE_PL_CAPABILITIES = frozenset(
    {
        Capability.IMPORT_INVENTORY,
        Capability.EXPORT_ORDERS,
        Capability.IMPORT_SHIPMENTS,
        Capability.EXPORT_PURCHASE_ORDERS,
        Capability.IMPORT_RECEIPTS,
    }
)
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
    capabilities: frozenset[Capability]
    credentials: tuple[CredentialField, ...]
    periods: tuple[str, ...] = PERIODS_ALL
    description: str = ""

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
            capabilities=STORE_CAPABILITIES,
            credentials=(
                CredentialField("shop_domain", "Shop Domain", "e.g. my-store.myshopify.com"),
                CredentialField(
                    "access_token", "Admin API Access Token", "From the store's custom app.", True
                ),
            ),
            description="A Shopify store, through the Admin GraphQL API.",
        ),
        Kind(
            code="shipbob",
            label="ShipBob",
            channel_type=FULFILLMENT,
            capabilities=THREE_PL_CAPABILITIES | PRODUCT_CAPABILITIES,
            credentials=(
                CredentialField("channel_id", "ShipBob Channel ID", "The ShipBob channel to use."),
                CredentialField(
                    "api_token", "Personal Access Token", "From ShipBob → Integrations → API.", True
                ),
            ),
            description="A ShipBob fulfillment account, through its REST API (2026-01).",
        ),
        Kind(
            code="sandbox_sales",
            label="Sandbox store",
            channel_type=SALES,
            capabilities=STORE_CAPABILITIES,
            credentials=(
                CredentialField("store_name", "Store name", "Any name: no real store."),
                SANDBOX_LATENCY,
            ),
            description="A pretend store for trying OpenOMS; it talks to no real service.",
        ),
        Kind(
            code="sandbox_fulfillment",
            label="Sandbox 3PL",
            channel_type=FULFILLMENT,
            capabilities=THREE_PL_CAPABILITIES,
            credentials=(
                CredentialField("warehouse_name", "3PL name", "Any name: no real 3PL."),
                SANDBOX_LATENCY,
            ),
            description="A pretend 3PL for trying OpenOMS; it talks to no real service.",
        ),
    )
}


def kinds_for(channel_type: str) -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.channel_type == channel_type]
