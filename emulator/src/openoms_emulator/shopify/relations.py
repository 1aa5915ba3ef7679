"""Resolvers of the relations between records (product -> variants -> inventory item -> levels ->
location) and of the derived fields."""

from __future__ import annotations

import re

from graphql import GraphQLError

from .graph import first_items, paginate, resolves
from .queries import QUANTITY_NAMES, store_of, variants_of
from .store import ON_HAND_PARTS, Store, gid, parse_gid


@resolves("Product", "variants")
def product_variants_of(product, info, args):
    return paginate(variants_of(store_of(info), product), args)


@resolves("Product", "options")
def product_options(product, info, args):
    return first_items(product.options, args)


@resolves("Product", "totalInventory")
def total_inventory(product, info, args):
    store = store_of(info)
    return sum(_available(store, v.inventory_item_id) for v in variants_of(store, product))


@resolves("Product", "hasOnlyDefaultVariant")
def has_only_default_variant(product, info, args):
    return len(product.variant_ids) == 1 and not product.options[1:]


@resolves("Product", "variantsCount")
def variants_count(product, info, args):
    return {"count": len(product.variant_ids), "precision": "EXACT"}


@resolves("Product", "description")
def description(product, info, args):
    text = re.sub(r"<[^>]+>", "", product.description_html)
    return text[: args["truncateAt"]] if args.get("truncateAt") else text


@resolves("ProductOption", "optionValues")
def option_values(option, info, args):
    return [
        {"id": gid("ProductOptionValue", option.id * 100 + i), "name": value, "hasVariants": True}
        for i, value in enumerate(option.values)
    ]


@resolves("ProductVariant", "product")
def variant_product(variant, info, args):
    return store_of(info).products[variant.product_id]


@resolves("ProductVariant", "inventoryItem")
def variant_item(variant, info, args):
    return store_of(info).items[variant.inventory_item_id]


@resolves("ProductVariant", "selectedOptions")
def selected_options(variant, info, args):
    return [
        {
            "name": name,
            "value": value,
            "optionValue": {"id": gid("ProductOptionValue", 0), "name": value},
        }
        for name, value in variant.option_values
    ]


@resolves("ProductVariant", "inventoryQuantity", "sellableOnlineQuantity")
def variant_quantity(variant, info, args):
    return _available(store_of(info), variant.inventory_item_id)


@resolves("ProductVariant", "displayName")
def display_name(variant, info, args):
    return f"{store_of(info).products[variant.product_id].title} - {variant.title}"


@resolves("ProductVariant", "availableForSale")
def available_for_sale(variant, info, args):
    return variant.inventory_policy == "CONTINUE" or variant_quantity(variant, info, args) > 0


@resolves("InventoryItem", "sku")
def item_sku(item, info, args):
    return store_of(info).variants[item.variant_id].sku


@resolves("InventoryItem", "variant")
def item_variant(item, info, args):
    return store_of(info).variants[item.variant_id]


@resolves("InventoryItem", "measurement")
def item_measurement(item, info, args):
    return {"id": gid("InventoryItemMeasurement", item.id), "weight": item.weight}


@resolves("InventoryItem", "duplicateSkuCount")
def duplicate_sku_count(item, info, args):
    store = store_of(info)
    sku = store.variants[item.variant_id].sku
    return sum(1 for v in store.variants.values() if sku and v.sku == sku) - 1 if sku else 0


@resolves("InventoryItem", "inventoryLevel")
def item_level(item, info, args):
    return store_of(info).levels.get((item.id, parse_gid(args["locationId"], "Location")))


@resolves("InventoryItem", "inventoryLevels")
def item_levels(item, info, args):
    return paginate(store_of(info).levels_of_item(item.id), args)


@resolves("Location", "inventoryLevel")
def location_level(location, info, args):
    return store_of(info).levels.get(
        (parse_gid(args["inventoryItemId"], "InventoryItem"), location.id)
    )


@resolves("Location", "inventoryLevels")
def location_levels(location, info, args):
    return paginate(store_of(info).levels_at(location.id), args)


@resolves("Location", "isPrimary")
def is_primary(location, info, args):
    return location.id == min(store_of(info).locations)


@resolves("Location", "fulfillsOnlineOrders", "shipsInventory", "activatable", "deletable")
def location_true(location, info, args):
    return info.field_name != "activatable" or not location.is_active


@resolves("InventoryLevel", "item")
def level_item(level, info, args):
    return store_of(info).items[level.item_id]


@resolves("InventoryLevel", "location")
def level_location(level, info, args):
    return store_of(info).locations[level.location_id]


@resolves("InventoryLevel", "quantities")
def level_quantities(level, info, args):
    unknown = [name for name in args["names"] if name not in QUANTITY_NAMES]
    if unknown:
        raise GraphQLError(f"Invalid quantity names: {', '.join(unknown)}.")
    return [
        {
            "id": f"{level.gid}&name={name}",
            "name": name,
            "quantity": level.quantity(name),
            "updatedAt": level.updated_at,
        }
        for name in args["names"]
    ]


@resolves("InventoryLevel", "available", "incoming")
def level_legacy_quantity(level, info, args):
    return level.quantity(info.field_name)


@resolves("InventoryLevel", "canDeactivate")
def can_deactivate(level, info, args):
    return all(level.quantities[name] == 0 for name in ON_HAND_PARTS if name != "available")


def _available(store: Store, item_id: int) -> int:
    return sum(level.quantity("available") for level in store.levels_of_item(item_id))
