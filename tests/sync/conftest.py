"""Fixtures of the product sync tests: sandbox channels and a Master Product Channel."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.channels.models import Channel
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role
from openoms.tenancy.services.accounts import account_update_settings

SOURCE_OF_TYPE = {"sales": "sales_channel", "fulfillment": "fulfillment_channel"}
CREDENTIALS = {
    "sandbox_sales": "store_name",
    "sandbox_fulfillment": "warehouse_name",
    "shopify": "shop_domain",
}


def make_channel(
    account: Account, name: str, *, kind: str = "sandbox_sales", enabled: bool = True
) -> Channel:
    """A channel row (builders write rows; the channel services have their own tests)."""
    kind_type = "fulfillment" if kind in ("sandbox_fulfillment", "shipbob") else "sales"
    return Channel.objects.create(
        account=account,
        type=kind_type,
        kind=kind,
        name=name,
        is_enabled=enabled,
        credentials={CREDENTIALS.get(kind, "channel_id"): name},
    )


def make_master(channel: Channel) -> Channel:
    """Make ``channel`` the account's Master Product Channel, through the account settings."""
    account_update_settings(
        actor=Actor.system(),
        account=channel.account,
        values={
            "master_product_source": SOURCE_OF_TYPE[channel.type],
            "master_product_channel": str(channel.pk),
        },
        confirm_master_source_change=True,
    )
    return Channel.objects.select_related("account").get(pk=channel.pk)


def event_lines(account: Account) -> list[tuple[str, str]]:
    """The account's events, oldest first, as (level, message)."""
    return list(
        Event.objects.filter(account=account).order_by("id").values_list("level", "message")
    )


@pytest.fixture
def actor(tenant) -> Actor:
    return Actor.for_user(tenant.user(Role.ACCOUNT_USER))


@pytest.fixture
def store(tenant) -> Channel:
    """The sandbox store "Demo Store" (27 SKUs listed: 25 distinct, SBX-STKR twice)."""
    return make_channel(tenant.account, "Demo Store")


@pytest.fixture
def master(store) -> Channel:
    return make_master(store)
