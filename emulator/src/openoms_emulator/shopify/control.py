"""The ``/_emulator/`` control API: reset, config (plan, tokens, apps, faults, webhook knobs),
seed, storefront orders (checkout, cancel, edit), webhook deliveries, state dump.

Tests drive faults and fixtures here, and read the shop back only through GraphQL."""

from __future__ import annotations

from . import orders
from .app import Faults, ShopifyEmulator
from .products import slug, unique_handle
from .store import STORED_NAMES, Product, ProductOption, Store, gid, parse_gid
from .throttle import PLANS

CONFIG_KEYS = {
    "plan",
    "restore_rate",
    "access_tokens",
    "latency_ms",
    "fail_next",
    "fail_status",
    "drop_next",
    "rate_cut",
    "expire_token",
    "non_mutable_inventory_items",
    "apps",
    "token_lifetime_seconds",
    "bulk_delay_seconds",
    "failed_key_replay",
    "webhooks_duplicate",
    "webhooks_bad_signature",
    "webhooks_retries",
    "webhooks_retry_delay_ms",
}
WEBHOOK_KNOBS = {
    "webhooks_duplicate": ("duplicate", bool),
    "webhooks_bad_signature": ("bad_signature", bool),
    "webhooks_retries": ("retries", int),
    "webhooks_retry_delay_ms": ("retry_delay_ms", int),
}
FAILED_KEY_REPLAYS = ("user_errors", "previous_attempt_failed")
ORDER_ACTIONS = {
    "/_emulator/orders": orders.checkout,
    "/_emulator/orders/cancel": orders.cancel,
    "/_emulator/orders/edit": orders.edit,
}


class ControlError(ValueError):
    pass


def handle(emulator: ShopifyEmulator, method: str, path: str, body: object) -> tuple[int, dict]:
    try:
        if (method, path) == ("POST", "/_emulator/reset"):
            emulator.reset()
            return 200, {"ok": True}
        if (method, path) == ("POST", "/_emulator/config"):
            return 200, configure(emulator, _object(body))
        if (method, path) == ("POST", "/_emulator/seed"):
            with emulator.store.lock:
                return 200, seed(emulator.store, _object(body))
        if method == "POST" and path in ORDER_ACTIONS:
            with emulator.store.lock:
                return 200, ORDER_ACTIONS[path](emulator, _object(body))
        if (method, path) == ("GET", "/_emulator/webhooks"):
            return 200, {"deliveries": emulator.webhooks.describe()}
        if (method, path) == ("POST", "/_emulator/webhooks/wait"):
            idle = emulator.webhooks.wait_idle(float(_object(body).get("timeout", 10)))
            return 200, {"idle": idle, "deliveries": emulator.webhooks.describe()}
        if (method, path) == ("GET", "/_emulator/state"):
            with emulator.store.lock:
                return 200, {**emulator.store.dump(), "config": describe(emulator)}
    except (ControlError, KeyError, TypeError, ValueError) as error:
        return 400, {"error": str(error)}
    return 404, {"error": f"no control endpoint {method} {path}"}


def _object(body: object) -> dict:
    if not isinstance(body, dict):
        raise ControlError("the body must be a JSON object")
    return body


def describe(emulator: ShopifyEmulator) -> dict:
    settings, throttle = emulator.settings, emulator.throttle
    faults = settings.faults
    return {
        "plan": throttle.plan,
        "restore_rate": throttle.restore_rate,
        "bucket_size": throttle.maximum,
        "access_tokens": sorted(settings.tokens),
        "expired_tokens": sorted(settings.expired),
        "latency_ms": faults.latency_ms,
        "fail_next": faults.fail_next,
        "fail_status": faults.fail_status,
        "drop_next": faults.drop_next,
        "apps": sorted(settings.apps),
        "token_lifetime_seconds": settings.token_lifetime_seconds,
        "bulk_delay_seconds": settings.bulk_delay_seconds,
        "failed_key_replay": settings.failed_key_replay,
        **{
            key: getattr(emulator.webhooks.settings, name)
            for key, (name, _) in WEBHOOK_KNOBS.items()
        },
    }


def configure(emulator: ShopifyEmulator, body: dict) -> dict:
    unknown = set(body) - CONFIG_KEYS
    if unknown:
        raise ControlError(f"unknown config keys {sorted(unknown)}; known: {sorted(CONFIG_KEYS)}")
    if body.get("failed_key_replay", FAILED_KEY_REPLAYS[0]) not in FAILED_KEY_REPLAYS:
        raise ControlError(f"failed_key_replay must be one of {list(FAILED_KEY_REPLAYS)}")
    if "fail_status" in body and not 500 <= int(body["fail_status"]) <= 599:
        raise ControlError("fail_status must be a 5xx status")
    if "plan" in body or "restore_rate" in body:
        plan = body.get("plan", emulator.throttle.plan)
        if plan not in PLANS:
            raise ControlError(f"plan must be one of {sorted(PLANS)}")
        emulator.throttle.set_plan(plan, body.get("restore_rate"))
    if "rate_cut" in body:
        cut = _object(body["rate_cut"])
        emulator.throttle.cut_rate(float(cut["factor"]), float(cut["seconds"]))
    with emulator.settings_lock:
        settings = emulator.settings
        if "access_tokens" in body:
            settings.tokens = {str(t) for t in body["access_tokens"]}
        if "expire_token" in body:
            expired = body["expire_token"]
            settings.expired |= {expired} if isinstance(expired, str) else set(expired)
        if "apps" in body:
            settings.apps = _apps(body["apps"])
        for key in ("token_lifetime_seconds", "bulk_delay_seconds"):
            if key in body:
                setattr(settings, key, float(body[key]))
        if "failed_key_replay" in body:
            settings.failed_key_replay = body["failed_key_replay"]
        faults: Faults = settings.faults
        for key in ("latency_ms", "fail_next", "fail_status", "drop_next"):
            if key in body:
                setattr(faults, key, int(body[key]))
    with emulator.webhooks.lock:
        for key, (name, kind) in WEBHOOK_KNOBS.items():
            if key in body:
                setattr(emulator.webhooks.settings, name, kind(body[key]))
    if "non_mutable_inventory_items" in body:
        with emulator.store.lock:
            numbers = {parse_gid(v, "InventoryItem") for v in body["non_mutable_inventory_items"]}
            if None in numbers:
                raise ControlError("non_mutable_inventory_items takes InventoryItem GIDs")
            emulator.store.non_mutable_items = numbers
    return describe(emulator)


def _apps(value: object) -> dict[str, str]:
    """``[{"client_id", "client_secret"}]`` -> {client id: secret} (replaces the apps)."""
    if not isinstance(value, list):
        raise ControlError("apps takes a list of {client_id, client_secret}")
    return {str(app["client_id"]): str(app["client_secret"]) for app in value}


def seed(store: Store, body: dict) -> dict:
    """``{"locations": [{"name"}], "products": [{"title", "handle"?, "variants": [{"sku",
    "barcode"?, "price"?, "weight"?: {"unit", "value"}, "levels"?: [{"location": name or GID,
    "available"?: n, "<other state>"?: n}]}]}]}`` -> the created ids."""
    created: dict = {"locations": [], "products": []}
    for data in body.get("locations") or ():
        location = store.add_location(str(data["name"]), is_active=bool(data.get("active", True)))
        created["locations"].append({"id": location.gid, "name": location.name})
    by_name = {loc.name: loc.id for loc in store.locations.values()}
    for data in body.get("products") or ():
        created["products"].append(_seed_product(store, data, by_name))
    return created


def _seed_product(store: Store, data: dict, by_name: dict[str, int]) -> dict:
    product = Product(id=store.next_id(), title=str(data["title"]))
    product.handle = data.get("handle") or unique_handle(store, slug(product.title))
    if store.product_by_handle(product.handle) is not None:
        raise ControlError(f"handle {product.handle!r} already exists")
    store.products[product.id] = product
    variants = data.get("variants") or [{}]
    values = [v.get("option", v.get("sku") or "Default Title") for v in variants]
    name = "Title" if len(variants) == 1 else data.get("option_name", "Variant")
    product.options = [ProductOption(id=store.next_id(), name=name, values=values)]
    result = {"id": product.gid, "handle": product.handle, "variants": []}
    for position, (variant_data, value) in enumerate(zip(variants, values, strict=True), start=1):
        variant = store.add_variant(
            product,
            sku=variant_data.get("sku"),
            barcode=variant_data.get("barcode"),
            price=str(variant_data.get("price", "0.00")),
            position=position,
            title=value,
            option_values=[(name, value)],
        )
        item = store.items[variant.inventory_item_id]
        item.weight = variant_data.get("weight")
        for level_data in variant_data.get("levels") or ():
            location = level_data["location"]
            location_id = parse_gid(location, "Location") or by_name.get(location)
            if location_id not in store.locations:
                raise ControlError(f"unknown location {location!r}")
            level = store.activate(item.id, location_id)
            for state in STORED_NAMES:
                if state in level_data:
                    level.quantities[state] = int(level_data[state])
        result["variants"].append(
            {
                "id": variant.gid,
                "sku": variant.sku,
                "inventoryItemId": gid("InventoryItem", item.id),
            }
        )
    return result
