"""Demo channels: a sandbox store and a sandbox 3PL per account (one store stable, the others
beta; Northwind Online Store in Real-Time Adjustment), a disabled legacy store, and SKU and
warehouse mappings. Idempotent: existing channels are
left as they are."""

from __future__ import annotations

from openoms.automation.services.setup import channel_add, channel_change
from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, InventorySyncMode
from openoms.channels.services.channels import (
    channel_served_warehouses_set,
)
from openoms.channels.services.sku_mappings import sku_mapping_save
from openoms.channels.services.warehouse_mappings import warehouse_mapping_save
from openoms.connectors.base import ChannelAccess
from openoms.connectors.sandbox import SandboxStore
from openoms.sync.services.inventory_settings import InventoryWanted, inventory_settings_change
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
            {
                "EAST": "sandbox-location-east",
                "TOR-1": "sandbox-location-toronto",
                "CHI-1": "sandbox-location-chicago",
            },
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


MAPPED = 6  # SKU mappings of each enabled sandbox store

# Stable channels follow the account's recurring jobs (Account → Recurring Jobs); the others are
# beta and carry their own (Other System Settings).
STABLE = {"Northwind Home Shop"}
# Beta stores in Real-Time Adjustment (the others keep the default, Synchronize With Fulfillment
# Channel): Northwind Online Store hears the allocations of the Shopify store's orders as deltas.
REAL_TIME = {"Northwind Online Store"}


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
        for channel_sku, sku in store_mappings(channel):
            sku_mapping_save(actor=actor, channel=channel, channel_sku=channel_sku, sku=sku)
    if channel.name in REAL_TIME:
        inventory_settings_change(
            actor=actor,
            channel=channel,
            wanted=InventoryWanted(mode=InventorySyncMode.REAL_TIME),
            confirm=True,
        )


def store_mappings(channel: Channel, count: int = MAPPED) -> list[tuple[str, str]]:
    """``count`` (channel SKU, OpenOMS SKU) pairs onto SKUs the sandbox store lists, so its
    pushes reach listings: a variant whose SKU ends like a listed one first (``NW-TEE-S`` →
    ``SBX-TEE-S``), then the other variants, in order, onto the listings left."""
    listed = SandboxStore(ChannelAccess(channel.credentials, channel.name, "")).listed_skus()
    variants = list(
        ProductVariant.objects.filter(account=channel.account)
        .order_by("sku")
        .values_list("sku", flat=True)
    )
    by_tail = {_tail(sku): sku for sku in listed}
    pairs, used = [], set()
    for variant in variants:
        store = by_tail.get(_tail(variant))
        if store is not None and store not in used:
            pairs.append((store, variant))
            used.add(store)
    mapped = {variant for _, variant in pairs}
    left = iter(sku for sku in listed if sku not in used)
    for variant in variants:
        if len(pairs) < count and variant not in mapped and (store := next(left, None)):
            pairs.append((store, variant))
    return pairs[:count]


def _tail(sku: str) -> str:
    return sku.split("-", 1)[-1]


def seed_channels(actor: Actor, accounts: list[Account]) -> None:
    for account in accounts:
        for spec in CHANNELS.get(account.code, []):
            channel, created = _channel(actor, account, spec)
            if created:
                _wire(actor, channel, spec)
