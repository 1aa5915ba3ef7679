"""Fulfillment orders (read) and ``fulfillmentCreate``: partial or complete, per fulfillment order
line item or whole fulfillment orders. A fulfilled quantity leaves ``committed`` (so ``on_hand``
drops by it); a fulfillment order partly fulfilled is ``IN_PROGRESS``, fully fulfilled ``CLOSED``;
the order's ``displayFulfillmentStatus`` follows (``PARTIALLY_FULFILLED`` / ``FULFILLED``). More than
the remaining quantity, an unknown or closed fulfillment order, or fulfillment orders of several
orders are user errors, and nothing is applied."""

from __future__ import annotations

from .graph import first_items, paginate, resolves
from .order_data import fulfillment_orders_of, money_bag
from .orders import emit_levels, touch
from .queries import find, store_of
from .records import Fulfillment, FulfillmentLine, FulfillmentOrder
from .store import Store, gid
from .webhooks import emit

INPUT = ["fulfillment", "lineItemsByFulfillmentOrder"]


def _error(field: list[str], message: str) -> dict:
    return {"field": field, "message": message}


def _refused(errors: list[dict]) -> dict:
    return {"fulfillment": None, "userErrors": errors}


def _plan(store: Store, groups: list[dict]) -> tuple[list[tuple], list[dict]]:
    """[(fulfillment order, its line, quantity)] to fulfil, or the user errors."""
    plan, errors, orders = [], [], set()
    if not groups:
        return [], [_error(INPUT, "Line items by fulfillment order must not be empty.")]
    for index, group in enumerate(groups):
        path = [*INPUT, str(index)]
        fulfillment_order = find(store, group["fulfillmentOrderId"], "FulfillmentOrder")
        if fulfillment_order is None:
            errors.append(
                _error([*path, "fulfillmentOrderId"], "Fulfillment order does not exist.")
            )
            continue
        orders.add(fulfillment_order.order_id)
        if fulfillment_order.status not in ("OPEN", "IN_PROGRESS"):
            errors.append(
                _error(
                    [*path, "fulfillmentOrderId"],
                    f"Fulfillment order {fulfillment_order.gid} is not in an open state.",
                )
            )
            continue
        items = group.get("fulfillmentOrderLineItems")
        if items is None:  # the whole fulfillment order
            plan.extend(
                (fulfillment_order, ln, ln.remaining_quantity)
                for ln in fulfillment_order.lines
                if ln.remaining_quantity
            )
            continue
        lines = {ln.gid: ln for ln in fulfillment_order.lines}
        for position, item in enumerate(items):
            item_path = [*path, "fulfillmentOrderLineItems", str(position)]
            line = lines.get(item["id"])
            if line is None:
                errors.append(
                    _error([*item_path, "id"], "Fulfillment order line item does not exist.")
                )
            elif not 0 < item["quantity"] <= line.remaining_quantity:
                errors.append(
                    _error(
                        [*item_path, "quantity"],
                        "Invalid fulfillment order line item quantity requested.",
                    )
                )
            else:
                plan.append((fulfillment_order, line, item["quantity"]))
    if len(orders) > 1:
        errors.append(_error(INPUT, "All fulfillment orders must belong to the same order."))
    if not errors and not plan:
        errors.append(_error(INPUT, "There is nothing left to fulfill."))
    return plan, errors


def _tracking(data: dict | None) -> list[dict]:
    if not data:
        return []
    numbers = list(data.get("numbers") or ()) or ([data["number"]] if data.get("number") else [])
    urls = list(data.get("urls") or ()) or ([data["url"]] if data.get("url") else [])
    company = data.get("company")
    if not numbers:
        return [{"company": company, "number": None, "url": urls[0] if urls else None}]
    return [
        {"company": company, "number": number, "url": urls[i] if i < len(urls) else None}
        for i, number in enumerate(numbers)
    ]


@resolves("Mutation", "fulfillmentCreate")
def fulfillment_create(_, info, args):
    context = info.context
    store, emulator = context.store, context.emulator
    data = args["fulfillment"]
    plan, errors = _plan(store, data["lineItemsByFulfillmentOrder"])
    if errors:
        return _refused(errors)
    order = store.orders[plan[0][0].order_id]
    now = emulator.now_iso()
    fulfillment = Fulfillment(
        id=store.next_id(),
        order_id=order.id,
        location_id=plan[0][0].location_id,
        name=f"{order.name}.{len(order.fulfillment_ids) + 1}",
        tracking=_tracking(data.get("trackingInfo")),
        notify_customer=bool(data.get("notifyCustomer")),
        created_at=now,
        updated_at=now,
    )
    touched = set()
    for fulfillment_order, line, quantity in plan:
        line.remaining_quantity -= quantity
        fulfillment.lines.append(
            FulfillmentLine(id=store.next_id(), line_item_id=line.line_item_id, quantity=quantity)
        )
        if fulfillment_order.id not in fulfillment.fulfillment_order_ids:
            fulfillment.fulfillment_order_ids.append(fulfillment_order.id)
        item = store.line_items[line.line_item_id]
        variant = store.variants.get(item.variant_id)
        level = variant and store.levels.get(
            (variant.inventory_item_id, fulfillment_order.location_id)
        )
        if level is not None:
            level.quantities["committed"] -= quantity  # shipped: it leaves on hand
            level.updated_at = now
            touched.add((level.item_id, level.location_id))
    for fulfillment_order in {fo.id: fo for fo, _, _ in plan}.values():
        done = all(ln.remaining_quantity == 0 for ln in fulfillment_order.lines)
        fulfillment_order.status = "CLOSED" if done else "IN_PROGRESS"
        fulfillment_order.updated_at = now
    store.fulfillments[fulfillment.id] = fulfillment
    order.fulfillment_ids.append(fulfillment.id)
    touch(emulator, order)
    emit(info, "FULFILLMENTS_CREATE", _rest_fulfillment(store, fulfillment))
    emit_levels(emulator, touched)
    return {"fulfillment": fulfillment, "userErrors": []}


def _rest_fulfillment(store: Store, fulfillment: Fulfillment) -> dict:
    first = fulfillment.tracking[0] if fulfillment.tracking else {}
    return {
        "id": fulfillment.id,
        "admin_graphql_api_id": fulfillment.gid,
        "order_id": fulfillment.order_id,
        "name": fulfillment.name,
        "status": "success",
        "location_id": fulfillment.location_id,
        "created_at": fulfillment.created_at.replace("Z", "+00:00"),
        "tracking_company": first.get("company"),
        "tracking_number": first.get("number"),
        "tracking_numbers": [t["number"] for t in fulfillment.tracking if t["number"]],
        "tracking_url": first.get("url"),
        "line_items": [
            {
                "id": line.line_item_id,
                "sku": store.line_items[line.line_item_id].sku,
                "quantity": line.quantity,
            }
            for line in fulfillment.lines
        ],
    }


# -- reads -------------------------------------------------------------------------------------
@resolves("Order", "fulfillmentOrders")
def order_fulfillment_orders(source, info, args):
    return paginate(fulfillment_orders_of(store_of(info), source), args)


@resolves("Order", "fulfillments")
def order_fulfillments(source, info, args):
    return first_items([store_of(info).fulfillments[f] for f in source.fulfillment_ids], args)


@resolves("QueryRoot", "fulfillmentOrder")
def fulfillment_order(_, info, args):
    return find(store_of(info), args["id"], "FulfillmentOrder")


@resolves("QueryRoot", "fulfillment")
def fulfillment(_, info, args):
    return find(store_of(info), args["id"], "Fulfillment")


@resolves("FulfillmentOrder", "lineItems")
def fulfillment_order_lines(source, info, args):
    return paginate(source.lines, args)


@resolves("FulfillmentOrder", "order")
def fulfillment_order_order(source, info, args):
    return store_of(info).orders[source.order_id]


@resolves("FulfillmentOrder", "orderId")
def fulfillment_order_order_id(source, info, args):
    return gid("Order", source.order_id)


@resolves("FulfillmentOrder", "orderName")
def fulfillment_order_order_name(source, info, args):
    return store_of(info).orders[source.order_id].name


@resolves("FulfillmentOrder", "orderProcessedAt")
def fulfillment_order_processed_at(source, info, args):
    return store_of(info).orders[source.order_id].created_at


@resolves("FulfillmentOrder", "requestStatus")
def fulfillment_order_request_status(source, info, args):
    return "UNSUBMITTED"


@resolves("FulfillmentOrder", "assignedLocation")
def fulfillment_order_location(source: FulfillmentOrder, info, args):
    location = store_of(info).locations[source.location_id]
    return {"name": location.name, "location": location, "countryCode": "US"}


@resolves("FulfillmentOrder", "fulfillments")
def fulfillment_order_fulfillments(source, info, args):
    store = store_of(info)
    found = [f for f in store.fulfillments.values() if source.id in f.fulfillment_order_ids]
    return paginate(found, args)


def _line_item(info, line):
    return store_of(info).line_items[line.line_item_id]


@resolves("FulfillmentOrderLineItem", "lineItem")
def fo_line_item(source, info, args):
    return _line_item(info, source)


@resolves("FulfillmentOrderLineItem", "sku")
def fo_line_sku(source, info, args):
    return _line_item(info, source).sku


@resolves("FulfillmentOrderLineItem", "variant")
def fo_line_variant(source, info, args):
    return store_of(info).variants.get(_line_item(info, source).variant_id)


@resolves("FulfillmentOrderLineItem", "inventoryItemId")
def fo_line_inventory_item(source, info, args):
    variant = store_of(info).variants.get(_line_item(info, source).variant_id)
    return gid("InventoryItem", variant.inventory_item_id) if variant else None


@resolves("FulfillmentOrderLineItem", "productTitle")
def fo_line_product_title(source, info, args):
    return _line_item(info, source).title


@resolves("FulfillmentOrderLineItem", "variantTitle")
def fo_line_variant_title(source, info, args):
    return _line_item(info, source).variant_title


@resolves("FulfillmentOrderLineItem", "requiresShipping")
def fo_line_requires_shipping(source, info, args):
    return True


@resolves("FulfillmentOrderLineItem", "originalUnitPriceSet")
def fo_line_price(source, info, args):
    item = _line_item(info, source)
    return money_bag(item.price, store_of(info).orders[item.order_id].currency_code)


@resolves("Fulfillment", "trackingInfo")
def fulfillment_tracking(source, info, args):
    return first_items(source.tracking, args)


@resolves("Fulfillment", "order")
def fulfillment_order_of(source, info, args):
    return store_of(info).orders[source.order_id]


@resolves("Fulfillment", "location")
def fulfillment_location(source, info, args):
    return store_of(info).locations.get(source.location_id)


@resolves("Fulfillment", "fulfillmentLineItems")
def fulfillment_lines(source, info, args):
    return paginate(source.lines, args)


@resolves("Fulfillment", "fulfillmentOrders")
def fulfillment_fulfillment_orders(source, info, args):
    store = store_of(info)
    return paginate([store.fulfillment_orders[f] for f in source.fulfillment_order_ids], args)


@resolves("Fulfillment", "totalQuantity")
def fulfillment_total(source, info, args):
    return sum(line.quantity for line in source.lines)


@resolves("Fulfillment", "displayStatus")
def fulfillment_display_status(source, info, args):
    return "FULFILLED"


@resolves("Fulfillment", "requiresShipping")
def fulfillment_requires_shipping(source, info, args):
    return True


@resolves("FulfillmentLineItem", "lineItem")
def fulfillment_line_item(source, info, args):
    return _line_item(info, source)
