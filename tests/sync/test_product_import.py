"""Import Products from the Master Product Channel (seed 000, spec §3.8)."""

from decimal import Decimal

import pytest

from openoms.activity.models import Event
from openoms.catalog.models import Product, ProductVariant
from openoms.channels.models import Channel
from openoms.connectors.registry import CONNECTORS, Planned
from openoms.core.capabilities import STORE_CAPABILITIES
from openoms.core.errors import Conflict, NotFound
from openoms.sync.pipeline import sync_start
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.sync.conftest import event_lines, make_channel, make_master
from tests.sync.runs import sync_now

MASTER_MOVED = ("info", "Import Products is now allowed only on Demo Store.")
DUPLICATE = ("warning", "Duplicate SKU SBX-STKR in the master catalog: skipped.")

IMPORT, EXPORT = "import_products", "export_products"


def catalog(account) -> list[tuple]:
    return list(
        ProductVariant.objects.filter(account=account)
        .order_by("sku")
        .values_list("product__name", "product__description", "sku", "name", "price", "weight_g")
    )


def test_import_creates_the_masters_products_and_skips_the_duplicate_sku(tenant, actor, master):
    # when
    result = sync_now(master, IMPORT, actor)
    # then 25 SKUs in 11 products are created; both listings of SBX-STKR are skipped
    assert result.counts == {"created": 25, "updated": 0, "unchanged": 0, "skipped": 2}
    assert Product.objects.filter(account=tenant.account).count() == 11
    assert not ProductVariant.objects.filter(sku="SBX-STKR").exists()
    tee = [row for row in catalog(tenant.account) if row[2].startswith("SBX-TEE-")]
    assert tee == [
        (
            "Organic Cotton Tee",
            "A soft tee of organic cotton.",
            sku,
            size,
            Decimal("23.99"),
            Decimal("180.000"),
        )
        for sku, size in [
            ("SBX-TEE-L", "L"),
            ("SBX-TEE-M", "M"),
            ("SBX-TEE-S", "S"),
            ("SBX-TEE-XL", "XL"),
        ]
    ]
    assert event_lines(tenant.account) == [
        MASTER_MOVED,
        DUPLICATE,
        ("info", "Import Products from Demo Store: 25 created, 0 updated, 0 unchanged, 2 skipped."),
    ]
    warning = Event.objects.get(level="warning")
    assert (warning.entity_type, warning.entity_id, warning.channel_id, warning.actor_label) == (
        "sku",
        "SBX-STKR",
        master.pk,
        actor.label,
    )


def test_importing_again_reports_every_sku_unchanged(tenant, actor, master):
    # given
    sync_now(master, IMPORT, actor)
    before = catalog(tenant.account)
    # when
    result = sync_now(master, IMPORT, actor)
    # then
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 25, "skipped": 2}
    assert catalog(tenant.account) == before
    assert event_lines(tenant.account)[-2:] == [
        DUPLICATE,
        ("info", "Import Products from Demo Store: 0 created, 0 updated, 25 unchanged, 2 skipped."),
    ]


def test_importing_again_restores_what_the_master_says(tenant, actor, master):
    # given a price and a product name changed in OpenOMS's database behind the master's back
    sync_now(master, IMPORT, actor)
    before = catalog(tenant.account)
    ProductVariant.objects.filter(sku="SBX-TEE-S").update(price=Decimal("1.00"))
    Product.objects.filter(name="Zip Hoodie").update(name="Hoodie (renamed)")
    # when
    result = sync_now(master, IMPORT, actor)
    # then the tee variant and the hoodie's 3 SKUs are updated, the rest is unchanged
    assert result.counts == {"created": 0, "updated": 4, "unchanged": 21, "skipped": 2}
    assert catalog(tenant.account) == before


def test_a_new_sku_of_the_master_joins_its_existing_product(tenant, actor, master):
    # given
    sync_now(master, IMPORT, actor)
    tee = Product.objects.get(account=tenant.account, name="Organic Cotton Tee")
    ProductVariant.objects.filter(sku="SBX-TEE-XL").delete()
    # when
    result = sync_now(master, IMPORT, actor)
    # then
    assert result.counts == {"created": 1, "updated": 0, "unchanged": 24, "skipped": 2}
    assert ProductVariant.objects.get(sku="SBX-TEE-XL").product_id == tee.pk
    assert Product.objects.filter(account=tenant.account).count() == 11


def test_a_channel_that_is_not_the_master_may_not_import(tenant, actor, master):
    # given
    other = make_channel(tenant.account, "Other Store")
    events_before = event_lines(tenant.account)
    # when
    with pytest.raises(Conflict) as refused:
        sync_start(actor=actor, channel=other, job_type=IMPORT)
    # then
    assert refused.value.message == (
        "Only the Master Product Channel (Demo Store) imports products (Account → Workflow Settings)."
    )
    assert not Product.objects.filter(account=tenant.account).exists()
    assert event_lines(tenant.account) == events_before


def test_no_channel_imports_while_openoms_is_the_source(tenant, actor, store):
    # when
    with pytest.raises(Conflict) as refused:
        sync_start(actor=actor, channel=store, job_type=IMPORT)
    # then
    assert refused.value.message == (
        "OpenOMS is this account's Master Product Source: products are created in OpenOMS "
        "and exported to the channels, never imported."
    )
    assert not Product.objects.filter(account=tenant.account).exists()
    assert event_lines(tenant.account) == []


def test_a_kind_that_cannot_import_products_is_refused(tenant, actor):
    # given a sandbox 3PL flagged master behind the settings' back (the settings refuse it)
    tpl = make_channel(tenant.account, "Sandbox 3PL", kind="sandbox_fulfillment")
    Channel.objects.filter(pk=tpl.pk).update(is_product_master=True)
    tenant.account.master_product_source = "fulfillment_channel"
    tenant.account.save()
    # when
    with pytest.raises(Conflict) as refused:
        sync_start(actor=actor, channel=tpl, job_type=IMPORT)
    # then
    assert refused.value.message == "Sandbox 3PL channels cannot import products."
    assert not Product.objects.filter(account=tenant.account).exists()


def test_a_disabled_master_syncs_nothing_and_says_so(tenant, actor, master):
    # given
    Channel.objects.filter(pk=master.pk).update(is_enabled=False)
    # when
    result = sync_now(master, IMPORT, actor)
    # then
    reason = "Import Products of Demo Store was skipped: the channel Demo Store is disabled."
    assert (result.status, result.summary) == ("skipped", reason)
    assert not Product.objects.filter(account=tenant.account).exists()
    assert event_lines(tenant.account) == [MASTER_MOVED, ("warning", reason)]


def test_a_kind_without_a_connector_yet_imports_nothing(tenant, actor, monkeypatch):
    # given a Shopify store as master, its connector still planned
    monkeypatch.setitem(CONNECTORS, "shopify", Planned("Shopify", STORE_CAPABILITIES))
    shop = make_master(make_channel(tenant.account, "Shop", kind="shopify"))
    # when
    result = sync_now(shop, IMPORT, actor)
    # then
    reason = (
        "Import Products of Shop was skipped: The Shopify connector arrives in a later release. "
        "Nothing was done."
    )
    assert (result.status, result.summary) == ("skipped", reason)
    assert not Product.objects.filter(account=tenant.account).exists()
    assert event_lines(tenant.account)[-1] == ("warning", reason)


def test_another_tenant_cannot_import(tenant, other_tenant, master):
    # given
    stranger = Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER))
    # when / then
    with pytest.raises(NotFound) as hidden:
        sync_now(master, IMPORT, stranger)
    assert hidden.value.message == "Channel not found."
    assert not Product.objects.exists()
    assert event_lines(tenant.account) == [MASTER_MOVED]
