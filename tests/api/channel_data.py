"""Channels and SKU mappings for the channel API tests, on top of the ``shop`` fixture.

Rows are written directly, like tests/factories.py; the tests call the API under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from openoms.activity.models import Event
from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, ChannelWarehouse, SkuMapping, WarehouseMapping
from openoms.tenancy.models import Account, MasterProductSource
from tests.api.helpers import API

if TYPE_CHECKING:
    from tests.api.conftest import Shop

SECRET = "shpat_TOPSECRET_0042"  # the store's access token: never in any answer
THREEPL_SECRET = "sb_pat_TOPSECRET_7"
CSV_HEADER = "SKU,Channel SKU\r\n"


@dataclass
class Outlets:
    """Our sales channel ``store`` (2 mappings, 2 warehouse mappings), our disabled ``legacy``
    store, our fulfillment ``threepl`` (serves TOR-1 and MTL-1), and the other account's
    ``theirs`` (1 mapping)."""

    shop: Shop
    store: Channel
    legacy: Channel
    threepl: Channel
    theirs: Channel


def make_channel(account: Account, name: str, kind: str, type: str = "sales", **fields) -> Channel:
    return Channel.objects.create(account=account, name=name, kind=kind, type=type, **fields)


def map_sku(channel: Channel, channel_sku: str, variant) -> SkuMapping:
    return SkuMapping.objects.create(
        account=channel.account, channel=channel, channel_sku=channel_sku, variant=variant
    )


def mappings_state() -> list[tuple]:
    """Every mapping of every channel: compare before/after a refusal."""
    rows = SkuMapping.objects.order_by("pk")
    return list(rows.values_list("pk", "channel_id", "channel_sku", "variant_id", "updated_at"))


def sync_state() -> tuple[list[dict], list[tuple], list[tuple], int]:
    """Channels, mappings, variants and the number of events: compare before/after a refusal."""
    variants = ProductVariant.objects.order_by("pk").values_list("pk", "sku", "name", "price")
    channels = list(Channel.objects.order_by("pk").values())
    return channels, mappings_state(), list(variants), Event.objects.count()


@pytest.fixture
def outlets(shop, other_tenant) -> Outlets:
    account, warehouses, variants = shop.account, shop.warehouses, shop.variants
    store = make_channel(
        account,
        "Acme Shopify",
        "shopify",
        credentials={"shop_domain": "acme.myshopify.com", "access_token": SECRET},
    )
    legacy = make_channel(account, "Legacy Store", "sandbox_sales", is_enabled=False, is_beta=False)
    threepl = make_channel(
        account, "Acme ShipBob", "shipbob", "fulfillment", credentials={"api_token": THREEPL_SECRET}
    )
    theirs = make_channel(other_tenant.account, "Globex Shop", "sandbox_sales")
    for code in ("TOR-1", "MTL-1"):
        ChannelWarehouse.objects.create(channel=threepl, warehouse=warehouses[code])
    WarehouseMapping.objects.create(channel=store, warehouse=warehouses["TOR-1"], external_id="101")
    WarehouseMapping.objects.create(channel=store, warehouse=warehouses["CA-ALL"], external_id="7")
    variants["TEE-RED-M"].name = "Red / M"
    variants["TEE-RED-M"].save(update_fields=["name"])
    map_sku(store, "SHOP-TEE", variants["TEE-RED-M"])
    map_sku(store, "SHOP BAG 1", variants["BAG/ONE SIZE"])
    map_sku(theirs, "G-TEE", shop.other_variants["TEE-RED-M"])
    return Outlets(shop=shop, store=store, legacy=legacy, threepl=threepl, theirs=theirs)


def post_csv(client, channel: Channel, content: str | bytes, key: str, **headers: str):
    """POST ``content`` as the body of the channel's SKU mapping import (``text/csv``)."""
    return client.post(
        f"{API}/channels/{channel.pk}/sku-mappings/import",
        data=content,
        content_type="text/csv",
        headers={"X-API-Key": key, **headers},
    )


@pytest.fixture
def master(outlets) -> Channel:
    """A sandbox store, the Master Product Channel (the account's source: Sales Channel)."""
    account = outlets.shop.account
    account.master_product_source = MasterProductSource.SALES_CHANNEL
    account.save()
    return make_channel(
        account,
        "Sandbox Master",
        "sandbox_sales",
        is_product_master=True,
        credentials={"store_name": "acme-sandbox"},
    )
