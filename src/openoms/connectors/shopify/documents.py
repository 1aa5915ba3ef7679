"""Every GraphQL document the Shopify connector sends, in one place, so the contract test can
validate each one against ``shopify-admin-2026-04.graphql``.

Inventory mutations carry ``@idempotent(key: $idempotencyKey)`` (mandatory from 2026-04: one key
per operation, the same key on a retry) and every quantity carries ``changeFromQuantity`` (the
known value, or an explicit null; omitting the key is refused from 2026-04).
"""

from __future__ import annotations

API_VERSION = "2026-04"
MAX_INPUT_ITEMS = 250  # every input list of the Admin API

# One variant as the two product reads below take it (a fragment each of them carries).
VARIANT_FIELDS = """
fragment VariantFields on ProductVariant {
  id
  title
  sku
  barcode
  price
  inventoryItem {
    id
    measurement { weight { unit value } }
  }
}
"""

PRODUCTS_PAGE = (
    """
query ProductsPage($first: Int!, $after: String, $variantsFirst: Int!) {
  products(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      title
      descriptionHtml
      handle
      status
      variants(first: $variantsFirst) {
        pageInfo { hasNextPage endCursor }
        nodes { ...VariantFields }
      }
    }
  }
}
"""
    + VARIANT_FIELDS
)

# The variants of one product beyond the first page of PRODUCTS_PAGE (products with many variants).
PRODUCT_VARIANTS_PAGE = (
    """
query ProductVariantsPage($productId: ID!, $first: Int!, $after: String) {
  product(id: $productId) {
    id
    variants(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { ...VariantFields }
    }
  }
}
"""
    + VARIANT_FIELDS
)

# How many variants the store has: product import reads a big catalog with a bulk query.
VARIANTS_COUNT = """
query VariantsCount {
  productVariantsCount { count precision }
}
"""

# The cheapest call that proves a token works (Authorization Refresh of a non-expiring token).
SHOP_CHECK = """
query ShopCheck {
  shop { id }
}
"""

PRODUCT_SET = """
mutation ProductSet($input: ProductSetInput!) {
  productSet(input: $input, synchronous: true) {
    product {
      id
      variants(first: 100) {
        nodes { id sku inventoryItem { id measurement { weight { unit value } } } }
      }
    }
    userErrors { code field message }
  }
}
"""

LOCATIONS_PAGE = """
query LocationsPage($first: Int!, $after: String) {
  locations(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id name isActive }
  }
}
"""

INVENTORY_LEVELS_PAGE = """
query InventoryLevelsPage($first: Int!, $after: String, $locationId: ID!) {
  location(id: $locationId) {
    id
    inventoryLevels(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        item { id sku }
        quantities(names: ["available", "on_hand"]) { name quantity }
      }
    }
  }
}
"""

INVENTORY_SET_QUANTITIES = """
mutation InventorySetQuantities($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}
"""

INVENTORY_ADJUST_QUANTITIES = """
mutation InventoryAdjustQuantities(
  $input: InventoryAdjustQuantitiesInput!, $idempotencyKey: String!
) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}
"""

FULFILLMENT_CREATE = """
mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status trackingInfo { company number url } }
    userErrors { field message }
  }
}
"""

# -- orders, fulfillments, webhooks and bulk operations (orders.py, bulk.py) -------------------
# Orders changed since a time, newest change last, with customer, addresses, the shipping line
# (the carrier and service the buyer chose) and a first page of lines (more: ORDER_LINES_PAGE).
ORDERS_PAGE = """
query OrdersPage($first: Int!, $after: String, $query: String!, $linesFirst: Int!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      name
      createdAt
      updatedAt
      cancelledAt
      currencyCode
      email
      phone
      note
      displayFulfillmentStatus
      customer { id email firstName lastName phone }
      shippingAddress { ...OrderAddress }
      billingAddress { ...OrderAddress }
      shippingLine { title code source }
      lineItems(first: $linesFirst) {
        pageInfo { hasNextPage endCursor }
        nodes { id sku name quantity originalUnitPriceSet { shopMoney { amount currencyCode } } }
      }
    }
  }
}

fragment OrderAddress on MailingAddress {
  name company address1 address2 city province provinceCode zip countryCodeV2 phone
}
"""

ORDER_LINES_PAGE = """
query OrderLinesPage($orderId: ID!, $first: Int!, $after: String) {
  order(id: $orderId) {
    lineItems(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id sku name quantity originalUnitPriceSet { shopMoney { amount currencyCode } } }
    }
  }
}
"""

# An order's fulfillment orders with what remains to fulfil, per location.
ORDER_FULFILLMENT_ORDERS = """
query OrderFulfillmentOrders($orderId: ID!, $first: Int!, $linesFirst: Int!) {
  order(id: $orderId) {
    id
    fulfillmentOrders(first: $first) {
      pageInfo { hasNextPage }
      nodes {
        id
        status
        assignedLocation { location { id } }
        lineItems(first: $linesFirst) {
          pageInfo { hasNextPage }
          nodes { id remainingQuantity lineItem { id sku } }
        }
      }
    }
  }
}
"""

WEBHOOK_SUBSCRIPTION_CREATE = """
mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $callbackUrl: URL!) {
  webhookSubscriptionCreate(
    topic: $topic, webhookSubscription: { callbackUrl: $callbackUrl, format: JSON }
  ) {
    webhookSubscription { id topic callbackUrl }
    userErrors { field message }
  }
}
"""

WEBHOOK_SUBSCRIPTIONS_PAGE = """
query WebhookSubscriptionsPage($first: Int!, $after: String, $callbackUrl: URL) {
  webhookSubscriptions(first: $first, after: $after, callbackUrl: $callbackUrl) {
    pageInfo { hasNextPage endCursor }
    nodes { id topic callbackUrl }
  }
}
"""

BULK_OPERATION_RUN_QUERY = """
mutation BulkOperationRunQuery($query: String!) {
  bulkOperationRunQuery(query: $query) {
    bulkOperation { id status }
    userErrors { code field message }
  }
}
"""

BULK_OPERATION_STATUS = """
query BulkOperationStatus($id: ID!) {
  node(id: $id) {
    ... on BulkOperation { id status errorCode objectCount url }
  }
}
"""

# Inner queries of bulk operations (sent as a string, so no variables: values are written in).
# The whole catalog: products, their variants and inventory items (JSONL: product lines, then
# their variants with ``__parentId``).
BULK_PRODUCTS = """
{
  products {
    edges {
      node {
        id
        title
        descriptionHtml
        handle
        status
        variants {
          edges {
            node {
              id
              title
              sku
              barcode
              price
              inventoryItem { id measurement { weight { unit value } } }
            }
          }
        }
      }
    }
  }
}
"""


def bulk_location_levels(location_id: str) -> str:
    """The inner query of one location's whole stock: its inventory levels with item and
    quantities (JSONL: the location line, then one level line each with ``__parentId``)."""
    number = location_id.rsplit("/", 1)[-1]
    if not number.isdigit():
        raise ValueError(f"not a location id: {location_id!r}")
    return (
        f'{{ locations(query: "id:{number}") {{ edges {{ node {{ id '
        "inventoryLevels { edges { node { id item { id sku } "
        'quantities(names: ["available", "on_hand"]) { name quantity } } } } } } } }'
    )


# Documents built for one call: one aliased field per SKU (or item), each with its own variables,
# so a batch of lookups is one request whose cost is known before it is sent.


def inventory_by_sku(skus: int, locations: int) -> str:
    """``s{i}``: the inventory item of SKU ``$q{i}`` (a search such as ``sku:"X"``) with its
    available quantity at each location ``$l{j}`` (``a{j}``; null when not stocked there)."""
    levels = " ".join(
        f'a{j}: inventoryLevel(locationId: $l{j}) {{ quantities(names: ["available"]) '
        "{ name quantity } }"
        for j in range(locations)
    )
    fields = "\n".join(
        f"  s{i}: inventoryItems(first: 1, query: $q{i}) {{ nodes {{ id sku {levels} }} }}"
        for i in range(skus)
    )
    params = [f"$q{i}: String!" for i in range(skus)] + [f"$l{j}: ID!" for j in range(locations)]
    return f"query InventoryBySku({', '.join(params)}) {{\n{fields}\n}}\n"


def available_quantities(pairs: int) -> str:
    """``p{i}``: the available quantity of item ``$i{i}`` at location ``$l{i}`` (a re-read after
    CHANGE_FROM_QUANTITY_STALE)."""
    fields = "\n".join(
        f"  p{i}: inventoryItem(id: $i{i}) {{ id inventoryLevel(locationId: $l{i}) "
        '{ quantities(names: ["available"]) { name quantity } } }'
        for i in range(pairs)
    )
    params = [f"$i{i}: ID!, $l{i}: ID!" for i in range(pairs)]
    return f"query AvailableQuantities({', '.join(params)}) {{\n{fields}\n}}\n"


def variants_by_sku(skus: int) -> str:
    """``s{i}``: the variants (with their product) whose SKU matches the search ``$q{i}``: how
    product export finds the store's existing product of a SKU."""
    fields = "\n".join(
        f"  s{i}: productVariants(first: 1, query: $q{i}) {{ nodes {{ id sku product {{ id }} }} }}"
        for i in range(skus)
    )
    params = ", ".join(f"$q{i}: String!" for i in range(skus))
    return f"query VariantsBySku({params}) {{\n{fields}\n}}\n"


def inventory_items_update(items: int) -> str:
    """``u{i}``: set the weight of inventory item ``$i{i}`` (``$w{i}``: a WeightInput); product
    export corrects weights this way (productSet's variant input has no weight in 2026-04)."""
    fields = "\n".join(
        f"  u{i}: inventoryItemUpdate(id: $i{i}, input: {{ measurement: {{ weight: $w{i} }} }}) "
        "{ inventoryItem { id } userErrors { field message } }"
        for i in range(items)
    )
    params = ", ".join(f"$i{i}: ID!, $w{i}: WeightInput!" for i in range(items))
    return f"mutation InventoryItemsUpdate({params}) {{\n{fields}\n}}\n"


# Every document, by name: what the contract test validates.
DOCUMENTS = {
    "ProductVariantsPage": PRODUCT_VARIANTS_PAGE,
    "ShopCheck": SHOP_CHECK,
    "VariantsCount": VARIANTS_COUNT,
    "InventoryBySku": inventory_by_sku(2, 2),
    "AvailableQuantities": available_quantities(2),
    "VariantsBySku": variants_by_sku(2),
    "InventoryItemsUpdate": inventory_items_update(2),
    "ProductsPage": PRODUCTS_PAGE,
    "ProductSet": PRODUCT_SET,
    "LocationsPage": LOCATIONS_PAGE,
    "InventoryLevelsPage": INVENTORY_LEVELS_PAGE,
    "InventorySetQuantities": INVENTORY_SET_QUANTITIES,
    "InventoryAdjustQuantities": INVENTORY_ADJUST_QUANTITIES,
    "FulfillmentCreate": FULFILLMENT_CREATE,
    "OrdersPage": ORDERS_PAGE,
    "OrderLinesPage": ORDER_LINES_PAGE,
    "OrderFulfillmentOrders": ORDER_FULFILLMENT_ORDERS,
    "WebhookSubscriptionCreate": WEBHOOK_SUBSCRIPTION_CREATE,
    "WebhookSubscriptionsPage": WEBHOOK_SUBSCRIPTIONS_PAGE,
    "BulkOperationRunQuery": BULK_OPERATION_RUN_QUERY,
    "BulkOperationStatus": BULK_OPERATION_STATUS,
    "BulkProducts": BULK_PRODUCTS,
    "BulkLocationLevels": bulk_location_levels("gid://shopify/Location/1"),
}
