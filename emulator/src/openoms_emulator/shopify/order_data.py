"""What the order side derives from the records: quantities fulfilled and left, the order's
fulfillment status, money, and the REST JSON of webhook payloads (orders, inventory levels)."""

from __future__ import annotations

from decimal import Decimal

from .records import FulfillmentOrder, LineItem, Order
from .store import Level, Store, parse_gid

# REST address keys -> GraphQL MailingAddress fields
ADDRESS_FIELDS = {
    "first_name": "firstName",
    "last_name": "lastName",
    "name": "name",
    "company": "company",
    "address1": "address1",
    "address2": "address2",
    "city": "city",
    "province": "province",
    "province_code": "provinceCode",
    "zip": "zip",
    "country": "country",
    "country_code": "countryCodeV2",
    "phone": "phone",
}


def level_payload(level: Level) -> dict:
    return {
        "inventory_item_id": level.item_id,
        "location_id": level.location_id,
        "available": level.quantity("available"),
        "updated_at": rest_time(level.updated_at),
        "admin_graphql_api_id": level.gid,
    }


def money_bag(amount: str, currency: str) -> dict:
    money = {"amount": amount, "currencyCode": currency}
    return {"shopMoney": money, "presentmentMoney": money}


# -- quantities -------------------------------------------------------------------------------------
def fulfillment_orders_of(store: Store, order: Order) -> list[FulfillmentOrder]:
    return [store.fulfillment_orders[f] for f in order.fulfillment_order_ids]


def fulfilled_quantity(store: Store, item: LineItem) -> int:
    return sum(
        line.quantity
        for order_fulfillment in store.orders[item.order_id].fulfillment_ids
        for line in store.fulfillments[order_fulfillment].lines
        if line.line_item_id == item.id
    )


def unfulfilled_quantity(store: Store, item: LineItem) -> int:
    order = store.orders[item.order_id]
    if order.cancelled_at is not None:
        return 0
    return item.quantity - fulfilled_quantity(store, item)


def display_fulfillment_status(store: Store, order: Order) -> str:
    fulfilled = sum(fulfilled_quantity(store, item) for item in order.line_items)
    if fulfilled == 0:
        return "UNFULFILLED"
    total = sum(item.quantity for item in order.line_items)
    return "FULFILLED" if fulfilled >= total else "PARTIALLY_FULFILLED"


def _rest_status(store: Store, order: Order) -> str | None:
    return {"UNFULFILLED": None, "PARTIALLY_FULFILLED": "partial", "FULFILLED": "fulfilled"}[
        display_fulfillment_status(store, order)
    ]


# -- the REST order JSON of webhooks ---------------------------------------------------------------
def rest_time(value: str | None) -> str | None:
    return value.replace("Z", "+00:00") if value else None


def _rest_address(address: dict | None) -> dict | None:
    if address is None:
        return None
    return {rest: address.get(gql) for rest, gql in ADDRESS_FIELDS.items()}


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def subtotal(order: Order) -> Decimal:
    return sum((Decimal(i.price) * i.quantity for i in order.line_items), Decimal("0"))


def rest_order(store: Store, order: Order) -> dict:
    customer = order.customer
    return {
        "id": order.id,
        "admin_graphql_api_id": order.gid,
        "name": order.name,
        "order_number": order.number,
        "email": order.email,
        "contact_email": order.email,
        "phone": order.phone,
        "note": order.note,
        "created_at": rest_time(order.created_at),
        "updated_at": rest_time(order.updated_at),
        "processed_at": rest_time(order.created_at),
        "cancelled_at": rest_time(order.cancelled_at),
        "cancel_reason": order.cancel_reason.lower() if order.cancel_reason else None,
        "currency": order.currency_code,
        "financial_status": "paid",
        "fulfillment_status": _rest_status(store, order),
        "subtotal_price": money(subtotal(order)),
        "total_price": money(subtotal(order)),
        "test": False,
        "line_items": [_rest_line(store, item) for item in order.line_items],
        "shipping_address": _rest_address(order.shipping_address),
        "billing_address": _rest_address(order.billing_address),
        "shipping_lines": [dict(line) for line in order.shipping_lines],
        "customer": None
        if customer is None
        else {
            "id": parse_gid(customer["id"], "Customer"),
            "admin_graphql_api_id": customer["id"],
            "email": customer["email"],
            "first_name": customer["firstName"],
            "last_name": customer["lastName"],
            "phone": customer["phone"],
        },
    }


def _rest_line(store: Store, item: LineItem) -> dict:
    variant = store.variants.get(item.variant_id)
    fulfilled = fulfilled_quantity(store, item)
    return {
        "id": item.id,
        "admin_graphql_api_id": item.gid,
        "variant_id": item.variant_id,
        "product_id": variant.product_id if variant else None,
        "sku": item.sku,
        "title": item.title,
        "variant_title": item.variant_title,
        "name": line_name(item),
        "quantity": item.quantity,
        "current_quantity": item.quantity,
        "price": item.price,
        "fulfillable_quantity": unfulfilled_quantity(store, item),
        "fulfillment_status": None
        if fulfilled == 0
        else ("fulfilled" if fulfilled >= item.quantity else "partial"),
        "requires_shipping": True,
    }


def line_name(item: LineItem) -> str:
    return f"{item.title} - {item.variant_title}" if item.variant_title else item.title
