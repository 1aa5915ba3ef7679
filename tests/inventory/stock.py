"""Builders and fixtures for the inventory write tests (levels, bulk, import, ledger check).

Rows are written directly, like tests/factories.py; the tests call the services under test.
``tests/inventory/conftest.py`` makes the ``stock`` fixture available to the tests here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from openoms.catalog.models import Product, ProductVariant
from openoms.inventory.models import (
    AccountWarehouse,
    InventoryLevel,
    InventoryMovement,
    Warehouse,
    WarehouseMember,
)
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, Organization
from openoms.tenancy.roles import Role
from tests.factories import Tenant


def make_warehouse(
    organization: Organization, code: str, *, kind: str = "physical", members=()
) -> Warehouse:
    warehouse = Warehouse.objects.create(
        organization=organization, code=code, name=f"Warehouse {code}", kind=kind
    )
    for member in members:
        WarehouseMember.objects.create(virtual=warehouse, physical=member)
    return warehouse


def enable(account: Account, *warehouses: Warehouse) -> None:
    for warehouse in warehouses:
        AccountWarehouse.objects.create(account=account, warehouse=warehouse)


def make_variants(account: Account, *skus: str, product_name: str = "Tee") -> dict:
    product = Product.objects.create(account=account, name=product_name)
    return {
        sku: ProductVariant.objects.create(account=account, product=product, sku=sku)
        for sku in skus
    }


def set_level(account: Account, variant, warehouse, total: int) -> InventoryLevel:
    """A level with a matching opening movement (the ledger adds up)."""
    level = InventoryLevel.objects.create(
        account=account, variant=variant, warehouse=warehouse, total=total
    )
    if total:
        InventoryMovement.objects.create(
            account=account,
            level=level,
            change=total,
            resulting=total,
            trigger="import_inventory_level",
            actor_label="test",
        )
    return level


def snapshot() -> tuple[list[tuple], int]:
    """Every level's quantities and the number of movements: compare before/after a refusal."""
    levels = InventoryLevel.objects.order_by("pk").values_list(
        "pk", "warehouse__code", "variant__sku", "total", "allocated", "on_hold", "incoming"
    )
    return list(levels), InventoryMovement.objects.count()


def levels_by_key(account: Account) -> dict[tuple[str, str], int]:
    rows = InventoryLevel.objects.filter(account=account).values_list(
        "warehouse__code", "variant__sku", "total"
    )
    return {(code, sku): total for code, sku, total in rows}


@dataclass
class Stock:
    tenant: Tenant
    account: Account
    actor: Actor
    warehouses: dict[str, Warehouse]
    variants: dict[str, ProductVariant]


@pytest.fixture
def stock(tenant, other_tenant) -> Stock:
    """Physical A and B and virtual V (A + B) enabled for the account; D exists but is not
    enabled; the other organization has C (enabled there) and its own SKU "THEIRS"."""
    org = tenant.organization
    a, b = make_warehouse(org, "A"), make_warehouse(org, "B")
    v = make_warehouse(org, "WH-V", kind="virtual", members=[a, b])
    d = make_warehouse(org, "D")
    enable(tenant.account, a, b, v)
    c = make_warehouse(other_tenant.organization, "C")
    enable(other_tenant.account, c)
    make_variants(other_tenant.account, "THEIRS", "SKU-1")
    variants = make_variants(tenant.account, "SKU-1", "SKU-2", "SKU-3")
    return Stock(
        tenant=tenant,
        account=tenant.account,
        actor=Actor.for_user(tenant.user(Role.ACCOUNT_USER)),
        warehouses={"A": a, "B": b, "WH-V": v, "D": d, "C": c},
        variants=variants,
    )
