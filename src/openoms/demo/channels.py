"""Demo channels: a sandbox store and a sandbox 3PL per account (one store stable, the others
beta), a disabled legacy store, and SKU and warehouse mappings. Idempotent: existing channels are
left as they are."""

from __future__ import annotations

from openoms.automation.services.setup import channel_add, channel_change
from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel
from openoms.channels.services.channels import (
    channel_served_warehouses_set,
)
from openoms.channels.services.sku_mappings import sku_mapping_save
from openoms.channels.services.warehouse_mappings import warehouse_mapping_save
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

# account code -> [(type, kind, name, credentials, enabled, served or mapped warehouses)]
CHANNELS = {
    "NORTHWIND-APPAREL": [
        (
            "sales",
            "sandbox_sales",
            "Northwind Online Store",
            {"store_name": "northwind-apparel"},
            True,
            {"EAST": "sandbox-location-east", "TOR-1": "sandbox-location-toronto"},
        ),
        (
            "sales",
            "sandbox_sales",
            "Legacy Wholesale Portal",
            {"store_name": "wholesale"},
            False,
            {},
        ),
        (
            "fulfillment",
            "sandbox_fulfillment",
            "Northwind 3PL (sandbox)",
            {"warehouse_name": "nw-3pl"},
            True,
            ["TOR-1", "MTL-1"],
        ),
    ],
    "NORTHWIND-HOME": [
        (
            "sales",
            "sandbox_sales",
            "Northwind Home Shop",
            {"store_name": "northwind-home"},
            True,
            {"VAN-1": "sandbox-location-vancouver"},
        ),
        (
            "fulfillment",
            "sandbox_fulfillment",
            "West Coast 3PL (sandbox)",
            {"warehouse_name": "wc-3pl"},
            True,
            ["VAN-1"],
        ),
    ],
}


# Stable channels follow the account's recurring jobs (Account → Recurring Jobs); the others are
# beta and carry their own (Other System Settings).
STABLE = {"Northwind Home Shop"}


def channel_get_or_add(
    actor: Actor, account: Account, type_: str, kind: str, name: str, credentials: dict, **values
) -> tuple[Channel, bool]:
    """The account's channel called ``name``, or a new one (``values``: e.g. ``is_beta``); True
    when it was added. A channel that exists is returned as it is (a re-seed changes nothing)."""
    existing = Channel.objects.filter(account=account, name=name).first()
    if existing is not None:
        return existing, False
    channel = channel_add(
        actor=actor,
        account=account,
        type=type_,
        kind=kind,
        name=name,
        credentials=credentials,
        **values,
    )
    return channel, True


def _channel(actor: Actor, account: Account, spec: tuple) -> tuple[Channel, bool]:
    type_, kind, name, credentials, enabled, _ = spec
    channel, created = channel_get_or_add(
        actor, account, type_, kind, name, credentials, is_beta=name not in STABLE
    )
    if created and not enabled:
        channel_change(actor=actor, channel=channel, values={"is_enabled": False})
    return channel, created


def _wire(actor: Actor, channel: Channel, spec: tuple) -> None:
    places = spec[5]
    if channel.type == "fulfillment":
        channel_served_warehouses_set(actor=actor, channel=channel, warehouse_codes=places)
        return
    for code, location in places.items():
        warehouse_mapping_save(
            actor=actor, channel=channel, warehouse_code=code, external_id=location
        )
    if channel.is_enabled:
        for variant in ProductVariant.objects.filter(account=channel.account).order_by("sku")[:6]:
            sku_mapping_save(
                actor=actor,
                channel=channel,
                channel_sku=f"shop-{variant.sku.lower()}",
                sku=variant.sku,
            )


def seed_channels(actor: Actor, accounts: list[Account]) -> None:
    for account in accounts:
        for spec in CHANNELS.get(account.code, []):
            channel, created = _channel(actor, account, spec)
            if created:
                _wire(actor, channel, spec)
