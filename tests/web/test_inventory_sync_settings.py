"""A sales channel's Main Settings: Inventory Synchronization (seed 002, issue 13 §1-4, §8) — the
mode and Duplicate SKU of a beta channel with the trigger table, the account setting a stable one
follows, the preview before sending starts; nothing of it on a fulfillment channel."""

from __future__ import annotations

import re

import pytest

from openoms.activity.models import Event
from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.sync.models import PendingPush
from openoms.tenancy.roles import Role
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level
from tests.web.channel_data import SECRET, channel_url, make_channel, make_store

DNS, RT, FC = "do_not_sync", "real_time", "sync_with_fulfillment_channel"
TABLE_HEAD = re.compile(r'<th scope="col" data-column="(\w+)"( class="is-current")?')


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ACCOUNT_ADMINISTRATOR)


@pytest.fixture
def store(tenant) -> Channel:
    """A beta Shopify store: location "101" fed by warehouse A, where SKU-1 (SHOP-1) has 5."""
    store = make_store(tenant.account)
    warehouse = make_warehouse(tenant.organization, "A")
    enable(tenant.account, warehouse)
    variant = make_variants(tenant.account, "SKU-1")["SKU-1"]
    set_level(tenant.account, variant, warehouse, 5)
    WarehouseMapping.objects.create(channel=store, warehouse=warehouse, external_id="101")
    SkuMapping.objects.create(
        account=tenant.account, channel=store, channel_sku="SHOP-1", variant=variant
    )
    return store


def store_post(store: Channel, **fields) -> dict[str, str]:
    """The Shopify store's settings as the browser posts them (the token left empty: kept)."""
    data = {
        "name": store.name,
        "is_enabled": "yes",
        "is_beta": "beta",
        "shopify-shop_domain": "acme.myshopify.com",
        "api_base_url": "",
        "pii_retention_days": "",
        "inventory_sync_mode": store.inventory_sync_mode,
        "update_duplicate_skus": "yes" if store.update_duplicate_skus else "no",
    }
    return data | fields


def stored(channel: Channel) -> tuple[str, bool]:
    row = Channel.objects.get(pk=channel.pk)
    return row.inventory_sync_mode, row.update_duplicate_skus


def table_columns(html: str) -> list[tuple[str, bool]]:
    """The trigger table's columns, each with whether it is highlighted."""
    return [(key, bool(current)) for key, current in TABLE_HEAD.findall(html)]


def test_a_beta_store_shows_the_modes_duplicates_and_the_table_on_its_mode(admin, store):
    # when
    html = admin.get(channel_url(store)).content.decode()

    # then
    assert '<option value="sync_with_fulfillment_channel" selected>' in html
    assert "<strong>Real-Time Adjustment:</strong> Sends each change as it happens" in html
    select = re.search(r'<select name="update_duplicate_skus"[^>]*>', html).group(0)
    assert "disabled" not in select
    assert '<option value="no" selected>No</option>' in html
    assert table_columns(html) == [(DNS, False), (RT, False), (FC, True)]
    row = re.search(r"<tr><th scope=\"row\">Adjust Inventory Manually</th>(.*?)</tr>", html)
    assert re.findall(r">([^<]+)</td>", row.group(1)) == ["—", "✓ delta", "—"]
    assert "web/inventory_sync.js" in html


def test_a_kind_that_cannot_update_duplicates_shows_the_field_read_only_with_why(admin, tenant):
    # given
    sandbox = make_channel(tenant.account, "Sandbox Store")

    # when
    html = admin.get(channel_url(sandbox)).content.decode()

    # then
    select = re.search(r'<select name="update_duplicate_skus"[^>]*>', html).group(0)
    assert "disabled" in select
    assert (
        "Sandbox store channels cannot update listings that share a SKU yet; only Shopify can."
        in html
    )


def test_a_stable_store_shows_the_account_setting_it_follows_and_the_stable_columns(admin, tenant):
    # given
    tenant.account.enable_inventory_real_time_updates = False
    tenant.account.save()
    stable = make_store(tenant.account, "Stable Shop", is_beta=False)

    # when
    html = admin.get(channel_url(stable)).content.decode()

    # then
    assert 'name="inventory_sync_mode"' not in html
    assert 'name="update_duplicate_skus"' not in html
    assert (
        'follow the account\'s <a href="/settings/account/#tab-workflow">Enable Inventory '
        "Real-Time Updates</a>, now <strong>No</strong>"
    ) in html
    assert table_columns(html) == [("stable_real_time", False), ("stable_off", True)]


def test_a_fulfillment_channel_has_no_inventory_synchronization(admin, tenant):
    # given
    threepl = make_channel(tenant.account, "3PL", "sandbox_fulfillment", "fulfillment")

    # when
    html = admin.get(channel_url(threepl)).content.decode()

    # then
    assert 'name="served_warehouses"' in html or "no enabled physical warehouse" in html
    assert "Inventory Synchronization" not in html
    assert "data-trigger-table" not in html


def test_a_mode_change_is_saved_by_the_page_save(admin, store):
    # when
    response = admin.post(channel_url(store), store_post(store, inventory_sync_mode=RT))

    # then
    assert (response.status_code, response.url) == (302, channel_url(store))
    assert stored(store) == (RT, False)
    assert Channel.objects.get(pk=store.pk).credentials["access_token"] == SECRET


def test_duplicates_on_warns_and_switches_the_mode_saying_so_on_the_page(admin, store):
    # given
    store.inventory_sync_mode = RT
    store.save()

    # when
    response = admin.post(
        channel_url(store), store_post(store, update_duplicate_skus="yes"), follow=True
    )

    # then
    html = response.content.decode()
    assert stored(store) == (FC, True)
    assert "Updating every listing that shares a SKU may lead to overselling" in html
    assert (
        "Duplicate SKU is on, so Inventory Synchronization with Sales Channel was switched from "
        "Real-Time Adjustment to Synchronize With Fulfillment Channel."
    ) in html
    assert table_columns(html) == [(DNS, False), (RT, False), (FC, True)]


def test_another_mode_while_duplicates_are_on_is_refused_on_the_field(admin, store):
    # given
    store.update_duplicate_skus = True
    store.save()

    # when
    response = admin.post(
        channel_url(store), store_post(store, inventory_sync_mode=RT, name="Renamed")
    )

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "While Duplicate SKU is Yes the mode stays Synchronize With Fulfillment Channel" in html
    assert stored(store) == (FC, True)
    assert Channel.objects.get(pk=store.pk).name == "Acme Shopify"


def test_leaving_do_not_sync_shows_the_preview_and_saves_only_once_confirmed(admin, store):
    # given
    store.inventory_sync_mode = DNS
    store.save()
    data = store_post(store, inventory_sync_mode=RT, name="Acme Shop")

    # when
    first = admin.post(channel_url(store), data)
    after_first = (stored(store), Channel.objects.get(pk=store.pk).name)
    confirmed = admin.post(channel_url(store), data | {"confirm_inventory_preview": "1"})

    # then
    html = first.content.decode()
    assert first.status_code == 200
    assert "Nothing was saved yet." in html
    assert (
        "1 listing location checked: 0 would change, 0 of them to 0; 0 already hold the value; "
        "1 unknown (never sent nor read)."
    ) in html
    assert 'name="confirm_inventory_preview" value="1"' in html
    assert table_columns(html) == [(DNS, False), (RT, True), (FC, False)]
    assert after_first == ((DNS, False), "Acme Shopify")
    assert confirmed.status_code == 302
    assert (stored(store), Channel.objects.get(pk=store.pk).name) == ((RT, False), "Acme Shop")
    assert list(PendingPush.objects.filter(channel=store).values_list("channel_sku", "full")) == [
        ("SHOP-1", True)
    ]


def test_a_page_save_without_changing_them_records_no_inventory_event(admin, store):
    # when
    admin.post(channel_url(store), store_post(store))

    # then
    assert Event.objects.filter(channel_id=store.pk).count() == 0
    assert stored(store) == (FC, False)


def test_another_tenants_store_is_not_found(admin, other_tenant):
    # given
    theirs = make_store(other_tenant.account, "Globex Shopify")

    # when
    page = admin.get(channel_url(theirs))
    post = admin.post(channel_url(theirs), store_post(theirs, inventory_sync_mode=DNS))

    # then
    assert (page.status_code, post.status_code) == (404, 404)
    assert stored(theirs) == (FC, False)
