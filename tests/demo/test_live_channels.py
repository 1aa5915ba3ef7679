"""The demo's Shopify and ShipBob channels, pointed at the emulators: the emulators' seed, the
channels and mappings ``seed_demo`` makes from it (idempotent), their first runs, the emulators'
state pages, and (once both connectors are registered) the first runs end to end."""

from __future__ import annotations

import socket
from dataclasses import replace

import httpx
import pytest

from openoms.activity.models import Event
from openoms.automation.models import JobRun, RecurringJob
from openoms.automation.services.runs import job_run_now, run_execute
from openoms.channels.models import Channel, ChannelWarehouse, SkuMapping, WarehouseMapping
from openoms.connectors import registry
from openoms.connectors.registry import connector_unavailable
from openoms.demo.emulator_seed import apparel_skus, seed_emulators, shipbob_seed, shopify_seed
from openoms.demo.live_channels import (
    SHIPBOB_NAME,
    SHOP_DOMAIN,
    SHOPIFY_NAME,
    LiveTargets,
)
from openoms.demo.seed import seed_demo
from openoms.inventory.models import InventoryLevel
from openoms.tenancy.actor import Actor
from tests.demo.emulators import Emulators, emulators_running

needs_connectors = pytest.mark.skipif(
    bool(connector_unavailable("shopify") or connector_unavailable("shipbob")),
    reason="the Shopify and ShipBob connectors are not registered yet",
)
APPAREL_SKUS = sorted(sku for _, variants in apparel_skus() for _, sku in variants)


@pytest.fixture(scope="module")
def emulators() -> Emulators:
    with emulators_running() as running:
        yield running


@pytest.fixture
def targets(emulators) -> LiveTargets:
    return seed_emulators(emulators.shopify.url, emulators.shipbob.url)


def test_the_emulator_seed_hands_out_the_default_location_ids(emulators):
    # when seeded twice (the demo resets them first, so each start is the same)
    seed_emulators(emulators.shopify.url, emulators.shipbob.url)
    targets = seed_emulators(emulators.shopify.url, emulators.shipbob.url)
    # then the locations have the ids a plain seed-demo maps, and the store sells every SKU
    assert targets.shopify_locations == LiveTargets.default().shopify_locations
    assert targets.shopify_url == emulators.shopify.url
    levels = emulators.shopify_levels()
    assert sorted({sku for sku, _ in levels}) == APPAREL_SKUS
    assert len(levels) == 2 * len(APPAREL_SKUS)


def test_seed_demo_points_the_live_channels_at_the_emulators_and_queues_their_first_runs(
    db, targets
):
    # when
    seed_demo(live=targets)
    # then both channels are beta, enabled and pointed at the emulators
    shopify = Channel.objects.get(name=SHOPIFY_NAME)
    shipbob = Channel.objects.get(name=SHIPBOB_NAME)
    assert (shopify.kind, shopify.type, shopify.is_beta, shopify.api_base_url) == (
        "shopify",
        "sales",
        True,
        targets.shopify_url,
    )
    assert shopify.credentials["shop_domain"] == SHOP_DOMAIN
    assert (shipbob.kind, shipbob.credentials["channel_id"], shipbob.api_base_url) == (
        "shipbob",
        "1",
        targets.shipbob_url,
    )
    # with their mappings and the warehouse ShipBob serves
    assert dict(
        WarehouseMapping.objects.filter(channel=shopify).values_list(
            "warehouse__code", "external_id"
        )
    ) == {"CHI-1": "gid://shopify/Location/1002", "TOR-1": "gid://shopify/Location/1001"}
    assert list(
        WarehouseMapping.objects.filter(channel=shipbob).values_list(
            "warehouse__code", "external_id"
        )
    ) == [("CHI-1", "11")]
    assert list(
        ChannelWarehouse.objects.filter(channel=shipbob).values_list("warehouse__code", flat=True)
    ) == ["CHI-1"]
    assert sorted(
        SkuMapping.objects.filter(channel=shopify).values_list("channel_sku", "variant__sku")
    ) == [(sku, sku) for sku in APPAREL_SKUS]
    # and every 5 minutes Import Inventory from ShipBob, then Export Inventory to Shopify; the
    # order jobs every 5 minutes (imports) or 15 (the jobs that also run by themselves)
    scheduled = (
        RecurringJob.objects.filter(channel__in=[shopify, shipbob])
        .exclude(period="none")
        .exclude(job_type="authorization_refresh")
    )
    assert sorted(scheduled.values_list("channel__name", "job_type", "period")) == [
        (SHIPBOB_NAME, "export_products", "1h"),
        (SHIPBOB_NAME, "import_inventory", "5m"),
        (SHIPBOB_NAME, "import_shipments", "5m"),
        (SHIPBOB_NAME, "send_shipments", "15m"),
        (SHOPIFY_NAME, "export_inventory", "5m"),
        (SHOPIFY_NAME, "export_order_updates", "15m"),
        (SHOPIFY_NAME, "export_products", "1h"),
        (SHOPIFY_NAME, "import_orders", "5m"),
    ]
    assert shopify.credentials["client_secret"] == "shpss_emulator_secret"  # signs its webhooks
    assert list(live_runs().values_list("job__channel__name", "job_type", "status")) == [
        (SHIPBOB_NAME, "import_inventory", "queued"),
        (SHOPIFY_NAME, "export_inventory", "queued"),
    ]


def live_runs():
    return JobRun.objects.filter(job__channel__name__in=[SHOPIFY_NAME, SHIPBOB_NAME]).order_by("pk")


def _pointing() -> list[tuple]:
    channels = Channel.objects.filter(name__in=[SHOPIFY_NAME, SHIPBOB_NAME]).order_by("name")
    return [
        (
            c.name,
            c.api_base_url,
            c.updated_at,
            sorted(c.warehouse_mappings.values_list("external_id", flat=True)),
        )
        for c in channels
    ]


def test_seed_demo_again_changes_nothing_and_follows_emulators_that_moved(db, targets):
    # given
    seed_demo(live=targets)
    before = _pointing()
    # when run again with the same emulators, and plainly (no emulators given)
    seed_demo(live=targets)
    seed_demo()
    # then nothing changed and no run was added
    assert _pointing() == before
    assert live_runs().count() == 2
    # when the emulators moved to other ports
    moved = LiveTargets("http://127.0.0.1:9", "http://127.0.0.1:10", targets.shopify_locations)
    seed_demo(live=moved)
    # then the channels follow them
    assert [(name, url) for name, url, _, _ in _pointing()] == [
        (SHIPBOB_NAME, "http://127.0.0.1:10"),
        (SHOPIFY_NAME, "http://127.0.0.1:9"),
    ]
    assert live_runs().count() == 2


def test_seed_demo_without_emulators_points_the_channels_at_the_default_ports(db):
    # when
    seed_demo()
    # then
    default = LiveTargets.default()
    assert dict(
        Channel.objects.filter(kind__in=["shopify", "shipbob"]).values_list("kind", "api_base_url")
    ) == {
        "shopify": default.shopify_url,
        "shipbob": default.shipbob_url,
    }
    assert default.shopify_url == "http://127.0.0.1:8801"
    assert default.shipbob_url == "http://127.0.0.1:8802"


def test_the_state_pages_show_what_each_emulator_holds(emulators, targets):
    # when
    shopify = httpx.get(emulators.shopify.url + "/_emulator/", timeout=10)
    shipbob = httpx.get(emulators.shipbob.url + "/_emulator/", timeout=10)
    # then: HTML with the locations, SKUs and the seeded quantities
    first = shopify_seed()["products"][0]["variants"][0]
    assert shopify.headers["content-type"] == "text/html; charset=utf-8"
    assert "<h2>Locations</h2>" in shopify.text
    assert "gid://shopify/Location/1002" in shopify.text
    toronto, chicago = (level["available"] for level in first["levels"])
    assert f"<td>{first['sku']}</td>" in shopify.text
    assert f"{toronto} / {toronto}</td><td class='n'>{chicago} / {chicago}</td>" in shopify.text
    line = shipbob_seed()["inventory"][0]
    assert shipbob.headers["content-type"] == "text/html; charset=utf-8"
    assert "Chicago (IL) (11)" in shipbob.text
    assert f"<td>{line['sku']}</td>" in shipbob.text
    assert f"{line['on_hand']} / 0 / {line['on_hand']}</td>" in shipbob.text


@needs_connectors
def test_the_first_runs_import_shipbob_stock_and_push_it_to_shopify(db, emulators, targets):
    # given the demo seeded against the emulators
    seed_demo(live=targets)
    # when the worker runs the queued first runs, in order
    statuses = [run_execute(pk) for pk in live_runs().values_list("pk", flat=True)]
    # then both succeeded
    assert statuses == ["succeeded", "succeeded"], list(
        live_runs().values_list("job_type", "status", "summary")
    )
    # and the outbox they filled is drained (the queued Push Inventory Updates runs)
    for pk in JobRun.objects.filter(status="queued").order_by("id").values_list("pk", flat=True):
        assert run_execute(pk) == "succeeded"
    # and OpenOMS's CHI-1 holds ShipBob's on-hand counts
    imported = dict(
        InventoryLevel.objects.filter(warehouse__code="CHI-1").values_list("variant__sku", "total")
    )
    assert imported == {line["sku"]: line["on_hand"] for line in shipbob_seed()["inventory"]}
    # and the store's levels are OpenOMS's Available at TOR-1 and CHI-1
    expected = {}
    for code, location in targets.shopify_locations.items():
        for level in InventoryLevel.objects.filter(
            warehouse__code=code, account__code="NORTHWIND-APPAREL"
        ):
            available = max(level.total - level.allocated - level.on_hold, 0)
            expected[(level.variant.sku, location)] = available
    for sku in APPAREL_SKUS:
        for location in targets.shopify_locations.values():
            expected.setdefault((sku, location), 0)
    assert emulators.shopify_levels() == expected
    # and Export Products (hourly) updates the store's products in place: no duplicate
    for channel in Channel.objects.filter(name__in=[SHOPIFY_NAME, SHIPBOB_NAME]):
        job = RecurringJob.objects.get(channel=channel, job_type="export_products")
        assert run_execute(job_run_now(actor=Actor.system("test"), job=job).pk) == "succeeded"
    assert emulators.shopify_product_count() == len(apparel_skus())
    assert sorted({sku for sku, _ in emulators.shopify_levels()}) == APPAREL_SKUS


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def _without_waiting(monkeypatch) -> None:
    """The real connectors, retrying without sleeping between attempts."""
    for kind in ("shopify", "shipbob"):
        real = registry.CONNECTORS[kind]

        def init(self, access, _real=real):
            _real.__init__(self, access, sleep=lambda _seconds: None)

        monkeypatch.setitem(
            registry.CONNECTORS, kind, type(real.__name__, (real,), {"__init__": init})
        )


@needs_connectors
def test_without_the_emulators_the_first_runs_fail_with_an_error_event(db, monkeypatch):
    # given the channels pointed at ports where nothing listens
    _without_waiting(monkeypatch)
    closed = LiveTargets(_closed_port_url(), _closed_port_url())
    seed_demo(live=replace(closed, shopify_locations=LiveTargets.default().shopify_locations))
    # when the worker runs the queued first runs
    statuses = [run_execute(pk) for pk in live_runs().values_list("pk", flat=True)]
    # then each failed, with an Error event saying so
    assert statuses == ["failed", "failed"]
    errors = Event.objects.filter(level="error", channel_id__in=live_runs().values("job__channel"))
    messages = sorted(errors.values_list("message", flat=True))
    assert [m.split(":", 1)[0] for m in messages] == [
        "Export Inventory of Northwind on Shopify stopped",
        "Import Inventory of Northwind ShipBob stopped",
    ]
    assert all("Connection refused" in m for m in messages), messages
