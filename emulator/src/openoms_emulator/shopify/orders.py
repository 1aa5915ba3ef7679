"""Orders: a storefront checkout simulated by the control API (``POST /_emulator/orders``: stock
moves from ``available`` to ``committed`` at the location, one fulfillment order per location),
cancel and edit (``updatedAt`` moves, ``orders/updated`` fires). The GraphQL reads are in
``order_reads.py``, the derived quantities and REST payloads in ``order_data.py``."""

from __future__ import annotations

from .order_data import ADDRESS_FIELDS, fulfillment_orders_of, level_payload, rest_order
from .queries import find
from .records import FulfillmentOrder, FulfillmentOrderLine, LineItem, Order
from .store import Level, Store, gid, parse_gid
from .webhooks import emit


class OrderError(ValueError):
    """A control request the emulator refuses (HTTP 400)."""


# -- the checkout (control API) ---------------------------------------------------------------------
def _address(store: Store, data: dict | None) -> dict | None:
    if not data:
        return None
    address = {gql: data.get(rest) for rest, gql in ADDRESS_FIELDS.items()}
    if not address["name"]:
        address["name"] = " ".join(p for p in (address["firstName"], address["lastName"]) if p)
    address["id"] = gid("MailingAddress", store.next_id())
    return address


def _customer(store: Store, data: dict | None) -> dict | None:
    if not data:
        return None
    email = data.get("email")
    for order in store.orders.values():  # one customer per email, as in a shop
        if email and order.customer and order.customer["email"] == email:
            return order.customer
    first, last = data.get("first_name"), data.get("last_name")
    return {
        "id": gid("Customer", store.next_id()),
        "email": email,
        "firstName": first,
        "lastName": last,
        "phone": data.get("phone"),
        "displayName": " ".join(p for p in (first, last) if p) or email or "",
    }


def _location_id(store: Store, value) -> int | None:
    if value is None:
        return None
    number = parse_gid(value, "Location")
    if number is None:
        number = next((loc.id for loc in store.locations.values() if loc.name == value), None)
    if number not in store.locations:
        raise OrderError(f"unknown location {value!r}")
    return number


def _pick_level(store: Store, item_id: int, location_id: int | None, quantity: int) -> Level:
    if location_id is not None:
        level = store.levels.get((item_id, location_id))
        if level is None:
            raise OrderError(f"the item is not stocked at location {location_id}")
        return level
    levels = store.levels_of_item(item_id)
    if not levels:
        raise OrderError("the item is not stocked at any location")
    return next((lv for lv in levels if lv.quantity("available") >= quantity), levels[0])


def _prepare_lines(store: Store, body: dict) -> list[tuple]:
    """(variant, level, quantity, price) per line, checked before anything changes."""
    lines = body.get("line_items")
    if not isinstance(lines, list) or not lines:
        raise OrderError("line_items must be a non-empty list of {sku, quantity}")
    location_id = _location_id(store, body.get("location"))
    prepared, wanted = [], {}
    for line in lines:
        sku, quantity = str(line["sku"]), int(line["quantity"])
        if quantity <= 0:
            raise OrderError(f"quantity of {sku} must be positive")
        variant = next((v for v in store.variants.values() if v.sku == sku), None)
        if variant is None:
            raise OrderError(f"unknown SKU {sku!r}")
        level = _pick_level(store, variant.inventory_item_id, location_id, quantity)
        wanted[level.id] = wanted.get(level.id, 0) + quantity
        if wanted[level.id] > level.quantity("available") and variant.inventory_policy == "DENY":
            raise OrderError(f"not enough stock of {sku} (available {level.quantity('available')})")
        prepared.append((variant, level, quantity, str(line.get("price", variant.price))))
    return prepared


DEFAULT_SHIPPING = {"title": "Standard Shipping"}


def _shipping_lines(body: dict) -> list[dict]:
    """The checkout's shipping lines as the REST order carries them (title, code, price, source):
    ``shipping_lines`` (a list), else ``shipping_line`` (one object; null: no shipping, as for a
    pickup), else one "Standard Shipping" line. ``code`` defaults to the title."""
    if "shipping_lines" in body:
        data = body["shipping_lines"]
    elif "shipping_line" in body:
        data = [] if body["shipping_line"] is None else [body["shipping_line"]]
    else:
        data = [DEFAULT_SHIPPING]
    if not isinstance(data, list) or not all(
        isinstance(line, dict) and str(line.get("title") or "").strip() for line in data
    ):
        raise OrderError("a shipping line must be an object with a title")
    return [
        {
            "title": str(line["title"]),
            "code": str(line.get("code") or line["title"]),
            "price": str(line.get("price", "0.00")),
            "source": str(line.get("source") or "shopify"),
        }
        for line in data
    ]


def checkout(emulator, body: dict) -> dict:
    """A paid storefront order: stock committed, fulfillment orders opened, webhooks fired."""
    store: Store = emulator.store
    prepared = _prepare_lines(store, body)
    shipping_lines = _shipping_lines(body)
    now = emulator.now_iso()
    customer = _customer(store, body.get("customer"))
    order = Order(
        id=store.next_id(),
        number=next(store.order_numbers),
        email=body.get("email") or (customer or {}).get("email"),
        phone=body.get("phone"),
        currency_code=str(body.get("currency", "USD")),
        note=body.get("note"),
        customer=customer,
        shipping_address=_address(store, body.get("shipping_address")),
        billing_address=_address(
            store, body.get("billing_address") or body.get("shipping_address")
        ),
        shipping_lines=shipping_lines,
        created_at=now,
        updated_at=now,
    )
    by_location: dict[int, list[LineItem]] = {}
    for variant, level, quantity, price in prepared:
        product = store.products[variant.product_id]
        item = LineItem(
            id=store.next_id(),
            order_id=order.id,
            variant_id=variant.id,
            sku=variant.sku,
            title=product.title,
            variant_title=None if variant.title == "Default Title" else variant.title,
            quantity=quantity,
            price=price,
            location_id=level.location_id,
            created_at=now,
            updated_at=now,
        )
        order.line_items.append(item)
        store.line_items[item.id] = item
        by_location.setdefault(level.location_id, []).append(item)
        level.quantities["available"] -= quantity
        level.quantities["committed"] += quantity
        level.updated_at = now
    for location_id, items in by_location.items():
        _open_fulfillment_order(store, order, location_id, items, now)
    store.orders[order.id] = order
    emit(_ctx(emulator), "ORDERS_CREATE", rest_order(store, order))
    emit_levels(emulator, {(lv.item_id, lv.location_id) for _, lv, _, _ in prepared})
    return {
        "id": order.gid,
        "name": order.name,
        "line_items": [
            {"id": li.gid, "sku": li.sku, "quantity": li.quantity} for li in order.line_items
        ],
        "fulfillment_orders": [gid("FulfillmentOrder", f) for f in order.fulfillment_order_ids],
    }


def _open_fulfillment_order(store: Store, order: Order, location_id: int, items, now: str) -> None:
    fulfillment_order = FulfillmentOrder(
        id=store.next_id(),
        order_id=order.id,
        location_id=location_id,
        created_at=now,
        updated_at=now,
    )
    for item in items:
        fulfillment_order.lines.append(
            FulfillmentOrderLine(
                id=store.next_id(),
                line_item_id=item.id,
                total_quantity=item.quantity,
                remaining_quantity=item.quantity,
            )
        )
    store.fulfillment_orders[fulfillment_order.id] = fulfillment_order
    order.fulfillment_order_ids.append(fulfillment_order.id)


class _ctx:
    """What ``webhooks.emit`` needs from a control call: the emulator and its store."""

    def __init__(self, emulator) -> None:
        self.emulator, self.store = emulator, emulator.store


def emit_levels(emulator, keys) -> None:
    """``inventory_levels/update`` for each (item id, location id)."""
    for key in sorted(keys):
        level = emulator.store.levels.get(key)
        if level is not None:
            emit(_ctx(emulator), "INVENTORY_LEVELS_UPDATE", level_payload(level))


def _order_of(store: Store, body: dict) -> Order:
    order = find(store, body.get("id"), "Order")
    if order is None:
        raise OrderError(f"unknown order {body.get('id')!r}")
    return order


def cancel(emulator, body: dict) -> dict:
    """Cancel: the unfulfilled quantities go back to ``available``; fulfillment orders close."""
    store = emulator.store
    order = _order_of(store, body)
    if order.cancelled_at is not None:
        raise OrderError(f"order {order.name} is already cancelled")
    now, touched = emulator.now_iso(), set()
    for fulfillment_order in fulfillment_orders_of(store, order):
        for line in fulfillment_order.lines:
            item = store.line_items[line.line_item_id]
            variant = store.variants.get(item.variant_id)
            level = variant and store.levels.get(
                (variant.inventory_item_id, fulfillment_order.location_id)
            )
            if level is not None and line.remaining_quantity:
                level.quantities["committed"] -= line.remaining_quantity
                level.quantities["available"] += line.remaining_quantity
                level.updated_at = now
                touched.add((level.item_id, level.location_id))
            line.remaining_quantity = 0
        if fulfillment_order.status in ("OPEN", "IN_PROGRESS"):
            fulfillment_order.status = (
                "CANCELLED" if fulfillment_order.status == "OPEN" else "CLOSED"
            )
            fulfillment_order.updated_at = now
    order.cancelled_at = order.updated_at = now
    order.cancel_reason = str(body.get("reason", "CUSTOMER")).upper()
    payload = rest_order(store, order)
    emit(_ctx(emulator), "ORDERS_CANCELLED", payload)
    emit(_ctx(emulator), "ORDERS_UPDATED", payload)
    emit_levels(emulator, touched)
    return {"id": order.gid, "cancelled_at": order.cancelled_at}


def edit(emulator, body: dict) -> dict:
    """Change the contact, note or addresses; ``updatedAt`` moves and ``orders/updated`` fires."""
    store = emulator.store
    order = _order_of(store, body)
    for key in ("email", "phone", "note"):
        if key in body:
            setattr(order, key, body[key])
    for key in ("shipping_address", "billing_address"):
        if key in body:
            setattr(order, key, _address(store, body[key]))
    order.updated_at = emulator.now_iso()
    emit(_ctx(emulator), "ORDERS_UPDATED", rest_order(store, order))
    return {"id": order.gid, "updated_at": order.updated_at}


def touch(emulator, order: Order) -> None:
    """An order changed through GraphQL (a fulfillment): ``updatedAt`` and ``orders/updated``."""
    order.updated_at = emulator.now_iso()
    emit(_ctx(emulator), "ORDERS_UPDATED", rest_order(emulator.store, order))
