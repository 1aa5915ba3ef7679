"""The Master Product Source on Workflow Settings (the channel picker, filtered by type, with
disabled channels suffixed) and the read-only catalog when a channel is the master."""

from __future__ import annotations

import pytest

from openoms.catalog.models import Product
from openoms.channels.models import Channel
from openoms.tenancy.models import AuditEntry, MasterProductSource
from openoms.tenancy.roles import Role
from tests.inventory.stock import make_variants
from tests.web.catalog_data import product_post, text
from tests.web.channel_data import make_channel, make_store
from tests.web.conftest import SETTINGS_URL, settings_post

READ_ONLY_NOTE = (
    "Products of this account come from Acme Shopify (its Master Product Channel): edit them "
    "there; OpenOMS updates them on the next Import Products."
)


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ACCOUNT_ADMINISTRATOR)


@pytest.fixture
def outlets(tenant) -> dict[str, Channel]:
    return {
        "store": make_store(tenant.account),
        "legacy": make_channel(tenant.account, "Old Portal", is_enabled=False),
        "bob": make_channel(
            tenant.account, "Acme ShipBob", "shipbob", "fulfillment", credentials={"x": "y"}
        ),
        "sandbox3pl": make_channel(
            tenant.account, "Sandbox 3PL", "sandbox_fulfillment", "fulfillment"
        ),
    }


def option(channel: Channel, label: str, source: str) -> str:
    return f'<option value="{channel.pk}" data-source="{source}">{label}</option>'


@pytest.fixture
def channel_master(tenant, outlets) -> Channel:
    tenant.account.master_product_source = MasterProductSource.SALES_CHANNEL
    tenant.account.save()
    outlets["store"].is_product_master = True
    outlets["store"].save()
    return outlets["store"]


def test_the_picker_offers_importing_channels_with_their_source(admin, outlets):
    # when
    html = text(admin.get(SETTINGS_URL))
    # then
    assert option(outlets["store"], "Acme Shopify — Sales Channel", "sales_channel") in html
    assert (
        option(outlets["legacy"], "Old Portal (disabled) — Sales Channel", "sales_channel") in html
    )
    assert (
        option(outlets["bob"], "Acme ShipBob — Fulfillment Channel", "fulfillment_channel") in html
    )
    assert "Sandbox 3PL" not in html
    assert "data-channel-field hidden" in html
    assert 'data-channel-note="sales_channel" hidden' in html


def test_the_no_channel_note_shows_for_a_source_without_channels(admin, tenant):
    # given
    make_channel(tenant.account, "Sandbox 3PL", "sandbox_fulfillment", "fulfillment")
    make_store(tenant.account)
    # when
    response = admin.post(
        SETTINGS_URL, settings_post(tenant.account, master_product_source="fulfillment_channel")
    )
    # then
    html = text(response)
    assert (
        '<p class="field-note" data-channel-note="fulfillment_channel">No fulfillment channel '
        "that can import products exists in this account yet. Add one under Fulfillment "
        "Channels → Channels.</p>" in html
    )
    assert 'data-channel-note="sales_channel" hidden' in html


def test_a_disabled_channel_can_be_the_master_and_the_change_is_recorded(admin, tenant, outlets):
    # given
    data = settings_post(
        tenant.account,
        master_product_source="sales_channel",
        master_product_channel=outlets["legacy"].pk,
    )
    # when
    response = admin.post(SETTINGS_URL, data)
    # then
    assert response.status_code == 302
    tenant.account.refresh_from_db()
    outlets["legacy"].refresh_from_db()
    assert tenant.account.master_product_source == "sales_channel"
    assert outlets["legacy"].is_product_master
    entry = AuditEntry.objects.get(account=tenant.account, field="master_product_channel")
    assert (entry.old_value, entry.new_value) == (
        "(empty)",
        "Old Portal (disabled) — Sales Channel",
    )


def test_a_channel_of_the_other_type_is_refused(admin, tenant, outlets):
    # when
    response = admin.post(
        SETTINGS_URL,
        settings_post(
            tenant.account,
            master_product_source="sales_channel",
            master_product_channel=outlets["bob"].pk,
        ),
    )
    # then
    assert "Choose the Master Product Channel among the account's sales channels" in text(response)
    tenant.account.refresh_from_db()
    assert tenant.account.master_product_source == "openoms"


def test_products_of_a_channel_master_are_read_only_with_a_note(admin, tenant, channel_master):
    # given
    product = make_variants(tenant.account, "TEE-S")["TEE-S"].product
    # when
    listing = text(admin.get("/products/"))
    page = text(admin.get(f"/products/{product.pk}/"))
    # then
    assert READ_ONLY_NOTE in listing and READ_ONLY_NOTE in page
    assert "Create product" not in listing
    assert "/products/import/" not in listing
    assert "/products/export/" in listing
    assert 'name="name" value="Tee" maxlength="200" disabled' in page
    assert 'name="variants-0-sku" value="TEE-S" aria-label="SKU, variant 1" disabled' in page
    assert ">Save</button>" not in page
    assert '<button type="submit" class="btn">Archive</button>' in page


def test_create_is_not_offered_when_a_channel_is_master(admin, tenant, channel_master):
    # when
    page = admin.get("/products/new/", follow=True)
    post = admin.post("/products/new/", product_post("Tee", "active", {"sku": "TEE"}))
    # then
    assert page.redirect_chain[-1][0] == "/products/"
    assert f'<div class="flash flash-info">{READ_ONLY_NOTE}</div>' in text(page)
    assert post.status_code == 302
    assert not Product.objects.filter(account=tenant.account).exists()
