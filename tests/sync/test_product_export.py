"""Export Products to the channels that are not the master (seed 000, spec §3.8)."""

import pytest

from openoms.catalog.services.products import product_create, product_set_status
from openoms.connectors.registry import CONNECTORS, Planned
from openoms.core.capabilities import STORE_CAPABILITIES
from openoms.core.errors import Conflict
from openoms.sync.pipeline import sync_start
from openoms.tenancy.actor import Actor
from tests.sync.conftest import event_lines, make_channel
from tests.sync.runs import sync_now

IMPORT, EXPORT = "import_products", "export_products"


def openoms_catalog(account) -> None:
    """Two active products (3 SKUs) and an archived one, created in OpenOMS (the source)."""
    system = Actor.system()
    product_create(
        actor=system,
        account=account,
        name="Tee",
        variants=[{"sku": "TEE-S", "price": "20"}, {"sku": "TEE-M", "price": "20"}],
    )
    product_create(actor=system, account=account, name="Mug", variants=[{"sku": "MUG"}])
    old = product_create(actor=system, account=account, name="Old", variants=[{"sku": "OLD"}])
    product_set_status(actor=system, product=old, status="archived")


def test_openoms_as_source_exports_its_active_products(tenant, actor, store):
    # given
    openoms_catalog(tenant.account)
    # when
    run = sync_now(store, EXPORT, actor)
    # then
    assert (run.status, run.counts) == ("succeeded", {"sent": 3})
    assert event_lines(tenant.account) == [("info", "Export Products to Demo Store: 3 SKUs sent.")]


def test_the_masters_products_are_exported_to_the_other_channels(tenant, actor, master):
    # given
    other = make_channel(tenant.account, "Other Store")
    sync_now(master, IMPORT, actor)
    # when
    run = sync_now(other, EXPORT, actor)
    # then
    assert run.counts == {"sent": 25}
    assert event_lines(tenant.account)[-1] == (
        "info",
        "Export Products to Other Store: 25 SKUs sent.",
    )


def test_nothing_is_exported_to_the_master(tenant, actor, master):
    # given
    events_before = event_lines(tenant.account)
    # when
    with pytest.raises(Conflict) as refused:
        sync_start(actor=actor, channel=master, job_type=EXPORT)
    # then
    assert refused.value.message == (
        "Demo Store is the Master Product Channel: products are imported from it, "
        "never exported to it."
    )
    assert event_lines(tenant.account) == events_before


def test_a_kind_that_cannot_export_products_is_refused(tenant, actor):
    # given
    tpl = make_channel(tenant.account, "Sandbox 3PL", kind="sandbox_fulfillment")
    # when
    with pytest.raises(Conflict) as refused:
        sync_start(actor=actor, channel=tpl, job_type=EXPORT)
    # then
    assert refused.value.message == "Sandbox 3PL channels cannot export products."
    assert event_lines(tenant.account) == []


def test_a_disabled_channel_receives_nothing(tenant, actor):
    # given
    openoms_catalog(tenant.account)
    off = make_channel(tenant.account, "Closed Store", enabled=False)
    # when
    run = sync_now(off, EXPORT, actor)
    # then
    assert (run.status, run.counts) == ("skipped", {"channels skipped": 1})
    assert event_lines(tenant.account) == [
        (
            "warning",
            "Export Products of Closed Store was skipped: the channel Closed Store is disabled.",
        )
    ]


def test_a_kind_without_a_connector_yet_exports_nothing(tenant, actor, monkeypatch):
    # given a kind whose connector is still planned
    monkeypatch.setitem(CONNECTORS, "shopify", Planned("Shopify", STORE_CAPABILITIES))
    openoms_catalog(tenant.account)
    shop = make_channel(tenant.account, "Shop", kind="shopify")
    # when
    run = sync_now(shop, EXPORT, actor)
    # then
    assert (run.status, run.counts) == ("skipped", {"channels skipped": 1})
    assert event_lines(tenant.account) == [
        (
            "warning",
            "Export Products of Shop was skipped: The Shopify connector arrives in a later "
            "release. Nothing was done.",
        )
    ]
