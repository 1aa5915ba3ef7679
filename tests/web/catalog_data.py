"""Helpers of the catalog and inventory page tests: posted forms, page text, stock to look at."""

from __future__ import annotations

import html

from openoms.catalog.models import ProductVariant
from openoms.tenancy.models import Account
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level

VARIANT_FIELDS = ("sku", "name", "barcode", "weight", "length", "width", "height", "price")


def text(response) -> str:
    """The page's HTML with entities decoded, to compare with the services' messages."""
    return html.unescape(response.content.decode())


def product_post(name: str = "Trail Tee", status: str = "active", *variants: dict) -> dict:
    """The product form as a browser posts it: ``variants-<n>-<field>`` per row."""
    data = {"name": name, "description": "", "status": status}
    for index, variant in enumerate(variants):
        for field in (*VARIANT_FIELDS, "id"):
            if field in variant or field != "id":
                data[f"variants-{index}-{field}"] = str(variant.get(field, ""))
    return data


def stored_variant(account: Account, sku: str) -> ProductVariant:
    return ProductVariant.objects.get(account=account, sku=sku)


def east_setup(tenant) -> dict:
    """TOR-1 and MTL-1 (physical) and EAST (virtual of both), none enabled yet."""
    org = tenant.organization
    tor, mtl = make_warehouse(org, "TOR-1"), make_warehouse(org, "MTL-1")
    east = make_warehouse(org, "EAST", kind="virtual", members=[tor, mtl])
    return {"TOR-1": tor, "MTL-1": mtl, "EAST": east}


def stocked(tenant) -> dict:
    """EAST and its members enabled for ``tenant.account``; SKU-1 has 10 at TOR-1 and 4 at
    MTL-1, SKU-2 has -3 available at TOR-1 (0 on hand, 3 allocated)."""
    warehouses = east_setup(tenant)
    enable(tenant.account, *warehouses.values())
    variants = make_variants(tenant.account, "SKU-1", "SKU-2", product_name="Trail Tee")
    set_level(tenant.account, variants["SKU-1"], warehouses["TOR-1"], 10)
    set_level(tenant.account, variants["SKU-1"], warehouses["MTL-1"], 4)
    short = set_level(tenant.account, variants["SKU-2"], warehouses["TOR-1"], 0)
    short.allocated = 3
    short.save()
    return {"warehouses": warehouses, "variants": variants}
