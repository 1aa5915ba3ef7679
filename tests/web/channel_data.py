"""Builders of the channel page tests: channels, SKU mappings, their addresses and page text.

Rows are written directly, like tests/factories.py; the tests use the pages under test.
"""

from __future__ import annotations

from openoms.automation.services.jobs import jobs_ensure
from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, SkuMapping
from openoms.tenancy.models import Account

SECRET = "shpat_web_SECRET_4242"  # a store's access token: never on any page once saved


def make_channel(
    account: Account, name: str, kind: str = "sandbox_sales", type: str = "sales", **fields
) -> Channel:
    """A channel row with the job rows it and its account get when created
    (``automation.services.setup``)."""
    fields.setdefault("credentials", {"store_name": "demo"} if kind == "sandbox_sales" else {})
    channel = Channel.objects.create(account=account, name=name, kind=kind, type=type, **fields)
    jobs_ensure(account)
    return channel


def make_store(account: Account, name: str = "Acme Shopify", **fields) -> Channel:
    """A Shopify store whose access token is ``SECRET``."""
    credentials = {"shop_domain": "acme.myshopify.com", "access_token": SECRET}
    return make_channel(account, name, "shopify", credentials=credentials, **fields)


def map_sku(channel: Channel, channel_sku: str, variant: ProductVariant) -> SkuMapping:
    return SkuMapping.objects.create(
        account=channel.account, channel=channel, channel_sku=channel_sku, variant=variant
    )


def channel_url(channel: Channel, tail: str = "") -> str:
    return f"/{channel.type}-channels/{channel.pk}/{tail}"


def mappings_of(channel: Channel) -> dict[str, str]:
    """The channel's mappings as {channel SKU: OpenOMS SKU}."""
    rows = SkuMapping.objects.filter(channel=channel).values_list("channel_sku", "variant__sku")
    return dict(rows)
