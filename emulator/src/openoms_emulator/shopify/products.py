"""``productSet`` (create, update by id, upsert by handle; the variants list is the whole desired
set) and ``inventoryItemUpdate`` (SKU, tracking, weight)."""

from __future__ import annotations

import re

from .graph import resolves
from .queries import find
from .store import Product, ProductOption, Store, gid, now_iso, parse_gid


def _error(code: str, field: list[str], message: str) -> dict:
    return {"code": code, "field": field, "message": message}


def _refused(errors: list[dict]) -> dict:
    return {"product": None, "productSetOperation": None, "userErrors": errors}


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "product"


def _target(store: Store, data: dict, upsert: dict | None) -> tuple[Product | None, list[dict]]:
    """The product to update (None: create) and the errors that refuse the call."""
    if data.get("id") is not None:
        if upsert is not None:
            return None, [
                _error(
                    "ID_NOT_ALLOWED_FOR_UPSERT",
                    ["input", "id"],
                    "An id can't be given with upsertInput.",
                )
            ]
        product = find(store, data["id"], "Product")
        if product is None:
            return None, [
                _error("PRODUCT_DOES_NOT_EXIST", ["input", "id"], "Product does not exist")
            ]
        return product, []
    if upsert is not None:
        handle = (upsert.get("match") or {}).get("handle")
        if handle is None:
            return None, [
                _error(
                    "MISSING_FIELD_REQUIRED_FOR_UPSERT",
                    ["upsertInput", "match"],
                    "A handle is required to upsert.",
                )
            ]
        if data.get("handle") not in (None, handle):
            return None, [
                _error(
                    "UPSERT_KEY_INPUT_MISMATCH",
                    ["input", "handle"],
                    "The handle differs from the upsert key.",
                )
            ]
        return store.product_by_handle(handle), []
    if data.get("handle") and store.product_by_handle(data["handle"]) is not None:
        return None, [
            _error(
                "HANDLE_NOT_UNIQUE",
                ["input", "handle"],
                f"Handle '{data['handle']}' already in use. Please provide a new handle.",
            )
        ]
    return None, []


def _variant_errors(store: Store, product: Product | None, data: dict) -> list[dict]:
    variants = data.get("variants")
    if variants is None:
        return []
    options = data.get("productOptions")
    if options is None and product is None:
        return [
            _error(
                "PRODUCT_OPTIONS_INPUT_MISSING",
                ["input", "productOptions"],
                "Product options input is required when updating variants.",
            )
        ]
    known = (
        {o["name"]: [v.get("name") for v in o.get("values") or ()] for o in options}
        if options is not None
        else {o.name: o.values for o in product.options}
    )
    errors = []
    for index, variant in enumerate(variants):
        path = ["input", "variants", str(index)]
        if variant.get("id") is not None:
            existing = find(store, variant["id"], "ProductVariant")
            if existing is None or product is None or existing.product_id != product.id:
                errors.append(
                    _error(
                        "PRODUCT_VARIANT_DOES_NOT_EXIST",
                        [*path, "id"],
                        "Product variant does not exist",
                    )
                )
        for value in variant["optionValues"]:
            name = value.get("optionName")
            if name not in known:
                errors.append(
                    _error(
                        "OPTION_DOES_NOT_EXIST",
                        [*path, "optionValues"],
                        f"Option '{name}' does not exist.",
                    )
                )
            elif known[name] and value.get("name") not in known[name]:
                errors.append(
                    _error(
                        "OPTION_VALUE_DOES_NOT_EXIST",
                        [*path, "optionValues"],
                        f"Option value '{value.get('name')}' does not exist.",
                    )
                )
        for quantity in variant.get("inventoryQuantities") or ():
            if parse_gid(quantity["locationId"], "Location") not in store.locations:
                errors.append(
                    _error(
                        "INVALID_VARIANT",
                        [*path, "inventoryQuantities"],
                        "The location does not exist.",
                    )
                )
    return errors


def _apply_fields(store: Store, product: Product, data: dict) -> None:
    for key, attribute in (
        ("title", "title"),
        ("handle", "handle"),
        ("status", "status"),
        ("vendor", "vendor"),
        ("productType", "product_type"),
        ("descriptionHtml", "description_html"),
        ("tags", "tags"),
    ):
        if data.get(key) is not None:
            setattr(product, attribute, data[key])
    if data.get("productOptions") is not None:
        product.options = [
            ProductOption(
                id=store.next_id(),
                name=option["name"],
                position=position,
                values=[v["name"] for v in option.get("values") or ()],
            )
            for position, option in enumerate(data["productOptions"], start=1)
        ]
    product.updated_at = now_iso()


def _apply_variants(store: Store, product: Product, variants: list[dict]) -> None:
    existing = {v: store.variants[v] for v in product.variant_ids}
    kept: set[int] = set()
    for position, data in enumerate(variants, start=1):
        values = [(v.get("optionName"), v.get("name")) for v in data["optionValues"]]
        variant = existing.get(parse_gid(data.get("id"), "ProductVariant"))
        if variant is None:
            variant = next(
                (v for v in existing.values() if v.option_values == values and v.id not in kept),
                None,
            )
        created = variant is None
        if created:
            variant = store.add_variant(product)
        kept.add(variant.id)
        variant.option_values = values
        variant.title = " / ".join(value for _, value in values) or "Default Title"
        variant.position = data.get("position") or position
        for key, attribute in (
            ("sku", "sku"),
            ("barcode", "barcode"),
            ("price", "price"),
            ("compareAtPrice", "compare_at_price"),
            ("inventoryPolicy", "inventory_policy"),
            ("taxable", "taxable"),
        ):
            if key in data:
                setattr(variant, attribute, data[key])
        variant.updated_at = now_iso()
        for quantity in data.get("inventoryQuantities") or ():
            location_id = parse_gid(quantity["locationId"], "Location")
            if not created and (variant.inventory_item_id, location_id) not in store.levels:
                continue  # Shopify: an existing variant's quantities change only where it is stocked
            level = store.activate(variant.inventory_item_id, location_id)
            target = (
                quantity["quantity"]
                - level.quantity(quantity["name"])
                + level.quantities["available"]
            )
            level.quantities["available"] = target
    for variant_id in [v for v in existing if v not in kept]:
        store.remove_variant(product, variant_id)
    product.variant_ids.sort(key=lambda v: store.variants[v].position)


@resolves("Mutation", "productSet")
def product_set(_, info, args):
    store: Store = info.context.store
    data, upsert = args["input"], args.get("upsertInput")
    product, errors = _target(store, data, upsert)
    if not errors and product is None and not data.get("title"):
        errors = [_error("INVALID_INPUT", ["input", "title"], "Title can't be blank")]
    errors = errors or _variant_errors(store, product, data)
    if errors:
        return _refused(errors)
    if product is None:
        product = Product(id=store.next_id(), title=data["title"])
        handle = (upsert or {}).get("match", {}).get("handle") or data.get("handle")
        product.handle = handle or unique_handle(store, slug(data["title"]))
        store.products[product.id] = product
        if data.get("variants") is None:
            product.options = [
                ProductOption(id=store.next_id(), name="Title", values=["Default Title"])
            ]
            store.add_variant(product, option_values=[("Title", "Default Title")])
    _apply_fields(store, product, data)
    if data.get("variants") is not None:
        _apply_variants(store, product, data["variants"])
    if args.get("synchronous") is False:
        operation = {
            "__typename": "ProductSetOperation",
            "id": gid("ProductSetOperation", store.next_id()),
            "status": "COMPLETE",
            "product": product,
            "userErrors": [],
        }
        return {"product": None, "productSetOperation": operation, "userErrors": []}
    return {"product": product, "productSetOperation": None, "userErrors": []}


def unique_handle(store: Store, base: str) -> str:
    handle, suffix = base, 1
    while store.product_by_handle(handle) is not None:
        handle, suffix = f"{base}-{suffix}", suffix + 1
    return handle


@resolves("Mutation", "inventoryItemUpdate")
def inventory_item_update(_, info, args):
    store: Store = info.context.store
    item = find(store, args["id"], "InventoryItem")
    if item is None:
        return {
            "inventoryItem": None,
            "userErrors": [{"field": ["id"], "message": "Inventory item does not exist"}],
        }
    data = args["input"]
    if "sku" in data:
        store.variants[item.variant_id].sku = data["sku"]
    for key, attribute in (("tracked", "tracked"), ("requiresShipping", "requires_shipping")):
        if data.get(key) is not None:
            setattr(item, attribute, data[key])
    weight = (data.get("measurement") or {}).get("weight")
    if weight is not None:
        item.weight = {"unit": weight["unit"], "value": float(weight["value"])}
    item.updated_at = now_iso()
    return {"inventoryItem": item, "userErrors": []}
