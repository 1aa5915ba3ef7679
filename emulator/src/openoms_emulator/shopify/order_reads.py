"""GraphQL reads of orders: ``orders(query: "updated_at:>=…", sortKey: UPDATED_AT)``,
``order(id:)`` and the fields of ``Order`` and ``LineItem`` the emulator derives."""

from __future__ import annotations

from datetime import UTC, datetime

from .graph import paginate, resolves, search_terms
from .order_data import (
    display_fulfillment_status,
    fulfilled_quantity,
    line_name,
    money,
    money_bag,
    subtotal,
    unfulfilled_quantity,
)
from .queries import find, store_of
from .records import Order


# -- filters ----------------------------------------------------------------------------------
def _parse_time(value: str) -> datetime | None:
    text = value.strip("'\"")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _compare(actual: str | None, condition: str) -> bool:
    """``>=2026-12-06T06:00:00Z`` (also ``>``, ``<``, ``<=``, ``=``, or none) against a time."""
    for operator in (">=", "<=", ">", "<", "="):
        if condition.startswith(operator):
            condition = condition[len(operator) :]
            break
    else:
        operator = "="
    wanted = _parse_time(condition)
    if wanted is None or actual is None:
        return False
    value = _parse_time(actual)
    return {
        ">=": value >= wanted,
        "<=": value <= wanted,
        ">": value > wanted,
        "<": value < wanted,
        "=": value == wanted,
    }[operator]


ORDER_FILTERS = {
    "updated_at": lambda order, value: _compare(order.updated_at, value),
    "created_at": lambda order, value: _compare(order.created_at, value),
    "processed_at": lambda order, value: _compare(order.created_at, value),
    "name": lambda order, value: value.lstrip("#") == str(order.number),
    "id": lambda order, value: value.rsplit("/", 1)[-1] == str(order.id),
    "status": lambda order, value: value in ("any", "cancelled" if order.cancelled_at else "open"),
}


def _order_matches(order: Order, terms) -> bool:
    """Every understood term holds (the others are ignored, as elsewhere in the emulator)."""
    return all(ORDER_FILTERS[name](order, value) for name, value in terms if name in ORDER_FILTERS)


SORT_KEYS = {
    "UPDATED_AT": lambda o: (o.updated_at, o.id),
    "CREATED_AT": lambda o: (o.created_at, o.id),
    "PROCESSED_AT": lambda o: (o.created_at, o.id),
    "ORDER_NUMBER": lambda o: (o.number, o.id),
}


@resolves("QueryRoot", "orders")
def orders(_, info, args):
    store, terms = store_of(info), search_terms(args.get("query"))
    found = [o for o in store.orders.values() if _order_matches(o, terms)]
    found.sort(key=SORT_KEYS.get(args.get("sortKey") or "ID", lambda o: o.id))
    return paginate(found, args)


@resolves("QueryRoot", "order")
def order(_, info, args):
    return find(store_of(info), args["id"], "Order")


@resolves("Order", "lineItems")
def order_line_items(source, info, args):
    return paginate(source.line_items, args)


@resolves("Order", "displayFulfillmentStatus")
def order_fulfillment_status(source, info, args):
    return display_fulfillment_status(store_of(info), source)


@resolves("Order", "shippingLine")
def order_shipping_line(source, info, args):
    """The first shipping line (null without one), with the ShippingLine fields it has."""
    if not source.shipping_lines:
        return None
    line = source.shipping_lines[0]
    price = money_bag(line["price"], source.currency_code)
    return {
        "title": line["title"],
        "code": line["code"],
        "source": line["source"],
        "custom": False,
        "isRemoved": False,
        "originalPriceSet": price,
        "discountedPriceSet": price,
        "currentDiscountedPriceSet": price,
        "discountAllocations": [],
        "taxLines": [],
    }


@resolves("Order", "displayFinancialStatus")
def order_financial_status(source, info, args):
    return "PAID"


@resolves("Order", "processedAt")
def order_processed_at(source, info, args):
    return source.created_at


@resolves("Order", "closed", "test")
def order_false(source, info, args):
    return False


@resolves("Order", "confirmed")
def order_confirmed(source, info, args):
    return True


@resolves("Order", "totalPriceSet", "subtotalPriceSet", "currentTotalPriceSet")
def order_total(source, info, args):
    return money_bag(money(subtotal(source)), source.currency_code)


@resolves("LineItem", "originalUnitPriceSet", "discountedUnitPriceSet")
def line_price(source, info, args):
    return money_bag(source.price, store_of(info).orders[source.order_id].currency_code)


@resolves("LineItem", "name")
def line_item_name(source, info, args):
    return line_name(source)


@resolves("LineItem", "variant")
def line_variant(source, info, args):
    return store_of(info).variants.get(source.variant_id)


@resolves("LineItem", "product")
def line_product(source, info, args):
    variant = store_of(info).variants.get(source.variant_id)
    return store_of(info).products.get(variant.product_id) if variant else None


@resolves("LineItem", "currentQuantity", "refundableQuantity")
def line_current_quantity(source, info, args):
    return source.quantity


@resolves("LineItem", "unfulfilledQuantity", "fulfillableQuantity")
def line_unfulfilled(source, info, args):
    return unfulfilled_quantity(store_of(info), source)


@resolves("LineItem", "nonFulfillableQuantity")
def line_non_fulfillable(source, info, args):
    store = store_of(info)
    return source.quantity - fulfilled_quantity(store, source) - unfulfilled_quantity(store, source)


@resolves("LineItem", "requiresShipping")
def line_requires_shipping(source, info, args):
    return True


@resolves("LineItem", "fulfillmentStatus")
def line_fulfillment_status(source, info, args):
    fulfilled = fulfilled_quantity(store_of(info), source)
    if fulfilled == 0:
        return "unfulfilled"
    return "fulfilled" if fulfilled >= source.quantity else "partial"
