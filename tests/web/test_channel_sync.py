"""The Sync quick action of a channel page: Import Products only on the Master Product Channel
(elsewhere disabled with the reason, seed 000), Export Products, and the greyed connector items."""

from __future__ import annotations

import pytest

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


def test_import_products_is_disabled_with_the_reason_while_openoms_is_master(admin, tenant):
    # given
    store = make_store(tenant.account)
    # when
    html = text(admin.get(channel_url(store)))
    # then
    assert disabled_item("Import Products", OPENOMS_IS_MASTER) in html
    assert f'action="{channel_url(store, "sync/export-products/")}"' in html
    assert disabled_item("Push inventory", "Arrives with the connectors release.") in html
    assert disabled_item("Import orders", "Arrives with the connectors release.") in html


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
    response = admin.post(channel_url(other, "sync/import-products/"), follow=True)
    # then
    assert '<div class="flash flash-error">Only the Master Product Channel' in text(response)
    assert not ProductVariant.objects.filter(account=tenant.account).exists()


def test_import_products_on_the_master_imports_and_says_how_many(admin, tenant, master):
    # given
    page = text(admin.get(channel_url(master)))
    # when
    response = admin.post(channel_url(master, "sync/import-products/"), follow=True)
    # then
    assert f'action="{channel_url(master, "sync/import-products/")}"' in page
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
    assert '<div class="flash flash-success">Imported ' in text(response)
    assert f"{created} created, 0 updated, 0 unchanged" in text(response)


def test_a_disabled_master_imports_nothing_and_says_so(admin, tenant, master):
    # given
    master.is_enabled = False
    master.save()
    # when
    response = admin.post(channel_url(master, "sync/import-products/"), follow=True)
    # then
    assert (
        '<div class="flash flash-warning">Channel Sandbox Master is disabled: no product data '
        "was imported.</div>" in text(response)
    )


def test_export_products_sends_the_active_products(admin, tenant):
    # given
    make_variants(tenant.account, "TEE-S", "TEE-M")
    store = make_channel(tenant.account, "Sandbox Store")
    # when
    response = admin.post(channel_url(store, "sync/export-products/"), follow=True)
    # then
    assert '<div class="flash flash-success">Exported 2 SKUs to Sandbox Store.</div>' in text(
        response
    )


def test_sync_actions_are_posts(admin, tenant):
    # given
    store = make_store(tenant.account)
    # when
    response = admin.get(channel_url(store, "sync/export-products/"))
    # then
    assert response.status_code == 405
