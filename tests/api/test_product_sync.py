"""POST /api/v2/channels/{id}/sync/{import_products|export_products}: a manual product sync,
started as a run (202) that a worker executes; a GET of the run's url gives its counts.

Seed 000: only the Master Product Channel imports products; the API refuses anything else with
409 conflict and the reason, and nothing changes (no run is queued).
"""

import pytest

from openoms.activity.models import Event
from openoms.automation.models import JobRun
from openoms.automation.services.runs import run_execute
from openoms.catalog.models import ProductVariant
from openoms.connectors.registry import CONNECTORS, Planned
from openoms.core.capabilities import STORE_CAPABILITIES
from tests.api.channel_data import make_channel, sync_state
from tests.api.helpers import api_get, api_post, error

NOT_THE_MASTER = (
    "Only the Master Product Channel (Sandbox Master) imports products (Account → Workflow "
    "Settings)."
)


def run(client, channel, api_key, action="import", **headers):
    """Start the sync; when it was accepted, execute its run (as a worker) and answer the run
    as a GET of its url shows it."""
    path = f"/channels/{channel.pk}/sync/{action}_products"
    started = api_post(client, path, "", api_key, **headers)
    if started.status_code != 202:
        return started
    run_execute(started.json()["id"])
    return api_get(client, started.json()["url"].removeprefix("/api/v2"), api_key)


def finished(response, status: str, counts: dict, summary: str) -> None:
    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["trigger"], body["counts"], body["summary"]) == (
        status,
        "manual",
        counts,
        summary,
    )


def test_the_master_channel_imports_its_catalog(client, master, api_key):
    # when
    first = run(client, master, api_key)
    second = run(client, master, api_key)

    # then
    created = ProductVariant.objects.filter(sku__startswith="SBX-").count()
    assert created >= 12  # 12 to 16 products, each with 1 to 4 variants
    assert not ProductVariant.objects.filter(sku="SBX-STKR").exists()  # listed twice: skipped
    finished(
        first,
        "succeeded",
        {"created": created, "updated": 0, "unchanged": 0, "skipped": 2},
        f"Import Products from Sandbox Master: {created} created, 0 updated, 0 unchanged, "
        "2 skipped.",
    )
    finished(
        second,
        "succeeded",
        {"created": 0, "updated": 0, "unchanged": created, "skipped": 2},
        f"Import Products from Sandbox Master: 0 created, 0 updated, {created} unchanged, "
        "2 skipped.",
    )
    assert first.json()["channel_id"] == master.pk
    assert JobRun.objects.filter(job__channel=master, trigger="manual").count() == 2


def test_import_on_a_channel_that_is_not_the_master_is_409_and_changes_nothing(
    client, master, outlets, api_key
):
    # given
    before = sync_state()

    # when
    response = run(client, outlets.legacy, api_key)

    # then
    assert response.status_code == 409
    assert response.json() == error("conflict", NOT_THE_MASTER)
    assert sync_state() == before
    assert not JobRun.objects.exists()


OPENOMS_IS_MASTER = (
    "OpenOMS is this account's Master Product Source: products are created in OpenOMS and "
    "exported to the channels, never imported."
)


@pytest.mark.parametrize(
    ("kind", "channel_type", "message"),
    [
        ("shopify", "sales", OPENOMS_IS_MASTER),
        ("shipbob", "fulfillment", OPENOMS_IS_MASTER),
        ("sandbox_fulfillment", "fulfillment", "Sandbox 3PL channels cannot import products."),
    ],
)
def test_import_is_refused_while_openoms_is_the_master_or_the_kind_cannot_import(
    client, outlets, api_key, kind, channel_type, message
):
    # given
    channel = make_channel(outlets.shop.account, "Other", kind, channel_type)
    before = sync_state()

    # when
    response = run(client, channel, api_key)

    # then
    assert response.status_code == 409
    assert response.json() == error("conflict", message)
    assert sync_state() == before


def test_a_disabled_master_imports_nothing_and_says_why(client, master, api_key):
    # given
    master.is_enabled = False
    master.save()
    variants = sync_state()[2]

    # when
    response = run(client, master, api_key)

    # then
    finished(
        response,
        "skipped",
        {"channels skipped": 1},
        "Import Products of Sandbox Master was skipped: the channel Sandbox Master is disabled.",
    )
    assert sync_state()[2] == variants


def test_export_sends_the_active_products_to_another_channel(client, master, outlets, api_key):
    # given
    channel = make_channel(outlets.shop.account, "Sandbox Outlet", "sandbox_sales")

    # when
    response = run(client, channel, api_key, "export")

    # then
    finished(response, "succeeded", {"sent": 3}, "Export Products to Sandbox Outlet: 3 SKUs sent.")


def test_a_kind_without_its_connector_yet_receives_nothing(client, outlets, api_key, monkeypatch):
    # given the Shopify connector still planned
    monkeypatch.setitem(CONNECTORS, "shopify", Planned("Shopify", STORE_CAPABILITIES))
    # when
    response = run(client, outlets.store, api_key, "export")

    # then
    reason = (
        "Export Products of Acme Shopify was skipped: The Shopify connector arrives in a later "
        "release. Nothing was done."
    )
    finished(response, "skipped", {"channels skipped": 1}, reason)
    assert Event.objects.get().message == reason


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "master",
            "Sandbox Master is the Master Product Channel: products are imported from it, never "
            "exported to it.",
        ),
        ("fulfillment", "Sandbox 3PL channels cannot export products."),
    ],
)
def test_export_to_the_master_or_a_kind_that_cannot_is_409_and_changes_nothing(
    client, master, outlets, api_key, name, message
):
    # given
    fulfillment = make_channel(outlets.shop.account, "3PL", "sandbox_fulfillment", "fulfillment")
    channel = master if name == "master" else fulfillment
    before = sync_state()

    # when
    response = run(client, channel, api_key, "export")

    # then
    assert response.status_code == 409
    assert response.json() == error("conflict", message)
    assert sync_state() == before
