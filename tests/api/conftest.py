"""Catalog and stock for the products, warehouses and inventory API tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from openoms.catalog.models import ProductVariant
from openoms.inventory.models import Warehouse
from openoms.tenancy.models import Account
from tests.api.channel_data import master, outlets  # noqa: F401
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level


@dataclass
class Shop:
    """Our account's warehouses and variants, and the other organization's."""

    account: Account
    warehouses: dict[str, Warehouse]
    variants: dict[str, ProductVariant]
    other_variants: dict[str, ProductVariant]


@pytest.fixture
def shop(tenant, other_tenant) -> Shop:
    """Physical TOR-1 and MTL-1 and virtual CA-ALL (both) enabled for our account; VAN-1 exists
    but is not enabled; the other organization has NYC-1 and its own TEE-RED-M.

    Levels: TEE-RED-M 10 in TOR-1 and 4 in MTL-1 (1 allocated), "BAG/ONE SIZE" 3 in TOR-1.
    """
    org = tenant.organization
    tor, mtl = make_warehouse(org, "TOR-1"), make_warehouse(org, "MTL-1")
    ca = make_warehouse(org, "CA-ALL", kind="virtual", members=[tor, mtl])
    van = make_warehouse(org, "VAN-1")
    enable(tenant.account, tor, mtl, ca)
    nyc = make_warehouse(other_tenant.organization, "NYC-1")
    enable(other_tenant.account, nyc)
    other = make_variants(other_tenant.account, "TEE-RED-M", "THEIRS-1", product_name="Globex Tee")
    set_level(other_tenant.account, other["TEE-RED-M"], nyc, 50)
    variants = make_variants(tenant.account, "TEE-RED-M", "BAG/ONE SIZE", "MUG-1")
    set_level(tenant.account, variants["TEE-RED-M"], tor, 10)
    mtl_level = set_level(tenant.account, variants["TEE-RED-M"], mtl, 4)
    mtl_level.allocated = 1
    mtl_level.save()
    set_level(tenant.account, variants["BAG/ONE SIZE"], tor, 3)
    return Shop(
        account=tenant.account,
        warehouses={"TOR-1": tor, "MTL-1": mtl, "CA-ALL": ca, "VAN-1": van, "NYC-1": nyc},
        variants=variants,
        other_variants=other,
    )
