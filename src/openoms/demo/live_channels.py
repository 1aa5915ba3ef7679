"""The demo's live channels: a Shopify beta store and a ShipBob fulfillment channel of Northwind
Apparel, pointed (``api_base_url``) at the emulators ``openoms demo`` runs beside OpenOMS.

ShipBob's fulfillment center is OpenOMS's CHI-1 (served, and mapped to the center's id); the
Shopify store's two locations are fed by TOR-1 and CHI-1 (mapped to the locations' GIDs); every
Apparel SKU is mapped to the same SKU on the store. Import Inventory from ShipBob and Export
Inventory to Shopify run every 5 minutes, and a first run of each is queued when the channels are
created, so the worker shows real runs and events within a minute of ``make demo``; Export
Products to both runs every hour (both match products by SKU: no duplicates). Orders: Import
Orders and Import Shipments every 5 minutes, Export Order Updates and Send Shipments every 15
(they also run by themselves when there is work); the store's client secret is the emulator
app's, which signs its webhooks (``live_orders`` places the first orders).

Idempotent: channels that exist are only re-pointed when the emulators' URLs or location ids
changed (e.g. other ports); the sandbox channels are left alone. Without the emulators running
the channels still exist; their runs fail with the connector's "cannot reach" event.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from openoms.automation.models import RecurringJob
from openoms.automation.services.jobs import job_update
from openoms.automation.services.runs import job_run_now
from openoms.automation.services.setup import channel_change
from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, WarehouseMapping
from openoms.channels.services.channels import channel_served_warehouses_set
from openoms.channels.services.sku_mappings import sku_mapping_save
from openoms.channels.services.warehouse_mappings import warehouse_mapping_save
from openoms.demo.channels import channel_get_or_add
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

LIVE_ACCOUNT = "NORTHWIND-APPAREL"
SHOPIFY_PORT, SHIPBOB_PORT = 8801, 8802
SHOPIFY_NAME, SHIPBOB_NAME = "Northwind on Shopify", "Northwind ShipBob"
SHOP_DOMAIN = "northwind-demo.myshopify.com"
SHOPIFY_TOKEN = "shpat_emulator"  # the Shopify emulator's default token (``--token``)
SHOPIFY_APP_SECRET = "shpss_emulator_secret"  # its default app's secret: signs its webhooks
SHIPBOB_TOKEN = "shipbob-emulator-token"  # the ShipBob emulator's default token (``--token``)
# The secret of the ShipBob webhooks the demo subscribes (Standard Webhooks: whsec_ + base64)
SHIPBOB_WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"northwind-demo-shipbob-hooks").decode()
SHIPBOB_CHANNEL_ID = "1"  # the ShipBob channel every emulator reset creates
# warehouse code -> (Shopify location name, its GID when seeded first into a reset emulator)
SHOPIFY_LOCATIONS = {
    "TOR-1": ("Toronto DC", "gid://shopify/Location/1001"),
    "CHI-1": ("ShipBob Chicago", "gid://shopify/Location/1002"),
}
SHIPBOB_CENTER = (11, "Chicago (IL)")  # (fulfillment center id, name): OpenOMS's CHI-1
SHIPBOB_WAREHOUSE = "CHI-1"
# channel name -> [(job type, period, queue a first run on creation)]; first runs in this order
# Orders: Import Orders and Import Shipments every 5 minutes (the safety net of the webhooks);
# Export Order Updates and Send Shipments run by themselves, their 15 minutes only retry.
PERIODS = {
    SHIPBOB_NAME: [
        ("import_inventory", "5m", True),
        ("export_products", "1h", False),
        ("import_shipments", "5m", False),
        ("send_shipments", "15m", False),
    ],
    SHOPIFY_NAME: [
        ("export_inventory", "5m", True),
        ("export_products", "1h", False),
        ("import_orders", "5m", False),
        ("export_order_updates", "15m", False),
    ],
}


@dataclass(frozen=True)
class LiveTargets:
    """Where the live channels point: the emulators' base URLs and the Shopify location GID of
    each mapped warehouse."""

    shopify_url: str
    shipbob_url: str
    shopify_locations: dict[str, str] = field(default_factory=dict)

    @classmethod
    def default(cls, host: str = "127.0.0.1") -> LiveTargets:
        """The emulators as ``openoms demo`` starts them by default, seeded by the demo."""
        return cls(
            f"http://{host}:{SHOPIFY_PORT}",
            f"http://{host}:{SHIPBOB_PORT}",
            {code: gid for code, (_, gid) in SHOPIFY_LOCATIONS.items()},
        )


def _shopify(actor: Actor, account: Account, targets: LiveTargets | None) -> tuple[Channel, bool]:
    credentials = {
        "shop_domain": SHOP_DOMAIN,
        "access_token": SHOPIFY_TOKEN,
        "client_secret": SHOPIFY_APP_SECRET,
    }
    channel, created = channel_get_or_add(
        actor, account, "sales", "shopify", SHOPIFY_NAME, credentials, is_beta=True
    )
    if created or targets is not None:
        targets = targets or LiveTargets.default()
        channel = _point(actor, channel, targets.shopify_url)
        for code, location in sorted(targets.shopify_locations.items()):
            _map_warehouse(actor, channel, code, location)
    if created:
        for variant in ProductVariant.objects.filter(account=account).order_by("sku"):
            sku_mapping_save(actor=actor, channel=channel, channel_sku=variant.sku, sku=variant.sku)
    return channel, created


def _shipbob(actor: Actor, account: Account, targets: LiveTargets | None) -> tuple[Channel, bool]:
    credentials = {
        "api_token": SHIPBOB_TOKEN,
        "channel_id": SHIPBOB_CHANNEL_ID,
        "webhook_secret": SHIPBOB_WEBHOOK_SECRET,
    }
    channel, created = channel_get_or_add(
        actor, account, "fulfillment", "shipbob", SHIPBOB_NAME, credentials, is_beta=True
    )
    if created or targets is not None:
        channel = _point(actor, channel, (targets or LiveTargets.default()).shipbob_url)
    if created:
        channel_served_warehouses_set(
            actor=actor, channel=channel, warehouse_codes=[SHIPBOB_WAREHOUSE]
        )
        _map_warehouse(actor, channel, SHIPBOB_WAREHOUSE, str(SHIPBOB_CENTER[0]))
    return channel, created


def _point(actor: Actor, channel: Channel, url: str) -> Channel:
    if channel.api_base_url == url:
        return channel
    return channel_change(actor=actor, channel=channel, values={"api_base_url": url})


def _map_warehouse(actor: Actor, channel: Channel, code: str, external_id: str) -> None:
    mapped = WarehouseMapping.objects.filter(channel=channel, warehouse__code=code)
    if not mapped.filter(external_id=external_id).exists():
        warehouse_mapping_save(
            actor=actor, channel=channel, warehouse_code=code, external_id=external_id
        )


def _schedule(actor: Actor, channels: list[Channel]) -> None:
    """The channels' periods, then a first run of each of those jobs (import before export)."""
    for channel in channels:
        for job_type, period, first_run in PERIODS[channel.name]:
            job = RecurringJob.objects.select_related("account", "channel").get(
                channel=channel, job_type=job_type
            )
            job = job_update(actor=actor, job=job, period=period)
            if first_run:
                job_run_now(actor=actor, job=job)


def seed_live_channels(
    actor: Actor, account: Account, targets: LiveTargets | None = None
) -> list[Channel]:
    """The Shopify and ShipBob channels of ``account``; → both. New ones point at ``targets``
    (default: the emulators' default ports); existing ones are re-pointed only when ``targets``
    is given (``openoms demo`` passes the emulators it started and seeded)."""
    shipbob, shipbob_new = _shipbob(actor, account, targets)
    shopify, shopify_new = _shopify(actor, account, targets)
    _schedule(actor, [c for c, new in ((shipbob, shipbob_new), (shopify, shopify_new)) if new])
    return [shopify, shipbob]
