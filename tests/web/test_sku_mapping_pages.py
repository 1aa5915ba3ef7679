"""A channel's SKU Mappings tab as the article walks through it: list, search, pagination,
Create with the Product Variant picker, Edit, Delete, and Maintenance → Export, Template, Import."""

from __future__ import annotations

import pytest

from openoms.activity.models import FileImport
from openoms.tenancy.roles import Role
from tests.file_imports import immediate_tasks, upload, uploads  # noqa: F401
from tests.inventory.stock import make_variants
from tests.web.catalog_data import text
from tests.web.channel_data import channel_url, make_channel, make_store, map_sku, mappings_of


@pytest.fixture
def user(signed_in):
    """An Account User: SKU mappings are managed by every role."""
    return signed_in(Role.ACCOUNT_USER)


@pytest.fixture
def store(tenant):
    return make_store(tenant.account)


@pytest.fixture
def variants(tenant):
    found = make_variants(tenant.account, "TEE-S", "TEE-M", "CAP-1", product_name="Trail Tee")
    found["TEE-M"].name = "Medium"
    found["TEE-M"].save()
    return found


def test_the_list_shows_each_mapping_with_its_variant(user, store, variants):
    # given
    map_sku(store, "shop-tee-m", variants["TEE-M"])
    # when
    html = text(user.get(channel_url(store, "sku-mappings/")))
    # then
    assert "<th>Sales Channel SKU</th><th>OpenOMS SKU</th><th>Product Variant</th>" in html
    assert "<td><code>shop-tee-m</code></td>\n              <td><code>TEE-M</code></td>" in html
    assert "<td>Trail Tee — Medium</td>" in html
    assert 'data-confirm="Delete the mapping of shop-tee-m?"' in html


def test_search_finds_channel_or_openoms_skus(user, store, variants):
    # given
    map_sku(store, "shop-tee-m", variants["TEE-M"])
    map_sku(store, "shop-cap", variants["CAP-1"])
    url = channel_url(store, "sku-mappings/")
    # when
    by_channel_sku = text(user.get(url, {"q": "SHOP-TEE"}))
    by_openoms_sku = text(user.get(url, {"q": "cap-1"}))
    nothing = text(user.get(url, {"q": "zzz"}))
    # then
    assert "shop-tee-m" in by_channel_sku and "shop-cap" not in by_channel_sku
    assert "shop-cap" in by_openoms_sku and "shop-tee-m" not in by_openoms_sku
    assert "Nothing found for “zzz”." in nothing


def test_the_list_is_paginated_by_fifty(user, store, variants):
    # given
    for number in range(51):
        map_sku(store, f"shop-{number:03}", variants["TEE-S"])
    url = channel_url(store, "sku-mappings/")
    # when
    first, second = text(user.get(url)), text(user.get(url, {"page": "2"}))
    # then
    assert "Page 1 of 2 · 51 entries" in first
    assert "shop-049" in first and "shop-050" not in first
    assert "shop-050" in second and "shop-000" not in second


def test_the_picker_searches_variants_and_fills_the_openoms_sku(user, store, variants):
    # given
    base = channel_url(store, "sku-mappings/variants/")
    # when
    results = text(user.get(base, {"variant": "medium"}))
    picked = text(user.get(f"{base}{variants['TEE-M'].pk}/"))
    # then
    assert f'hx-get="{base}{variants["TEE-M"].pk}/"' in results
    assert "<code>TEE-M</code> <span>Trail Tee — Medium</span>" in results
    assert "TEE-S" not in results
    assert 'name="sku" value="TEE-M" readonly' in picked
    assert '<p class="picked">Trail Tee — Medium</p>' in picked
    assert (
        'id="variant-results" class="picker-results" aria-live="polite" hx-swap-oob="true"'
        in picked
    )


def test_the_create_form_is_the_articles(user, store):
    # when
    html = text(user.get(channel_url(store, "sku-mappings/new/")))
    # then
    assert '<label for="id_channel_sku">Sales Channel SKU</label>' in html
    assert '<label for="variant-search">Product Variant</label>' in html
    assert '<label for="id_sku">OpenOMS SKU</label>' in html
    assert 'name="sku" readonly' in html


def test_a_fulfillment_channel_asks_for_the_fulfillment_channel_sku(user, tenant):
    # given
    threepl = make_channel(tenant.account, "Acme 3PL", "sandbox_fulfillment", "fulfillment")
    # when
    html = text(user.get(channel_url(threepl, "sku-mappings/new/")))
    # then
    assert '<label for="id_channel_sku">Fulfillment Channel SKU</label>' in html


def test_create_saves_the_mapping(user, store, variants):
    # when
    response = user.post(
        channel_url(store, "sku-mappings/new/"), {"channel_sku": "shop tee/m", "sku": "TEE-M"}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == channel_url(store, "sku-mappings/")
    assert mappings_of(store) == {"shop tee/m": "TEE-M"}
    assert "SKU mapping saved: shop tee/m → TEE-M." in text(user.get(response["Location"]))


def test_create_without_a_picked_variant_asks_for_it(user, store, variants):
    # when
    response = user.post(channel_url(store, "sku-mappings/new/"), {"channel_sku": "shop-1"})
    # then
    assert "Search for and pick the Product Variant: the OpenOMS SKU fills in from it." in text(
        response
    )
    assert mappings_of(store) == {}


def test_create_refuses_a_channel_sku_already_mapped(user, store, variants):
    # given
    map_sku(store, "shop-1", variants["TEE-S"])
    # when
    response = user.post(
        channel_url(store, "sku-mappings/new/"), {"channel_sku": "shop-1", "sku": "TEE-M"}
    )
    # then
    assert "shop-1 is already mapped (to TEE-S): edit that mapping instead." in text(response)
    assert mappings_of(store) == {"shop-1": "TEE-S"}


def test_a_service_error_stays_on_the_form(user, store, variants):
    # when
    response = user.post(
        channel_url(store, "sku-mappings/new/"), {"channel_sku": " padded", "sku": "TEE-M"}
    )
    # then
    html = text(response)
    assert "The channel SKU ' padded' starts or ends with a space; remove it." in html
    assert 'name="sku" value="TEE-M" readonly' in html
    assert '<p class="picked">Trail Tee — Medium</p>' in html


def test_edit_changes_the_variant_but_not_the_channel_sku(user, store, variants):
    # given
    mapping = map_sku(store, "shop-1", variants["TEE-S"])
    url = channel_url(store, f"sku-mappings/{mapping.pk}/")
    # when
    page = text(user.get(url))
    response = user.post(url, {"channel_sku": "renamed", "sku": "TEE-M"})
    # then
    assert "A channel SKU never changes: delete the mapping to replace it." in page
    assert 'name="sku" value="TEE-S" readonly' in page
    assert response.status_code == 302
    assert mappings_of(store) == {"shop-1": "TEE-M"}


def test_delete_removes_the_mapping(user, store, variants):
    # given
    mapping = map_sku(store, "shop-1", variants["TEE-S"])
    # when
    response = user.post(channel_url(store, f"sku-mappings/{mapping.pk}/delete/"), follow=True)
    # then
    assert mappings_of(store) == {}
    assert "SKU mapping of shop-1 deleted." in text(response)


def test_export_with_no_mappings_is_the_blank_template(user, store):
    # when
    export = user.get(channel_url(store, "sku-mappings/export/"))
    template = user.get(channel_url(store, "sku-mappings/template/"))
    # then
    assert export["Content-Disposition"] == 'attachment; filename="C_SKU_Mappings.csv"'
    assert b"".join(export.streaming_content) == b"SKU,Channel SKU\r\n"
    assert template["Content-Disposition"] == 'attachment; filename="C_SKU_Mappings.csv"'
    assert template.content == b"SKU,Channel SKU\r\n"


def test_export_lists_the_mappings_openoms_sku_first(user, store, variants):
    # given
    map_sku(store, "shop, tee", variants["TEE-M"])
    # when
    export = user.get(channel_url(store, "sku-mappings/export/"))
    # then
    assert b"".join(export.streaming_content) == b'SKU,Channel SKU\r\nTEE-M,"shop, tee"\r\n'


@pytest.mark.usefixtures("immediate_tasks", "uploads")
def test_import_opens_the_report_with_a_way_back(
    user, store, variants, django_capture_on_commit_callbacks
):
    # given
    content = "SKU,Channel SKU\r\nTEE-M,shop-m\r\nNOPE,shop-x\r\n"
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = user.post(
            channel_url(store, "sku-mappings/import/"),
            {"file": upload(content, "C_SKU_Mappings.csv")},
        )
    report = user.get(response["Location"])
    # then
    file_import = FileImport.objects.get()
    assert response["Location"] == f"/imports/{file_import.pk}/"
    html = text(report)
    assert (
        f'<a class="btn" href="{channel_url(store, "sku-mappings/")}">Back to sku mappings</a>'
        in html
    )
    assert '<td class="num">3</td>' in html
    assert "Unknown OpenOMS SKU 'NOPE': no product variant of this account has it." in html
    assert mappings_of(store) == {"shop-m": "TEE-M"}


@pytest.mark.usefixtures("uploads")
def test_a_refused_file_goes_back_with_the_reason(user, store):
    # when
    response = user.post(
        channel_url(store, "sku-mappings/import/"),
        {"file": upload("Channel SKU,SKU\r\n", "C_SKU_Mappings.csv")},
        follow=True,
    )
    # then
    assert response.redirect_chain[-1][0] == channel_url(store, "sku-mappings/")
    assert '<div class="flash flash-error">' in text(response)
    assert not FileImport.objects.exists()
