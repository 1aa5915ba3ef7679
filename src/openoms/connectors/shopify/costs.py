"""Every call the connector sends, with its requested cost known before it goes out.

Shopify charges a query's *requested* cost up front (refunding down to the actual cost after),
so the cost bucket must be asked for that number before sending — a call of unknown cost is never
sent as if it were free. The rules (shopify.dev, "rate limits: calculated query cost"): a scalar
or enum field costs 0, an object field 1, a connection 2 + ``first`` x the cost of one item, a
mutation field 10. Each builder below applies them to its document and its variables;
``tests/connectors/shopify/test_costs.py`` proves each equals the server's ``requestedQueryCost``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openoms.connectors.shopify import documents as docs

MUTATION = 10
CONNECTION = 2


@dataclass(frozen=True)
class Call:
    """One GraphQL request: its operation ``name`` (for messages), document, variables and
    requested cost."""

    name: str
    document: str
    variables: dict = field(default_factory=dict)
    cost: int = 0


def connection(first: int, item: int) -> int:
    """A connection of ``first`` items, each costing ``item`` (``nodes``: 1 + its fields)."""
    return CONNECTION + first * item


# One variant as PRODUCTS_PAGE and PRODUCT_VARIANTS_PAGE read it: the node (1) and its
# inventoryItem (1) > measurement (1) > weight (1).
VARIANT = 1 + 3


def products_page(first: int, variants_first: int, after: str | None) -> Call:
    product = 1 + connection(variants_first, VARIANT)
    return Call(
        "ProductsPage",
        docs.PRODUCTS_PAGE,
        {"first": first, "after": after, "variantsFirst": variants_first},
        connection(first, product),
    )


def product_variants_page(product_id: str, first: int, after: str | None) -> Call:
    return Call(
        "ProductVariantsPage",
        docs.PRODUCT_VARIANTS_PAGE,
        {"productId": product_id, "first": first, "after": after},
        1 + connection(first, VARIANT),
    )


def variants_count() -> Call:
    return Call("VariantsCount", docs.VARIANTS_COUNT, {}, 1)


def shop_check() -> Call:
    return Call("ShopCheck", docs.SHOP_CHECK, {}, 1)


def product_set(product_input: dict) -> Call:
    return Call("ProductSet", docs.PRODUCT_SET, {"input": product_input}, MUTATION)


def locations_page(first: int, after: str | None) -> Call:
    return Call("LocationsPage", docs.LOCATIONS_PAGE, {"first": first, "after": after}, 2 + first)


def inventory_set(quantities_input: dict, key: str) -> Call:
    variables = {"input": quantities_input, "idempotencyKey": key}
    return Call("InventorySetQuantities", docs.INVENTORY_SET_QUANTITIES, variables, MUTATION)


def inventory_adjust(changes_input: dict, key: str) -> Call:
    variables = {"input": changes_input, "idempotencyKey": key}
    return Call("InventoryAdjustQuantities", docs.INVENTORY_ADJUST_QUANTITIES, variables, MUTATION)


def inventory_by_sku_cost(skus: int, locations: int) -> int:
    """Each SKU: a connection of one item (node 1 + per location inventoryLevel 1 +
    quantities 1)."""
    return skus * connection(1, 1 + 2 * locations)


def inventory_by_sku(searches: list[str], locations: list[str]) -> Call:
    variables = {f"q{i}": search for i, search in enumerate(searches)}
    variables |= {f"l{j}": location for j, location in enumerate(locations)}
    return Call(
        "InventoryBySku",
        docs.inventory_by_sku(len(searches), len(locations)),
        variables,
        inventory_by_sku_cost(len(searches), len(locations)),
    )


def available_quantities(pairs: list[tuple[str, str]]) -> Call:
    """Each pair: inventoryItem 1 + inventoryLevel 1 + quantities 1."""
    variables: dict = {}
    for i, (item, location) in enumerate(pairs):
        variables |= {f"i{i}": item, f"l{i}": location}
    return Call(
        "AvailableQuantities", docs.available_quantities(len(pairs)), variables, 3 * len(pairs)
    )


def variants_by_sku(searches: list[str]) -> Call:
    """Each SKU: a connection of one item (node 1 + product 1)."""
    variables = {f"q{i}": search for i, search in enumerate(searches)}
    return Call(
        "VariantsBySku",
        docs.variants_by_sku(len(searches)),
        variables,
        len(searches) * connection(1, 2),
    )


def inventory_items_update(weights: list[tuple[str, dict]]) -> Call:
    variables: dict = {}
    for i, (item, weight) in enumerate(weights):
        variables |= {f"i{i}": item, f"w{i}": weight}
    return Call(
        "InventoryItemsUpdate",
        docs.inventory_items_update(len(weights)),
        variables,
        MUTATION * len(weights),
    )


def sku_search(sku: str) -> str:
    """Shopify's search syntax for one exact SKU (quoted, so spaces and colons stay in it)."""
    escaped = sku.replace("\\", "\\\\").replace('"', '\\"')
    return f'sku:"{escaped}"'
