"""Handlers of the emulated ShipBob 2026-01 operations, keyed by the file's ``operationId``.
Each takes a validated :class:`Call` and returns ``(status, body)`` or raises ``ApiError``."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from . import operations, views
from .state import ApiError, Store
from .webhooks import subscribe

DEFAULT_PAGE_SIZE = 50


@dataclass
class Call:
    store: Store
    path: str
    params: dict[str, Any]  # typed, by the file's parameter names
    query: dict[str, str]  # raw query (pagination cursors are not in the file)
    body: Any


def _not_found(what: str) -> ApiError:
    return ApiError(404, {"": [f"{what} was not found."]}, title="Not Found")


def _existing(table: dict, raw: object, what: str):
    found = table.get(int(raw))
    if found is None:
        raise _not_found(f"{what} {raw}")
    return found


def _int_list(raw: str | None) -> set[int] | None:
    if not raw:
        return None
    try:
        return {int(x) for x in str(raw).split(",") if x.strip()}
    except ValueError:
        raise ApiError(400, {"ids": [f"'{raw}' is not a comma-separated list of ids."]}) from None


def _paged(call: Call, items: list[dict]) -> dict:
    """The newer endpoints' body pagination: ``first/prev/next/last`` URLs and ``items``."""
    size = int(call.params.get("PageSize") or DEFAULT_PAGE_SIZE)
    if size < 1 or size > 250:
        raise ApiError(400, {"PageSize": ["PageSize must be between 1 and 250."]})
    cursor = call.query.get("Cursor") or call.query.get("cursor")
    try:
        offset = int(base64.urlsafe_b64decode(cursor).decode()) if cursor else 0
    except ValueError:
        raise ApiError(400, {"Cursor": ["The cursor is not valid."]}) from None

    def url(at: int) -> str:
        kept = {k: v for k, v in call.query.items() if k.lower() != "cursor"}
        token = base64.urlsafe_b64encode(str(at).encode()).decode()
        return f"{call.path}?{urlencode({**kept, 'Cursor': token})}"

    last = max(0, (len(items) - 1) // size * size)
    return {
        "items": items[offset : offset + size],
        "first": url(0) if offset > 0 else None,
        "prev": url(max(0, offset - size)) if offset > 0 else None,
        "next": url(offset + size) if offset + size < len(items) else None,
        "last": url(last) if offset < last else None,
    }


def _inventory_ids(call: Call) -> list[int]:
    wanted = _int_list(call.params.get("InventoryIds"))
    search = str(call.params.get("SearchBy") or "").lower()
    found = []
    for v in sorted(call.store.variants(), key=lambda v: v.inventory_id):
        if wanted is not None and v.inventory_id not in wanted:
            continue
        if (
            search
            and search != str(v.inventory_id)
            and search not in v.sku.lower()
            and search not in v.name.lower()
        ):
            continue
        found.append(v.inventory_id)
    return found


def get_channels(call: Call):
    items = [
        {
            "id": cid,
            "name": name,
            "application_name": "OpenOMS",
            "scopes": ["orders_write", "orders_read"],
        }
        for cid, name in sorted(call.store.channels.items())
    ]
    return 200, {"items": items, "next": None, "prev": None}


def create_product(call: Call):
    body = call.body
    variants = body.get("variants") or [{"name": body.get("name")}]
    product = call.store.add_product(body.get("name") or "", variants, body.get("type_id") or "1")
    return 201, views.product(call.store, product)


def get_products(call: Call):
    p, store = call.params, call.store
    skus = {s.strip() for s in str(p.get("SKU") or "").split(",") if s.strip()}
    ids = _int_list(p.get("ProductId"))
    inventory = _int_list(p.get("InventoryId"))
    search = str(p.get("Search") or "").lower()
    found = []
    for product in sorted(store.products.values(), key=lambda x: x.id):
        vs = product.variants
        if skus and not any(v.sku in skus for v in vs):
            continue
        if ids is not None and product.id not in ids:
            continue
        if inventory is not None and not any(v.inventory_id in inventory for v in vs):
            continue
        if (
            search
            and search not in product.name.lower()
            and not any(search in v.sku.lower() for v in vs)
        ):
            continue
        found.append(views.product(store, product))
    return 200, _paged(call, found)


def get_product(call: Call):
    product = _existing(call.store.products, call.params["productId"], "Product")
    return 200, views.product(call.store, product)


def get_all_inventory_levels(call: Call):
    return 200, _paged(call, [views.inventory_totals(call.store, i) for i in _inventory_ids(call)])


def get_levels_by_center(call: Call):
    location = call.params.get("LocationId")
    location = int(location) if location is not None else None
    items = [views.inventory_by_center(call.store, i, location) for i in _inventory_ids(call)]
    if location is not None:
        items = [item for item in items if item["locations"]]
    return 200, _paged(call, items)


def get_one_by_center(call: Call):
    inventory_id = int(call.params["inventoryId"])
    if call.store.variant_by_inventory(inventory_id) is None:
        raise _not_found(f"Inventory {inventory_id}")
    return 200, views.inventory_by_center(call.store, inventory_id)


def _order(call: Call):
    return _existing(call.store.orders, call.params["orderId"], "Order")


def create_order(call: Call):
    order = operations.create_order(call.store, int(call.params["shipbob_channel_id"]), call.body)
    return 201, views.order(call.store, order)


def get_orders(call: Call):
    p, store = call.params, call.store
    limit, page = p.get("Limit", 50), p.get("Page", 1)
    if not 1 <= limit <= 250 or page < 1:
        raise ApiError(400, {"Limit": ["Limit must be between 1 and 250 and Page at least 1."]})
    ids = _int_list(p.get("IDs"))
    refs = {r for r in str(p.get("ReferenceIds") or "").split(",") if r}
    orders = []
    for order in sorted(store.orders.values(), key=lambda o: o.id):
        shipments = [store.shipments[sid] for sid in order.shipment_ids]
        has_tracking = any(s.tracking for s in shipments)
        if (ids is not None and order.id not in ids) or (refs and order.reference_id not in refs):
            continue
        if "HasTracking" in p and p["HasTracking"] != has_tracking:
            continue
        uploaded = has_tracking and all(s.is_tracking_uploaded for s in shipments if s.tracking)
        if "IsTrackingUploaded" in p and p["IsTrackingUploaded"] != uploaded:
            continue
        orders.append(views.order(store, order))
    if str(p.get("SortOrder", "")).lower() == "newest":
        orders.reverse()
    return 200, orders[(page - 1) * limit : page * limit]


def get_order(call: Call):
    return 200, views.order(call.store, _order(call))


def get_order_shipments(call: Call):
    order = _order(call)
    return 200, [
        views.shipment(call.store, call.store.shipments[sid]) for sid in order.shipment_ids
    ]


def get_shipment(call: Call):
    shipment = call.store.shipments.get(int(call.params["shipmentId"]))
    if shipment is None or (
        "orderId" in call.params and shipment.order_id != int(call.params["orderId"])
    ):
        raise _not_found(f"Shipment {call.params['shipmentId']}")
    return 200, views.shipment(call.store, shipment)


def cancel_order(call: Call):
    order = _order(call)
    status, results = operations.cancel_order(call.store, order)
    return 200, {
        "order_id": order.id,
        "status": status,
        "canceled_shipment_results": results,
        "order": views.order(call.store, order),
    }


def get_fulfillment_centers(call: Call):
    return 200, [views.center(fc) for _, fc in sorted(call.store.centers.items())]


def create_receiving(call: Call):
    wro = operations.create_receiving_order(call.store, call.body)
    return 201, views.receiving_order(call.store, wro)


def get_receiving(call: Call):
    wro = _existing(call.store.wros, call.params["id"], "Receiving order")
    return 200, views.receiving_order(call.store, wro)


def get_receivings(call: Call):
    ids = _int_list(call.params.get("IDs"))
    wros = [w for _, w in sorted(call.store.wros.items()) if ids is None or w.id in ids]
    return 200, [views.receiving_order(call.store, w) for w in wros]


def create_subscription(call: Call):
    b = call.body
    sub = subscribe(call.store, b["url"], b["topics"], b.get("secret"), b.get("description"))
    return 200, views.subscription(sub, with_secret=True)


def get_subscriptions(call: Call):
    subs = sorted(call.store.subscriptions.values(), key=lambda s: s.created_at)
    return 200, {
        "items": [views.subscription(s, with_secret=False) for s in subs],
        "next": None,
        "prev": None,
    }


def delete_subscription(call: Call):
    if call.store.subscriptions.pop(call.params["id"], None) is None:
        raise _not_found(f"Subscription {call.params['id']}")
    return 204, None


HANDLERS: dict[str, Callable[[Call], tuple[int, Any]]] = {
    "get-channels": get_channels,
    "create-product": create_product,
    "get-products": get_products,
    "get-product": get_product,
    "get-all-inventory-levels": get_all_inventory_levels,
    "get-all-inventory-levels-grouped-by-fulfillment-center": get_levels_by_center,
    "get-inventory-levels-grouped-by-fulfillment-center": get_one_by_center,
    "create-order": create_order,
    "get-orders": get_orders,
    "get-order": get_order,
    "get-all-shipments-for-order": get_order_shipments,
    "get-shipment": get_shipment,
    "get-shipment-by-order-id-and-shipment-id": get_shipment,
    "cancel-order": cancel_order,
    "get-fulfillment-centers": get_fulfillment_centers,
    "create-warehouse-receiving-order": create_receiving,
    "get-warehouse-receiving-order": get_receiving,
    "get-multiple-warehouse-receiving-orders": get_receivings,
    "create-subscription": create_subscription,
    "get-subscriptions": get_subscriptions,
    "delete-subscription": delete_subscription,
}
