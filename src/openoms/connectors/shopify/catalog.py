"""Products: import a store's catalog (cursor pages) and export OpenOMS products with
``productSet``.

Import reads products page by page (``PRODUCTS_PAGE``; a product with more variants than a page
holds has the rest read with ``PRODUCT_VARIANTS_PAGE``), or, for a catalog over 2,000 variants
(``productVariantsCount``), with one bulk query (``bulk.BulkReader``: JSONL, variants under their
product by ``__parentId``; 10 points instead of hundreds of pages). Either way it gives one
``ProductData`` per variant:
SKU, barcode, weight in grams, price, the product's GID as ``product_ref``. Variants without a
SKU cannot be matched to anything in OpenOMS: they are left out, with one Warning.

Export sends one ``productSet`` per product (``ProductData.group``): an existing product is found
by its variants' SKUs (one aliased ``productVariants`` lookup per batch of SKUs) and updated by id,
its variants matched by id; otherwise it is created (status ACTIVE). The variants list is the
product's whole set, as one option ("Title" for a single variant, else "Variant"). Weights are set
with ``inventoryItemUpdate`` where they differ (``productSet``'s variant input has no weight in
2026-04). A product Shopify refuses is one Warning naming its SKUs; the others continue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openoms.connectors.base import Notice
from openoms.connectors.shopify import costs
from openoms.connectors.shopify import documents as docs
from openoms.connectors.shopify.bulk import BulkReader
from openoms.connectors.shopify.client import ShopifyClient
from openoms.connectors.types import ProductData

# Pages sized so a call's requested cost stays under Shopify's 1,000 per query:
# 2 + 8 x (3 + 4 x 30) = 986 and 1 + 2 + 240 x 4 = 963.
PRODUCTS_PER_PAGE = 8
VARIANTS_PER_PAGE = 30
MORE_VARIANTS_PER_PAGE = 240
LOOKUPS_PER_CALL = 100  # 100 x 4 = 400 points
WEIGHTS_PER_CALL = 25  # 25 x 10 = 250 points
BULK_THRESHOLD = 2000  # variants: a bigger catalog is read with one bulk query

GRAMS_PER = {
    "GRAMS": Decimal(1),
    "KILOGRAMS": Decimal(1000),
    "OUNCES": Decimal("28.349523125"),
    "POUNDS": Decimal("453.59237"),
}
DEFAULT_TITLE = "Default Title"


@dataclass
class Catalog:
    client: ShopifyClient
    report: Callable[[Notice], None]
    products_per_page: int = PRODUCTS_PER_PAGE
    variants_per_page: int = VARIANTS_PER_PAGE
    bulk_threshold: int = BULK_THRESHOLD

    # -- import ---------------------------------------------------------------------------------
    def fetch_products(self) -> Iterator[ProductData]:
        """Every variant of the store with a SKU, product by product."""
        without_sku: list[str] = []
        for product, variants in self._products():
            for variant in variants:
                if (variant.get("sku") or "").strip():
                    yield product_data(product, variant)
                else:
                    without_sku.append(f"{product['title']} / {variant.get('title')}")
        if without_sku:
            shown = ", ".join(without_sku[:20])
            more = f" and {len(without_sku) - 20} more" if len(without_sku) > 20 else ""
            self.report(
                Notice(
                    "warning",
                    f"{len(without_sku)} Shopify variant(s) have no SKU and were not imported: "
                    f"{shown}{more}.",
                )
            )

    def _products(self) -> Iterator[tuple[dict, list[dict]]]:
        """(product, its variants) of the whole catalog: a bulk query for a catalog over
        ``bulk_threshold`` variants (free of bucket cost but slower to start), pages otherwise."""
        counted = self.client.run(costs.variants_count())["productVariantsCount"] or {}
        if (counted.get("count") or 0) > self.bulk_threshold:
            return self._bulk_products()
        return self._paged_products()

    def _bulk_products(self) -> Iterator[tuple[dict, list[dict]]]:
        reader = BulkReader(self.client, sleep=self.client.sleep)
        for product in reader.read_tree(docs.BULK_PRODUCTS):
            variants = [node.record for node in product.children_of("ProductVariant")]
            yield product.record, variants

    def _paged_products(self) -> Iterator[tuple[dict, list[dict]]]:
        after = None
        while True:
            call = costs.products_page(self.products_per_page, self.variants_per_page, after)
            page = self.client.run(call)["products"]
            for product in page["nodes"]:
                yield product, list(self._variants(product))
            if not page["pageInfo"]["hasNextPage"]:
                return
            after = page["pageInfo"]["endCursor"]

    def _variants(self, product: dict) -> Iterator[dict]:
        connection = product["variants"]
        yield from connection["nodes"]
        while connection["pageInfo"]["hasNextPage"]:
            after = connection["pageInfo"]["endCursor"]
            call = costs.product_variants_page(product["id"], MORE_VARIANTS_PER_PAGE, after)
            connection = self.client.run(call)["product"]["variants"]
            yield from connection["nodes"]

    # -- export ---------------------------------------------------------------------------------
    def push_products(self, products: Iterable[ProductData]) -> int:
        """Create or update each product; → how many SKUs Shopify accepted."""
        groups: dict[str, list[ProductData]] = {}
        for product in products:
            groups.setdefault(product.group, []).append(product)
        accepted = 0
        group_list = list(groups.values())
        for start in range(0, len(group_list), LOOKUPS_PER_CALL):
            batch = group_list[start : start + LOOKUPS_PER_CALL]
            existing = self._existing([p.sku for group in batch for p in group])
            for group in batch:
                accepted += self._set_product(group, existing)
        return accepted

    def _existing(self, skus: list[str]) -> dict[str, tuple[str, str]]:
        """SKU → (variant GID, product GID) of the SKUs already on the store."""
        found: dict[str, tuple[str, str]] = {}
        unique = list(dict.fromkeys(skus))
        for start in range(0, len(unique), LOOKUPS_PER_CALL):
            chunk = unique[start : start + LOOKUPS_PER_CALL]
            data = self.client.run(costs.variants_by_sku([costs.sku_search(s) for s in chunk]))
            for index, sku in enumerate(chunk):
                for node in data[f"s{index}"]["nodes"]:
                    if node["sku"] == sku:
                        found[sku] = (node["id"], node["product"]["id"])
        return found

    def _set_product(self, group: list[ProductData], existing: dict[str, tuple[str, str]]) -> int:
        product_ids = [existing[p.sku][1] for p in group if p.sku in existing]
        product_id = product_ids[0] if product_ids else None
        known = {
            p.sku: existing[p.sku][0]
            for p in group
            if existing.get(p.sku, ("", ""))[1] == product_id
        }
        data = self.client.run(costs.product_set(product_input(group, product_id, known)))
        result = data["productSet"]
        skus = ", ".join(p.sku for p in group)
        if result["userErrors"]:
            messages = "; ".join(e["message"] for e in result["userErrors"][:3])
            self.report(
                Notice("warning", f"Shopify refused the product of SKU(s) {skus}: {messages}.")
            )
            return 0
        self._set_weights(group, result["product"]["variants"]["nodes"])
        return len(group)

    def _set_weights(self, group: list[ProductData], variants: list[dict]) -> None:
        wanted = {p.sku: p.weight_g for p in group if p.weight_g is not None}
        updates = []
        for variant in variants:
            grams = wanted.get(variant["sku"])
            item = variant["inventoryItem"]
            if grams is not None and grams_of(item) != grams:
                updates.append((item["id"], {"unit": "GRAMS", "value": float(grams)}))
        for start in range(0, len(updates), WEIGHTS_PER_CALL):
            data = self.client.run(
                costs.inventory_items_update(updates[start : start + WEIGHTS_PER_CALL])
            )
            refused = [r for r in data.values() if r["userErrors"]]
            for result in refused:
                message = result["userErrors"][0]["message"]
                self.report(Notice("warning", f"Shopify refused a variant's weight: {message}."))


def grams_of(item: dict | None) -> Decimal | None:
    """An inventory item's weight in grams (None when Shopify has none)."""
    weight = ((item or {}).get("measurement") or {}).get("weight")
    if not weight or weight.get("value") is None:
        return None
    try:
        grams = Decimal(str(weight["value"])) * GRAMS_PER[weight["unit"]]
    except (InvalidOperation, KeyError):
        return None
    return grams.quantize(Decimal("0.01")).normalize()


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def product_data(product: dict, variant: dict) -> ProductData:
    title = variant.get("title") or ""
    return ProductData(
        sku=variant["sku"].strip(),
        name=product["title"],
        variant_name="" if title == DEFAULT_TITLE else title,
        description=product.get("descriptionHtml") or "",
        barcode=variant.get("barcode") or "",
        weight_g=grams_of(variant.get("inventoryItem")),
        price=_decimal(variant.get("price")),
        product_ref=product["id"],
    )


def option_values(group: list[ProductData]) -> tuple[str, list[str]]:
    """The option name and one distinct value per variant: the variant names (their SKU when
    a name is missing or repeated); a lone nameless variant is Shopify's default title."""
    if len(group) == 1 and not group[0].variant_name:
        return "Title", [DEFAULT_TITLE]
    values, seen = [], set()
    for product in group:
        value = product.variant_name or product.sku
        if value in seen:
            value = product.sku
        seen.add(value)
        values.append(value)
    return "Variant", values


def product_input(group: list[ProductData], product_id: str | None, known: dict) -> dict:
    """The ``ProductSetInput`` of one product: its fields and its whole set of variants."""
    first = group[0]
    option, values = option_values(group)
    variants = []
    for product, value in zip(group, values, strict=True):
        variant = {
            "optionValues": [{"optionName": option, "name": value}],
            "sku": product.sku,
            "barcode": product.barcode or None,
        }
        if product.price is not None:
            variant["price"] = str(product.price)
        if product.sku in known:
            variant["id"] = known[product.sku]
        variants.append(variant)
    data = {
        "title": first.name,
        "descriptionHtml": first.description,
        "productOptions": [{"name": option, "values": [{"name": v} for v in values]}],
        "variants": variants,
    }
    if product_id:
        data["id"] = product_id
    else:
        data["status"] = "ACTIVE"
    return data
