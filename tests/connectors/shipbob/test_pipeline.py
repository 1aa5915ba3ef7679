"""End to end through the one pipeline: a ShipBob fulfillment channel pointed at the emulator
(its API base URL), serving warehouses mapped to fulfillment center ids; Import Inventory sets
OpenOMS's levels to the emulator's on-hand counts."""

from __future__ import annotations

import uuid

from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, ChannelWarehouse, WarehouseMapping
from openoms.inventory.models import Warehouse
from tests.connectors.shipbob.emulator import FC_EAST, FC_WEST, TOKEN, seed_two_centers
from tests.inventory.stock import enable, levels_by_key, make_variants, make_warehouse, set_level
from tests.sync.runs import run_events, sync_now


def shipbob_channel(account, url: str, token: str) -> Channel:
    """A ShipBob channel at ``url`` serving CHI (fulfillment center 10) and CA (11), with the
    SKUs MUG-1 and TEE-S in OpenOMS."""
    org = account.organization
    warehouses = {code: make_warehouse(org, code) for code in ("CHI", "CA")}
    enable(account, *warehouses.values())
    make_variants(account, "MUG-1", "TEE-S")
    channel = Channel.objects.create(
        account=account,
        type="fulfillment",
        kind="shipbob",
        name="Northwind ShipBob",
        credentials={"api_token": token, "channel_id": "1"},
        api_base_url=url,
    )
    for code, center in (("CHI", FC_EAST), ("CA", FC_WEST)):
        ChannelWarehouse.objects.create(channel=channel, warehouse=warehouses[code])
        WarehouseMapping.objects.create(
            channel=channel, warehouse=warehouses[code], external_id=str(center)
        )
    return Channel.objects.select_related("account").get(pk=channel.pk)


def variant(account, sku: str) -> ProductVariant:
    return ProductVariant.objects.get(account=account, sku=sku)


def warehouse(account, code: str) -> Warehouse:
    return Warehouse.objects.get(organization=account.organization, code=code)


def test_import_inventory_sets_the_levels_to_shipbobs_on_hand_counts(tenant, emulator):
    # given the emulator's stock (MUG-1: 20 at 10, 5 at 11; TEE-S: 7 at 11; CAP unknown here)
    # and a token of this test only (the connector's rate-limit window is per token)
    token = f"{TOKEN}-{uuid.uuid4().hex}"
    emulator.control("config", {"tokens": [token]})
    seed_two_centers(emulator)
    account = tenant.account
    channel = shipbob_channel(account, emulator.url, token)
    set_level(account, variant(account, "TEE-S"), warehouse(account, "CHI"), 4)  # now none
    # when
    run = sync_now(channel, "import_inventory")
    # then
    assert run.status == "succeeded"
    assert levels_by_key(account) == {
        ("CHI", "MUG-1"): 20,
        ("CA", "MUG-1"): 5,
        ("CHI", "TEE-S"): 0,
        ("CA", "TEE-S"): 7,
    }
    assert run.counts == {"updated": 4, "unchanged": 0, "unknown SKUs": 1}
    assert run_events(run) == [
        (
            "warning",
            "Unknown SKU CAP reported by Northwind ShipBob: map it under SKU Mappings or create "
            "it in OpenOMS. Its stock was not imported.",
        ),
        ("info", "Import Inventory from Northwind ShipBob: 4 updated, 0 unchanged, 1 unknown SKU."),
    ]


def test_a_refused_token_fails_the_run_with_the_reason_and_writes_nothing(tenant, emulator):
    # given
    seed_two_centers(emulator)
    channel = shipbob_channel(tenant.account, emulator.url, f"revoked-{uuid.uuid4().hex}")
    # when
    run = sync_now(channel, "import_inventory")
    # then
    reason = (
        "ShipBob refused the personal access token "
        f"of channel {channel.pk} (401) to read the inventory levels by fulfillment center: check "
        "the token in the channel's credentials."
    )
    assert (run.status, run.summary) == ("failed", reason)
    assert levels_by_key(tenant.account) == {}


def test_authorization_refresh_checks_the_token_and_the_channel_id(tenant, emulator):
    # given a personal access token (it never expires) and a channel id ShipBob does not know
    token = f"{TOKEN}-{uuid.uuid4().hex}"
    emulator.control("config", {"tokens": [token]})
    channel = shipbob_channel(tenant.account, emulator.url, token)
    # when
    run = sync_now(channel, "authorization_refresh")
    Channel.objects.filter(pk=channel.pk).update(
        credentials={"api_token": token, "channel_id": "7"}
    )
    refused = sync_now(Channel.objects.get(pk=channel.pk), "authorization_refresh")
    # then
    assert (run.status, run_events(run)[-1]) == (
        "succeeded",
        ("info", "Authorization of Northwind ShipBob refreshed: the token does not expire."),
    )
    assert refused.status == "failed"
    assert run_events(refused)[-1] == (
        "error",
        "Authorization Refresh Settings of Northwind ShipBob stopped: ShipBob does not give this "
        f"token access to channel 7 (channel {channel.pk}): pick one of 1.",
    )
