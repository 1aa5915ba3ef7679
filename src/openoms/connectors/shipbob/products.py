"""ShipBob's catalog (``GET /product``, body-paginated) read as ``ProductData``, and products
created with ``POST /product``.

ShipBob weighs variants in ounces when creating them (``weight``: "The weight of the variant in
ounces") and reports a weight with its unit; dimensions are sent in inches (the request model has
no unit; ShipBob's own is the inch) and read back with their unit. ShipBob keeps no price: imported
products have none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from openoms.connectors.base import Notice
from openoms.connectors.shipbob.client import ShipBobClient, expect_object, shape_error
from openoms.connectors.types import ProductData

PAGE_SIZE = 250
LIST, CREATE = "list the products", "create a product"
GRAMS_PER = {"g": Decimal(1), "kg": Decimal(1000), "oz": Decimal("28.349523125")}
GRAMS_PER["lb"] = GRAMS_PER["oz"] * 16
MM_PER = {"mm": Decimal(1), "cm": Decimal(10), "in": Decimal("25.4")}


def catalog(client: ShipBobClient) -> Iterator[tuple[dict, dict]]:
    """(product, variant) of every variant of the account, in ShipBob's order."""
    for product in client.pages(LIST, "/product", {"PageSize": PAGE_SIZE}):
        for variant in product.get("variants") or []:
            yield product, expect_object(LIST, variant)


def inventory_ids(client: ShipBobClient) -> dict[str, int]:
    """SKU → ShipBob inventory id (what receiving orders and stock are counted by)."""
    found = {}
    for _, variant in catalog(client):
        inventory = variant.get("inventory") or {}
        if variant.get("sku") and isinstance(inventory.get("inventory_id"), int):
            found[variant["sku"]] = inventory["inventory_id"]
    return found


def fetch_products(client: ShipBobClient) -> Iterator[ProductData]:
    """Every variant with a SKU as a ``ProductData`` (variants of a product share its id)."""
    for product, variant in catalog(client):
        if variant.get("sku"):
            yield product_data(product, variant)


def product_data(product: dict, variant: dict) -> ProductData:
    """One ShipBob variant as OpenOMS reads it."""
    name = str(product.get("name") or variant.get("name") or variant["sku"])
    variant_name = str(variant.get("name") or "")
    dimension = variant.get("dimension") or {}
    return ProductData(
        sku=str(variant["sku"]),
        name=name,
        variant_name="" if variant_name == name else variant_name,
        barcode=_barcode(variant),
        weight_g=_converted(variant.get("weight") or {}, "weight", GRAMS_PER),
        length_mm=_converted(dimension, "length", MM_PER),
        width_mm=_converted(dimension, "width", MM_PER),
        height_mm=_converted(dimension, "height", MM_PER),
        product_ref=str(product.get("id") or ""),
    )


def push_products(client: ShipBobClient, products: Iterable[ProductData]) -> int:
    """Create the SKUs ShipBob does not have (one ``POST /product`` per OpenOMS product, its
    missing variants together); a SKU it has is left as it is (ShipBob refuses a duplicate SKU
    with 422: "already there", not an error). Returns how many SKUs were received; the numbers
    created and already there are reported as an Info notice."""
    received = list(products)
    existing = {variant.get("sku") for _, variant in catalog(client)}
    groups: dict[str, list[ProductData]] = {}
    for product in received:
        if product.sku not in existing:
            existing.add(product.sku)
            groups.setdefault(product.group, []).append(product)
    created = sum(_create(client, variants) for variants in groups.values())
    there = len(received) - created
    client.access.report(
        Notice(
            "info",
            f"ShipBob received {len(received)} SKU{'' if len(received) == 1 else 's'}: "
            f"{created} created, {there} already there.",
        )
    )
    return len(received)


def product_body(variants: list[ProductData]) -> dict:
    """The ``POST /product`` body of one product with these variants (a Regular product)."""
    return {
        "name": variants[0].name,
        "type_id": "1",
        "variants": [_variant_body(product) for product in variants],
    }


def _create(client: ShipBobClient, variants: list[ProductData]) -> int:
    """Create one product; → how many of its SKUs were created (0 when ShipBob had them)."""
    reply = client.call(CREATE, "POST", "/product", json=product_body(variants), accept=(201, 422))
    if reply.status == 201:
        expect_object(CREATE, reply.body)
        return len(variants)
    if not _duplicate_sku(reply.body):
        raise shape_error(CREATE, f"422 without a duplicate SKU: {reply.body}")
    if len(variants) == 1:
        return 0
    return sum(_create(client, [variant]) for variant in variants)  # some of them were new


def _variant_body(product: ProductData) -> dict:
    body: dict = {"sku": product.sku, "name": product.variant_name or product.name}
    digits = product.barcode.strip()
    if digits:
        body["upc" if len(digits) == 12 else "gtin"] = digits
    if product.weight_g is not None:
        body["weight"] = float(round(product.weight_g / GRAMS_PER["oz"], 4))
    sizes = (product.length_mm, product.width_mm, product.height_mm)
    if all(size is not None for size in sizes):
        length, width, height = (float(round(size / MM_PER["in"], 3)) for size in sizes)
        body["dimension"] = {"length": length, "width": width, "height": height}
    return body


def _duplicate_sku(body: object) -> bool:
    """A 422 that says a SKU exists already (``{"variants.sku": ["… already exists."]}``)."""
    if not isinstance(body, dict):
        return False
    return any("sku" in str(field).lower() for field in body) or "already exists" in str(body)


def _barcode(variant: dict) -> str:
    for barcode in variant.get("barcodes") or []:
        if isinstance(barcode, dict) and barcode.get("value"):
            return str(barcode["value"])
    return str(variant.get("upc") or variant.get("gtin") or "")


def _converted(measure: dict, key: str, factors: dict[str, Decimal]) -> Decimal | None:
    """A measure in OpenOMS's unit (grams, millimeters); None when absent, zero or in a unit
    this connector does not know."""
    value, unit = measure.get(key), str(measure.get("unit") or "").lower()
    if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
        return None
    factor = factors.get({"lbs": "lb", "inch": "in", "inches": "in"}.get(unit, unit))
    return None if factor is None else (Decimal(str(value)) * factor).quantize(Decimal("0.01"))
