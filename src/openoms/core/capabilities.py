"""What a channel's connector can do. Connectors declare these (``connectors.registry``); the
channel kinds, the job types and the screens read them from there."""

from __future__ import annotations

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
