"""Sales Channels → Channels and Fulfillment Channels → Channels: the list, Create, and a channel's
Main and Advanced Settings (credentials kept secret, served warehouses, PII retention)."""

from __future__ import annotations

import pytest

from openoms.channels.models import Channel, ChannelWarehouse
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable, make_warehouse
from tests.web.catalog_data import text
from tests.web.channel_data import SECRET, channel_url, make_channel, make_store

SHOPIFY = {"kind": "shopify", "name": "Acme Shopify", "is_enabled": "yes", "is_beta": "beta"}


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ACCOUNT_ADMINISTRATOR)


def settings_data(channel: Channel, **changes) -> dict[str, str]:
    """The Main/Advanced Settings form as a browser posts it (a secret left empty)."""
    data = {"name": channel.name, "is_enabled": "yes", "is_beta": "beta"}
    if channel.kind == "shopify":
        data.update({"shopify-shop_domain": "acme.myshopify.com", "shopify-access_token": ""})
    data.update(changes)
    return data


def test_the_menu_leads_to_both_channel_lists(admin):
    # when
    html = admin.get("/").content.decode()
    # then
    assert '<a href="/sales-channels/">Channels</a>' in html
    assert '<a href="/fulfillment-channels/">Channels</a>' in html


def test_the_list_shows_kind_release_state_and_the_master(admin, tenant):
    # given
    make_store(tenant.account, is_product_master=True)
    make_channel(tenant.account, "Old Portal", is_enabled=False, is_beta=False)
    make_channel(tenant.account, "Acme 3PL", "sandbox_fulfillment", "fulfillment")
    # when
    html = text(admin.get("/sales-channels/"))
    # then
    assert '<tr class="row-muted">' in html
    assert "Old Portal (disabled)</a>" in html
    assert "Acme Shopify</a>" in html
    assert html.count('<span class="badge badge-blue">Master Product Channel</span>') == 1
    assert '<span class="badge badge-green">Stable</span>' in html
    assert "Acme 3PL" not in html
    assert '<a class="btn btn-primary" href="/sales-channels/new/">Create channel</a>' in html


def test_create_offers_the_kinds_of_the_type_with_their_credentials(admin):
    # when
    html = text(admin.get("/sales-channels/new/"))
    # then
    assert '<option value="shopify" selected>Shopify</option>' in html
    assert '<option value="sandbox_sales">Sandbox store</option>' in html
    assert "shipbob" not in html
    assert "A Shopify store, through the Admin GraphQL API." in html
    assert "<legend>Shopify credentials</legend>" in html
    assert 'type="password" name="shopify-access_token"' in html


def test_create_saves_the_channel_and_never_shows_the_secret(admin, tenant):
    # when
    response = admin.post(
        "/sales-channels/new/",
        {**SHOPIFY, "shopify-shop_domain": "acme.myshopify.com", "shopify-access_token": SECRET},
        follow=True,
    )
    # then
    channel = Channel.objects.get(account=tenant.account)
    assert (channel.type, channel.kind, channel.credentials["access_token"]) == (
        "sales",
        "shopify",
        SECRET,
    )
    assert response.redirect_chain[-1][0] == channel_url(channel)
    html = text(response)
    assert "Channel “Acme Shopify” created." in html
    assert SECRET not in html
    assert "Saved — leave empty to keep it" in html
    assert 'value="acme.myshopify.com"' in html


def test_create_errors_go_to_their_fields_without_the_secret(admin, tenant):
    # when
    response = admin.post("/sales-channels/new/", {**SHOPIFY, "shopify-access_token": SECRET})
    # then
    html = text(response)
    assert response.status_code == 200
    assert "Shop Domain is required." in html
    assert SECRET not in html
    assert not Channel.objects.exists()


def test_a_kind_of_the_other_type_is_refused(admin):
    # when
    response = admin.post("/fulfillment-channels/new/", {**SHOPIFY, "shopify-shop_domain": "x"})
    # then
    assert "Choose one of the fulfillment channel kinds: shipbob, sandbox_fulfillment." in text(
        response
    )
    assert not Channel.objects.exists()


def test_main_settings_show_the_kind_and_hide_the_secret(admin, tenant):
    # given
    channel = make_store(tenant.account)
    # when
    html = text(admin.get(channel_url(channel)))
    # then
    assert SECRET not in html
    assert '<span class="chip">Import products</span>' in html
    assert (
        "Beta channels carry their own automation and inventory settings; stable channels "
        "follow the account's recurring jobs." in html
    )
    assert 'data-tab="main"' in html and 'data-tab="advanced"' in html
    assert ">SKU Mappings</a>" in html and ">Warehouse Mappings</a>" in html


def test_saving_with_the_secret_left_empty_keeps_it(admin, tenant):
    # given
    channel = make_store(tenant.account)
    # when
    response = admin.post(
        channel_url(channel),
        settings_data(channel, name="Acme Store", is_enabled="no", is_beta="stable"),
        follow=True,
    )
    # then
    channel.refresh_from_db()
    assert (channel.name, channel.is_enabled, channel.is_beta) == ("Acme Store", False, False)
    assert channel.credentials["access_token"] == SECRET
    html = text(response)
    assert "Channel settings saved." in html
    assert "<h1>Acme Store (disabled)" in html
    assert SECRET not in html


def test_a_new_secret_replaces_the_stored_one_and_is_not_shown(admin, tenant):
    # given
    channel = make_store(tenant.account)
    # when
    response = admin.post(
        channel_url(channel), settings_data(channel, **{"shopify-access_token": "NEW_TOKEN_9"})
    )
    page = admin.get(channel_url(channel))
    # then
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.credentials["access_token"] == "NEW_TOKEN_9"
    assert "NEW_TOKEN_9" not in text(page)


def test_a_bad_pii_retention_opens_the_advanced_tab_without_the_secret(admin, tenant):
    # given
    channel = make_store(tenant.account)
    # when
    response = admin.post(
        channel_url(channel),
        settings_data(channel, pii_retention_days="0", **{"shopify-access_token": SECRET}),
    )
    # then
    html = text(response)
    assert 'data-initial-tab="advanced"' in html
    assert "Wins over the account's PII retention for this channel's orders" in html
    assert SECRET not in html
    channel.refresh_from_db()
    assert channel.pii_retention_days is None


def test_the_pii_retention_is_saved(admin, tenant):
    # given
    channel = make_store(tenant.account)
    # when
    admin.post(channel_url(channel), settings_data(channel, pii_retention_days="30"))
    # then
    channel.refresh_from_db()
    assert channel.pii_retention_days == 30


def test_a_fulfillment_channel_serves_enabled_physical_warehouses(admin, tenant):
    # given
    tor, mtl = (
        make_warehouse(tenant.organization, "TOR-1"),
        make_warehouse(tenant.organization, "MTL-1"),
    )
    enable(tenant.account, tor, mtl)
    channel = make_channel(tenant.account, "Acme 3PL", "sandbox_fulfillment", "fulfillment")
    channel.credentials = {"warehouse_name": "acme"}
    channel.save()
    data = {"name": "Acme 3PL", "is_enabled": "yes", "is_beta": "beta"}
    data["sandbox_fulfillment-warehouse_name"] = "acme"
    # when
    page = text(admin.get(channel_url(channel)))
    response = admin.post(channel_url(channel), {**data, "served_warehouses": ["TOR-1"]})
    # then
    assert 'value="MTL-1"' in page and ">Warehouse Mappings</a>" in page
    assert 'name="api_base_url"' in page
    assert response.status_code == 302
    served = ChannelWarehouse.objects.filter(channel=channel)
    assert list(served.values_list("warehouse__code", flat=True)) == ["TOR-1"]


def test_an_account_user_reads_the_settings_but_cannot_save(signed_in, tenant):
    # given
    channel = make_store(tenant.account)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    page = text(client.get(channel_url(channel)))
    response = client.post(channel_url(channel), settings_data(channel, name="Hacked"))
    # then
    assert "You can read this channel's settings; your role may not change them." in page
    assert 'name="name" value="Acme Shopify" maxlength="120" disabled' in page
    assert "Create channel" not in text(client.get("/sales-channels/"))
    assert response.status_code == 403
    channel.refresh_from_db()
    assert channel.name == "Acme Shopify"


def test_a_channel_is_not_found_under_the_other_type(admin, tenant):
    # given
    channel = make_store(tenant.account)
    # when
    response = admin.get(f"/fulfillment-channels/{channel.pk}/")
    # then
    assert response.status_code == 404
