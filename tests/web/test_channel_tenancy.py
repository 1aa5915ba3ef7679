"""Channel pages and tenancy: another tenant's (or another account's) channels and mappings are
not found and stay untouched; a saved secret appears on no page."""

from __future__ import annotations

import pytest

from openoms.channels.models import Channel, SkuMapping
from openoms.tenancy.roles import Role
from tests.inventory.stock import make_variants
from tests.web.catalog_data import text
from tests.web.channel_data import SECRET, channel_url, make_store, map_sku, mappings_of

PAGES = [
    "",
    "sku-mappings/",
    "sku-mappings/new/",
    "sku-mappings/export/",
    "sku-mappings/template/",
    "sku-mappings/variants/?variant=TEE",
    "warehouse-mappings/",
]


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ORGANIZATION_OWNER)


@pytest.fixture
def theirs(other_tenant):
    """Another organization's store with one mapping."""
    channel = make_store(other_tenant.account, "Globex Shopify")
    map_sku(channel, "G-TEE", make_variants(other_tenant.account, "G-TEE-1")["G-TEE-1"])
    return channel


def _posts(channel: Channel) -> list[tuple[str, dict]]:
    mapping = SkuMapping.objects.filter(channel=channel).first()
    return [
        ("", {"name": "Hacked", "is_enabled": "no", "is_beta": "stable"}),
        ("sku-mappings/new/", {"channel_sku": "X", "sku": "G-TEE-1"}),
        (f"sku-mappings/{mapping.pk}/", {"sku": "G-TEE-1"}),
        (f"sku-mappings/{mapping.pk}/delete/", {}),
        ("warehouse-mappings/", {"row": ""}),
        ("sync/import-products/", {}),
        ("sync/export-products/", {}),
    ]


@pytest.mark.parametrize("tail", PAGES)
def test_another_tenants_channel_pages_are_not_found(admin, theirs, tail):
    # when
    response = admin.get(channel_url(theirs, tail))
    # then
    assert response.status_code == 404


def test_another_tenants_channel_cannot_be_changed(admin, theirs):
    # when
    statuses = {
        admin.post(channel_url(theirs, tail), data).status_code for tail, data in _posts(theirs)
    }
    # then
    assert statuses == {404}
    theirs.refresh_from_db()
    assert (theirs.name, theirs.is_enabled) == ("Globex Shopify", True)
    assert mappings_of(theirs) == {"G-TEE": "G-TEE-1"}


def test_another_tenants_channels_are_not_listed(admin, theirs):
    # when
    html = text(admin.get("/sales-channels/"))
    # then
    assert "Globex" not in html


def test_a_channel_of_the_other_account_is_not_found_from_this_one(admin, tenant):
    # given: the header has tenant.account selected
    elsewhere = make_store(tenant.second_account, "Outdoor Shopify")
    # when
    response = admin.get(channel_url(elsewhere))
    # then
    assert response.status_code == 404


def test_a_mapping_of_another_channel_is_not_found_through_ours(admin, tenant, theirs):
    # given
    ours = make_store(tenant.account)
    their_mapping = SkuMapping.objects.get(channel=theirs)
    # when
    edit = admin.get(channel_url(ours, f"sku-mappings/{their_mapping.pk}/"))
    delete = admin.post(channel_url(ours, f"sku-mappings/{their_mapping.pk}/delete/"))
    # then
    assert (edit.status_code, delete.status_code) == (404, 404)
    assert SkuMapping.objects.filter(pk=their_mapping.pk).exists()


def test_the_picker_never_offers_another_tenants_variants(admin, tenant, theirs):
    # given
    ours = make_store(tenant.account)
    their_variant = SkuMapping.objects.get(channel=theirs).variant
    # when
    results = text(admin.get(channel_url(ours, "sku-mappings/variants/"), {"variant": "G-TEE"}))
    pick = admin.get(channel_url(ours, f"sku-mappings/variants/{their_variant.pk}/"))
    # then
    assert "No variant matches “G-TEE”." in results
    assert pick.status_code == 404


def test_a_saved_secret_is_on_no_page(admin, tenant):
    # given
    store = make_store(tenant.account)
    data = {"name": "", "is_enabled": "yes", "is_beta": "beta", "shopify-access_token": SECRET}
    # when
    pages = [admin.get(channel_url(store, tail)) for tail in PAGES if "export" not in tail]
    pages += [admin.get("/sales-channels/"), admin.get("/settings/account/")]
    pages.append(admin.post(channel_url(store), data))
    # then
    assert pages[-1].status_code == 200
    for page in pages:
        assert SECRET not in page.content.decode()
