"""The Sync quick action of a channel page: each manual sync starts a run of the one pipeline and
shows the run's page; Import Products only on the Master Product Channel (elsewhere disabled with
the reason, seed 000); works whose connector or release comes later are greyed with the reason."""

from __future__ import annotations

import pytest

from openoms.automation.models import JobRun
from openoms.automation.services.runs import run_execute
from openoms.catalog.models import ProductVariant
from openoms.tenancy.models import MasterProductSource
from openoms.tenancy.roles import Role
from tests.inventory.stock import make_variants
from tests.web.catalog_data import text
from tests.web.channel_data import channel_url, make_channel, make_store

OPENOMS_IS_MASTER = (
    "OpenOMS is this account's Master Product Source: products are created in OpenOMS and "
    "exported to the channels, never imported."
)


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ACCOUNT_ADMINISTRATOR)


@pytest.fixture
def master(tenant):
    """A sandbox store, the Master Product Channel (the account's source: Sales Channel)."""
    tenant.account.master_product_source = MasterProductSource.SALES_CHANNEL
    tenant.account.save()
    return make_channel(tenant.account, "Sandbox Master", is_product_master=True)


def disabled_item(label: str, reason: str) -> str:
    return (
        '<button type="button" class="dropdown-item" disabled aria-disabled="true">'
        f"{label}<small>{reason}</small></button>"
    )


def sync_url(channel, job_type: str) -> str:
    return channel_url(channel, f"sync/{job_type}/")


def start_and_run(admin, channel, job_type: str):
    """Press the Sync item; the worker executes the run; → the run's page and the run."""
    started = admin.post(sync_url(channel, job_type))
    run = JobRun.objects.get()
    assert started.status_code == 302
    assert started["Location"] == f"/runs/{run.pk}/"
    run_execute(run.pk)
    return text(admin.get(started["Location"])), JobRun.objects.get(pk=run.pk)


def test_import_products_is_disabled_with_the_reason_while_openoms_is_master(admin, tenant):
    # given
    store = make_channel(tenant.account, "Sandbox Store")
    shop = make_store(tenant.account)
    # when
    html = text(admin.get(channel_url(store)))
    shop_html = text(admin.get(channel_url(shop)))
    # then
    assert disabled_item("Import Products", OPENOMS_IS_MASTER) in html
    assert f'action="{sync_url(store, "export_products")}"' in html
    assert f'action="{sync_url(store, "export_inventory")}"' in html
    assert (
        disabled_item(
            "Import Orders",
            "Sandbox Store is a Sandbox store channel: orders are imported from, and "
            "fulfillments sent to, Shopify channels only for now.",
        )
        in html
    )
    assert disabled_item("Import Products", OPENOMS_IS_MASTER) in shop_html
    assert f'action="{sync_url(shop, "export_products")}"' in shop_html
    assert f'action="{sync_url(shop, "export_inventory")}"' in shop_html


def test_import_products_is_disabled_on_a_channel_that_is_not_the_master(admin, tenant, master):
    # given
    other = make_channel(tenant.account, "Second Store")
    # when
    html = text(admin.get(channel_url(other)))
    # then
    reason = (
        "Only the Master Product Channel (Sandbox Master) imports products "
        "(Account → Workflow Settings)."
    )
    assert disabled_item("Import Products", reason) in html


def test_posting_import_products_on_another_channel_is_refused(admin, tenant, master):
    # given
    other = make_channel(tenant.account, "Second Store")
    # when
    response = admin.post(sync_url(other, "import_products"), follow=True)
    # then
    assert '<div class="flash flash-error">Only the Master Product Channel' in text(response)
    assert not ProductVariant.objects.filter(account=tenant.account).exists()
    assert not JobRun.objects.exists()


def test_import_products_on_the_master_imports_and_says_how_many(admin, tenant, master):
    # given
    page = text(admin.get(channel_url(master)))
    # when
    html, run = start_and_run(admin, master, "import_products")
    # then
    assert f'action="{sync_url(master, "import_products")}"' in page
    assert (
        disabled_item(
            "Export Products",
            "Sandbox Master is the Master Product Channel: products are imported from it, never "
            "exported to it.",
        )
        in page
    )
    created = ProductVariant.objects.filter(account=tenant.account).count()
    assert created > 0
    assert (run.status, run.trigger, run.channel_id) == ("succeeded", "manual", master.pk)
    assert run.counts == {"created": created, "updated": 0, "unchanged": 0, "skipped": 2}
    assert "Import Products of Sandbox Master started" in html
    assert f"{created} created, 0 updated, 0 unchanged" in html


def test_a_disabled_master_imports_nothing_and_says_so(admin, tenant, master):
    # given
    master.is_enabled = False
    master.save()
    # when
    html, run = start_and_run(admin, master, "import_products")
    # then
    reason = (
        "Import Products of Sandbox Master was skipped: the channel Sandbox Master is disabled."
    )
    assert (run.status, run.summary) == ("skipped", reason)
    assert reason in html


def test_export_products_sends_the_active_products(admin, tenant):
    # given
    make_variants(tenant.account, "TEE-S", "TEE-M")
    store = make_channel(tenant.account, "Sandbox Store")
    # when
    html, run = start_and_run(admin, store, "export_products")
    # then
    assert (run.status, run.counts) == ("succeeded", {"sent": 2})
    assert "Export Products to Sandbox Store: 2 SKUs sent." in html


def test_sync_actions_are_posts(admin, tenant):
    # given
    store = make_store(tenant.account)
    # when
    response = admin.get(sync_url(store, "export_products"))
    # then
    assert response.status_code == 405
