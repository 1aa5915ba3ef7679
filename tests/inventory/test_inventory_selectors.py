import pytest

from openoms.catalog.services.products import product_create
from openoms.core.errors import NotFound
from openoms.inventory.models import InventoryLevel
from openoms.inventory.selectors import inventory_rows, variant_inventory
from openoms.inventory.services.warehouses import account_warehouses_update, warehouse_create
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role


@pytest.fixture
def stocked(tenant):
    system = Actor.system()
    org = tenant.organization
    for code in ("TOR-1", "MTL-1", "VAN-1"):
        warehouse_create(actor=system, organization=org, code=code, name=code, kind="physical")
    warehouse_create(
        actor=system,
        organization=org,
        code="EAST",
        name="East",
        kind="virtual",
        members=["TOR-1", "MTL-1"],
    )
    account_warehouses_update(
        actor=system, account=tenant.account, enabled_codes=["TOR-1", "MTL-1", "EAST"]
    )
    product = product_create(
        actor=system, account=tenant.account, name="Tee", variants=[{"sku": "A"}, {"sku": "B"}]
    )
    a, b = product.variants.order_by("sku")
    warehouses = {w.code: w for w in tenant.organization.warehouses.all()}
    for variant, code, total, allocated in [
        (a, "TOR-1", 10, 2),
        (a, "MTL-1", 5, 0),
        (b, "TOR-1", 1, 4),
        (a, "VAN-1", 99, 0),
    ]:
        InventoryLevel.objects.create(
            account=tenant.account,
            variant=variant,
            warehouse=warehouses[code],
            total=total,
            allocated=allocated,
        )
    return a, b


def actor(tenant):
    return Actor.for_user(tenant.user(Role.ACCOUNT_USER))


def test_physical_rows_of_enabled_warehouses_only(tenant, stocked):
    # when
    rows = list(inventory_rows(actor(tenant), tenant.account))
    # then VAN-1 (not enabled for the account) is left out
    assert [
        (r["variant__sku"], r["warehouse__code"], r["total"], r["available"]) for r in rows
    ] == [("A", "MTL-1", 5, 5), ("A", "TOR-1", 10, 8), ("B", "TOR-1", 1, -3)]


def test_a_virtual_warehouse_is_the_sum_of_its_members(tenant, stocked):
    # when
    rows = list(inventory_rows(actor(tenant), tenant.account, warehouse_code="EAST"))
    # then
    assert [(r["variant__sku"], r["total"], r["allocated"], r["available"]) for r in rows] == [
        ("A", 15, 2, 13),
        ("B", 1, 4, -3),
    ]
    assert "warehouse__code" not in rows[0]


def test_filters(tenant, stocked):
    # then
    negative = inventory_rows(actor(tenant), tenant.account, only_negative=True)
    assert [r["variant__sku"] for r in negative] == ["B"]
    assert [
        r["warehouse__code"] for r in inventory_rows(actor(tenant), tenant.account, sku="A")
    ] == ["MTL-1", "TOR-1"]
    with pytest.raises(NotFound):
        list(inventory_rows(actor(tenant), tenant.account, warehouse_code="VAN-1"))


def test_variant_inventory_across_warehouses(tenant, stocked):
    # given
    a, _ = stocked
    # when
    rows = {
        r["warehouse"].code: (r["total"], r["available"])
        for r in variant_inventory(actor(tenant), tenant.account, a.pk)
    }
    # then
    assert rows == {"MTL-1": (5, 5), "TOR-1": (10, 8), "EAST": (15, 13)}


def test_another_tenant_sees_nothing(tenant, other_tenant, stocked):
    # when / then
    with pytest.raises(NotFound):
        list(
            inventory_rows(
                Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER)), tenant.account
            )
        )
