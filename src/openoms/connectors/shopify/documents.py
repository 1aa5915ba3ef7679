"""Every GraphQL document the Shopify connector sends, in one place, so the contract test can
validate each one against ``shopify-admin-2026-04.graphql``.

Inventory mutations carry ``@idempotent(key: $idempotencyKey)`` (mandatory from 2026-04: one key
per operation, the same key on a retry) and every quantity carries ``changeFromQuantity`` (the
known value, or an explicit null; omitting the key is refused from 2026-04).
"""

from __future__ import annotations

API_VERSION = "2026-04"
MAX_INPUT_ITEMS = 250  # every input list of the Admin API

PRODUCTS_PAGE = """
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
        nodes {
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
      }
    }
  }
}
"""

PRODUCT_SET = """
mutation ProductSet($input: ProductSetInput!) {
  productSet(input: $input, synchronous: true) {
    product {
      id
      variants(first: 100) { nodes { id sku inventoryItem { id } } }
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

ORDERS_UPDATED_SINCE = """
query OrdersUpdatedSince($first: Int!, $after: String, $query: String!) {
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
      displayFulfillmentStatus
      shippingAddress {
        name company address1 address2 city province provinceCode zip country countryCodeV2 phone
      }
      billingAddress {
        name company address1 address2 city province provinceCode zip country countryCodeV2 phone
      }
      lineItems(first: 100) {
        nodes { id sku quantity originalUnitPriceSet { shopMoney { amount currencyCode } } }
      }
    }
  }
}
"""

FULFILLMENT_ORDERS = """
query FulfillmentOrders($orderId: ID!) {
  order(id: $orderId) {
    id
    fulfillmentOrders(first: 10) {
      nodes {
        id
        status
        lineItems(first: 100) { nodes { id remainingQuantity lineItem { id sku } } }
      }
    }
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

# Every document, by name: what the contract test validates.
DOCUMENTS = {
    "ProductsPage": PRODUCTS_PAGE,
    "ProductSet": PRODUCT_SET,
    "LocationsPage": LOCATIONS_PAGE,
    "InventoryLevelsPage": INVENTORY_LEVELS_PAGE,
    "InventorySetQuantities": INVENTORY_SET_QUANTITIES,
    "InventoryAdjustQuantities": INVENTORY_ADJUST_QUANTITIES,
    "OrdersUpdatedSince": ORDERS_UPDATED_SINCE,
    "FulfillmentOrders": FULFILLMENT_ORDERS,
    "FulfillmentCreate": FULFILLMENT_CREATE,
}
