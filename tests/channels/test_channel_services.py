import pytest

from openoms.catalog.services.products import product_create
from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.channels.services.channels import (
    channel_create,
    channel_served_warehouses_set,
    channel_update,
)
from openoms.channels.services.sku_mappings import (
    UnknownSku,
    sku_mapping_delete,
    sku_mapping_save,
    sku_translate,
)
from openoms.channels.services.warehouse_mappings import warehouse_mapping_save
from openoms.core.errors import NotFound, PermissionDenied, ValidationFailed
from openoms.inventory.services.warehouses import account_warehouses_update, warehouse_create
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role


def admin(tenant) -> Actor:
    return Actor.for_user(tenant.user(Role.ACCOUNT_ADMINISTRATOR))


@pytest.fixture
def store(tenant):
    return channel_create(
        actor=admin(tenant),
        account=tenant.account,
        type="sales",
        kind="shopify",
        name="Main store",
        credentials={"shop_domain": "acme.myshopify.com", "access_token": "shpat_secret_123"},
    )


@pytest.fixture
def catalog(tenant):
    product = product_create(
        actor=Actor.system(),
        account=tenant.account,
        name="Tee",
        variants=[{"sku": "TEE-S"}, {"sku": "TEE-M"}],
    )
    return {v.sku: v for v in product.variants.all()}


def test_create_checks_kind_against_type_and_credentials(tenant):
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        channel_create(
            actor=admin(tenant),
            account=tenant.account,
            type="sales",
            kind="shipbob",
            name="X",
            credentials={},
        )
    assert list(raised.value.errors) == ["kind"]
    with pytest.raises(ValidationFailed) as raised:
        channel_create(
            actor=admin(tenant),
            account=tenant.account,
            type="sales",
            kind="shopify",
            name="X",
            credentials={"access_token": "shpat_x"},
        )
    assert raised.value.errors == {"credentials.shop_domain": "Shop Domain is required."}
    assert not Channel.objects.exists()


def test_an_empty_secret_keeps_the_stored_one(store, tenant):
    # when
    channel_update(
        actor=admin(tenant),
        channel=store,
        values={"credentials": {"shop_domain": "new.myshopify.com", "access_token": ""}},
    )
    # then
    store.refresh_from_db()
    assert store.credentials == {
        "shop_domain": "new.myshopify.com",
        "access_token": "shpat_secret_123",
    }


def test_disabled_channels_carry_the_suffix(store, tenant):
    # when
    channel_update(actor=admin(tenant), channel=store, values={"is_enabled": False})
    # then
    store.refresh_from_db()
    assert store.display_name == "Main store (disabled)"


def test_account_users_cannot_manage_channels(tenant, store):
    # when / then
    with pytest.raises(PermissionDenied):
        channel_update(
            actor=Actor.for_user(tenant.user(Role.ACCOUNT_USER)),
            channel=store,
            values={"name": "Hijacked"},
        )
    store.refresh_from_db()
    assert store.name == "Main store"


def test_channel_names_are_unique_in_the_account(tenant, store):
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        channel_create(
            actor=admin(tenant),
            account=tenant.account,
            type="sales",
            kind="sandbox_sales",
            name="main STORE",
            credentials={"store_name": "x"},
        )
    assert raised.value.errors == {"name": "The account already has a channel with this name."}


def test_sku_mapping_translates_and_falls_back_to_the_same_sku(tenant, store, catalog):
    # given
    sku_mapping_save(actor=admin(tenant), channel=store, channel_sku="shop-tee-small", sku="TEE-S")
    # then
    assert sku_translate(channel=store, channel_sku="shop-tee-small").sku == "TEE-S"
    assert sku_translate(channel=store, channel_sku="TEE-M").sku == "TEE-M"
    with pytest.raises(UnknownSku) as raised:
        sku_translate(channel=store, channel_sku="tee-m")
    assert raised.value.errors == {
        "sku": "Unknown SKU 'tee-m' on channel 'Main store': map it under SKU Mappings or create it in OpenOMS."
    }


def test_saving_again_repoints_the_mapping(tenant, store, catalog):
    # given
    sku_mapping_save(actor=admin(tenant), channel=store, channel_sku='A,"1"', sku="TEE-S")
    # when
    sku_mapping_save(actor=admin(tenant), channel=store, channel_sku='A,"1"', sku="TEE-M")
    # then
    mapping = SkuMapping.objects.get()
    assert (mapping.channel_sku, mapping.variant.sku) == ('A,"1"', "TEE-M")


@pytest.mark.parametrize(
    ("channel_sku", "sku", "field"),
    [
        (" padded", "TEE-S", "channel_sku"),
        ("", "TEE-S", "channel_sku"),
        ("ok", "NOPE", "sku"),
        ("tab\there", "TEE-S", "channel_sku"),
    ],
)
def test_bad_mappings_are_refused(tenant, store, catalog, channel_sku, sku, field):
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        sku_mapping_save(actor=admin(tenant), channel=store, channel_sku=channel_sku, sku=sku)
    assert list(raised.value.errors) == [field]
    assert not SkuMapping.objects.exists()


def test_another_tenants_sku_is_unknown(tenant, other_tenant, store):
    # given a SKU that exists only in the other organization
    product_create(
        actor=Actor.system(),
        account=other_tenant.account,
        name="Theirs",
        variants=[{"sku": "THEIRS"}],
    )
    # when / then
    with pytest.raises(ValidationFailed):
        sku_mapping_save(actor=admin(tenant), channel=store, channel_sku="x", sku="THEIRS")
    with pytest.raises(NotFound):
        sku_mapping_delete(
            actor=Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER)),
            channel=store,
            channel_sku="x",
        )


def test_warehouses_served_and_mapped(tenant, store):
    # given
    system = Actor.system()
    warehouse_create(
        actor=system, organization=tenant.organization, code="TOR-1", name="T", kind="physical"
    )
    warehouse_create(
        actor=system, organization=tenant.organization, code="MTL-1", name="M", kind="physical"
    )
    account_warehouses_update(actor=system, account=tenant.account, enabled_codes=["TOR-1"])
    tpl = channel_create(
        actor=admin(tenant),
        account=tenant.account,
        type="fulfillment",
        kind="sandbox_fulfillment",
        name="3PL",
        credentials={"warehouse_name": "x"},
    )
    # when / then
    assert channel_served_warehouses_set(
        actor=admin(tenant), channel=tpl, warehouse_codes=["tor-1"]
    ) == ["TOR-1"]
    with pytest.raises(ValidationFailed):
        channel_served_warehouses_set(actor=admin(tenant), channel=tpl, warehouse_codes=["MTL-1"])
    warehouse_mapping_save(
        actor=admin(tenant),
        channel=store,
        warehouse_code="TOR-1",
        external_id="gid://shopify/Location/1",
    )
    with pytest.raises(ValidationFailed) as raised:
        warehouse_mapping_save(
            actor=admin(tenant), channel=store, warehouse_code="MTL-1", external_id="x"
        )
    assert list(raised.value.errors) == ["warehouse"]
    assert list(WarehouseMapping.objects.values_list("warehouse__code", "external_id")) == [
        ("TOR-1", "gid://shopify/Location/1")
    ]
