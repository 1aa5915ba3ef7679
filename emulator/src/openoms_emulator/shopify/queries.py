"""Read resolvers: the root queries the connector uses and the relations between records."""

from __future__ import annotations

import re

from .graph import matches, paginate, resolves, search_terms
from .store import STORED_NAMES, Store, gid, parse_gid

KINDS = {
    "Product": "products",
    "ProductVariant": "variants",
    "InventoryItem": "items",
    "Location": "locations",
    "InventoryAdjustmentGroup": "groups",
    "Order": "orders",
    "LineItem": "line_items",
    "FulfillmentOrder": "fulfillment_orders",
    "Fulfillment": "fulfillments",
    "WebhookSubscription": "webhook_subscriptions",
    "BulkOperation": "bulk_operations",
}
QUANTITY_NAMES = frozenset(STORED_NAMES) | {"on_hand"}


def store_of(info) -> Store:
    return info.context.store


def find(store: Store, value: str | None, kind: str):
    number = parse_gid(value, kind)
    return getattr(store, KINDS[kind]).get(number) if number is not None else None


def find_node(store: Store, value: str | None):
    match = re.fullmatch(r"gid://shopify/(\w+)/(\d+)(\?.*)?", value or "")
    if match is None:
        return None
    if match.group(1) == "InventoryLevel":
        return next((lv for lv in store.levels.values() if lv.id == int(match.group(2))), None)
    table = KINDS.get(match.group(1))
    return getattr(store, table).get(int(match.group(2))) if table else None


def _product_getters(store, product):
    return {
        "handle": lambda: product.handle,
        "title": lambda: product.title,
        "id": lambda: product.id,
        "status": lambda: product.status.lower(),
        "sku": lambda: next((v.sku for v in variants_of(store, product) if v.sku), None),
    }


def variants_of(store, product):
    return [store.variants[v] for v in product.variant_ids]


@resolves("QueryRoot", "products")
def products(_, info, args):
    store, terms = store_of(info), search_terms(args.get("query"))
    found = [p for p in store.products.values() if matches(terms, _product_getters(store, p))]
    return paginate(sorted(found, key=lambda p: p.id), args)


@resolves("QueryRoot", "product")
def product(_, info, args):
    return find(store_of(info), args["id"], "Product")


@resolves("QueryRoot", "productByIdentifier")
def product_by_identifier(_, info, args):
    identifier = args["identifier"]
    if identifier.get("handle") is not None:
        return store_of(info).product_by_handle(identifier["handle"])
    return find(store_of(info), identifier.get("id"), "Product")


@resolves("QueryRoot", "productVariants")
def product_variants(_, info, args):
    store, terms = store_of(info), search_terms(args.get("query"))
    found = [
        v
        for v in store.variants.values()
        if matches(
            terms,
            {
                "sku": lambda v=v: v.sku,
                "barcode": lambda v=v: v.barcode,
                "id": lambda v=v: v.id,
                "product_id": lambda v=v: v.product_id,
            },
        )
    ]
    return paginate(sorted(found, key=lambda v: v.id), args)


@resolves("QueryRoot", "productVariant")
def product_variant(_, info, args):
    return find(store_of(info), args["id"], "ProductVariant")


@resolves("QueryRoot", "locations")
def locations(_, info, args):
    store, terms = store_of(info), search_terms(args.get("query"))
    found = [
        loc
        for loc in store.locations.values()
        if (loc.is_active or args.get("includeInactive"))
        and matches(terms, {"name": lambda loc=loc: loc.name, "id": lambda loc=loc: loc.id})
    ]
    if args.get("sortKey") == "NAME":
        found.sort(key=lambda loc: (loc.name, loc.id))
    else:
        found.sort(key=lambda loc: loc.id)
    return paginate(found, args)


@resolves("QueryRoot", "location")
def location(_, info, args):
    store = store_of(info)
    if args.get("id") is None:
        return next(iter(sorted(store.locations.values(), key=lambda loc: loc.id)), None)
    return find(store, args["id"], "Location")


@resolves("QueryRoot", "inventoryItems")
def inventory_items(_, info, args):
    store, terms = store_of(info), search_terms(args.get("query"))
    found = [
        item
        for item in store.items.values()
        if matches(
            terms,
            {"sku": lambda i=item: store.variants[i.variant_id].sku, "id": lambda i=item: i.id},
        )
    ]
    return paginate(sorted(found, key=lambda i: i.id), args)


@resolves("QueryRoot", "inventoryItem")
def inventory_item(_, info, args):
    return find(store_of(info), args["id"], "InventoryItem")


@resolves("QueryRoot", "inventoryLevel", "node")
def node(_, info, args):
    return find_node(store_of(info), args["id"])


@resolves("QueryRoot", "nodes")
def nodes(_, info, args):
    return [find_node(store_of(info), value) for value in args["ids"]]


@resolves("QueryRoot", "shop")
def shop(_, info, args):
    return {
        "__typename": "Shop",
        "id": gid("Shop", 1),
        "name": "OpenOMS emulated shop",
        "myshopifyDomain": "demo.myshopify.com",
        "currencyCode": "USD",
        "ianaTimezone": "UTC",
    }


@resolves("QueryRoot", "productVariantsCount")
def product_variants_count(_, info, args):
    """Exact up to ``limit`` (default 10,000, as Shopify), then AT_LEAST."""
    total, limit = len(store_of(info).variants), args.get("limit") or 10000
    exact = total <= limit
    return {"count": total if exact else limit, "precision": "EXACT" if exact else "AT_LEAST"}
