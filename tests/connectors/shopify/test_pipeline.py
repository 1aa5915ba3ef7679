"""End to end through the one pipeline: a Shopify channel pointed at the emulator exports its
inventory, imports the master catalog and refreshes its authorization (Django DB tests)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.inventory.models import InventoryLevel
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.connectors.shopify_emulator import SHOP, TOKEN, item_of, location_of
from tests.inventory.stock import enable, make_variants, make_warehouse
from tests.sync.conftest import make_master
from tests.sync.runs import run_events, sync_now


@pytest.fixture
def actor(tenant) -> Actor:
    return Actor.for_user(tenant.user(Role.ACCOUNT_USER))


def shopify_channel(account, emulator) -> Channel:
    channel = Channel.objects.create(
        account=account,
        type="sales",
        kind="shopify",
        name="Shopify Store",
        credentials={"shop_domain": SHOP, "access_token": TOKEN},
        api_base_url=emulator.url,
    )
    return Channel.objects.select_related("account").get(pk=channel.pk)


def test_export_inventory_sets_the_values_on_the_store(tenant, actor, emulator, shop):
    # given warehouse A mapped to the emulator's Main location (by its numeric id), OpenOMS'
    # TEE-S and MUG mapped to the store's SH-S and MUG, with 6 and 2 available at A
    account = tenant.account
    main = location_of(shop, "Main")
    warehouse = make_warehouse(account.organization, "A")
    enable(account, warehouse)
    variants = make_variants(account, "TEE-S", "MUG")
    for sku, total, allocated in (("TEE-S", 10, 4), ("MUG", 2, 0)):
        InventoryLevel.objects.create(
            account=account,
            variant=variants[sku],
            warehouse=warehouse,
            total=total,
            allocated=allocated,
        )
    channel = shopify_channel(account, emulator)
    WarehouseMapping.objects.create(
        channel=channel, warehouse=warehouse, external_id=main.rsplit("/", 1)[1]
    )
    for channel_sku, sku in (("SH-S", "TEE-S"), ("MUG", "MUG")):
        SkuMapping.objects.create(
            account=account, channel=channel, channel_sku=channel_sku, variant=variants[sku]
        )
    # when
    run = sync_now(channel, "export_inventory", actor)
    # then the store holds OpenOMS' available quantities
    summary = "Export Inventory to Shopify Store: 2 sent, 0 unchanged, 0 skipped."
    counts = {"sent": 2, "unchanged": 0, "skipped": 0, "failed": 0}
    assert (run.status, run.counts, run.summary) == ("succeeded", counts, summary)
    assert emulator.available(item_of(shop, "SH-S"), main) == 6
    assert emulator.available(item_of(shop, "MUG"), main) == 2
    assert run_events(run) == [("info", summary)]


def test_import_products_reads_the_stores_catalog(tenant, actor, emulator, shop):
    # given the Shopify channel is the account's Master Product Channel
    master = make_master(shopify_channel(tenant.account, emulator))
    # when
    run = sync_now(master, "import_products", actor)
    # then its three SKUs are OpenOMS products
    assert (run.status, run.counts) == (
        "succeeded",
        {"created": 3, "updated": 0, "unchanged": 0, "skipped": 0},
    )
    rows = ProductVariant.objects.filter(account=tenant.account).order_by("sku")
    assert list(rows.values_list("product__name", "sku", "price", "weight_g")) == [
        ("Mug", "MUG", Decimal("9.00"), Decimal(300)),
        ("Shirt", "SH-M", Decimal("21.50"), None),
        ("Shirt", "SH-S", Decimal("20.00"), Decimal(250)),
    ]


def test_a_refused_token_fails_the_run_with_a_clear_error(tenant, emulator, shop):
    channel = shopify_channel(tenant.account, emulator)
    emulator.control("config", {"expire_token": TOKEN})
    run = sync_now(channel, "authorization_refresh")
    assert run.status == "failed"
    level, message = run_events(run)[-1]
    assert level == "error"
    assert message == (
        "Authorization Refresh Settings of Shopify Store stopped: Shopify refused the access token of "
        f"channel {channel.pk} (HTTP 401): update the Admin API access token in the channel's "
        "credentials (or give the app's client id and secret so OpenOMS can renew it)."
    )


def test_authorization_refresh_stores_a_new_token(tenant, emulator):
    # given a channel with the emulator app's client id and secret, and no token yet
    channel = shopify_channel(tenant.account, emulator)
    channel.credentials = {
        "shop_domain": SHOP,
        "client_id": "openoms-emulator-app",
        "client_secret": "shpss_emulator_secret",
    }
    channel.save(update_fields=["credentials"])
    # when
    run = sync_now(channel, "authorization_refresh")
    # then the token is stored (encrypted, with its expiry) and works
    assert (run.status, run.counts) == ("succeeded", {"refreshed": 1})
    stored = Channel.objects.get(pk=channel.pk).credentials
    assert stored["access_token"].startswith("shpat_")
    assert stored["access_token_expires_at"][:10] in run.summary
    assert emulator.data("query Check { shop { id } }", token=stored["access_token"]) == {
        "shop": {"id": "gid://shopify/Shop/1"}
    }


def test_export_products_creates_them_on_the_store(tenant, actor, emulator):
    # given OpenOMS is the product source, with a tee in two sizes
    variants = make_variants(tenant.account, "TEE-S", "TEE-M", product_name="Tee")
    ProductVariant.objects.filter(pk=variants["TEE-S"].pk).update(price=Decimal("19.50"))
    channel = shopify_channel(tenant.account, emulator)
    # when
    run = sync_now(channel, "export_products", actor)
    # then one product with both SKUs is on the store
    assert (run.status, run.counts) == ("succeeded", {"sent": 2})
    products = emulator.data(
        "query P { products(first: 5) { nodes { title variants(first: 5) { nodes { sku price } } } } }"
    )["products"]["nodes"]
    assert products == [
        {
            "title": "Tee",
            "variants": {
                "nodes": [{"sku": "TEE-M", "price": "0.00"}, {"sku": "TEE-S", "price": "19.50"}]
            },
        }
    ]
