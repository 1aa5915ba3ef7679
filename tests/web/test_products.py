"""Products pages: list and search, create and edit with measures in the account's units, inline
errors per variant cell, archive and restore."""

from __future__ import annotations

from decimal import Decimal

from openoms.catalog.models import Product, ProductVariant
from openoms.tenancy.roles import Role
from tests.inventory.stock import make_variants
from tests.web.catalog_data import product_post, stored_variant, text

NEW = "/products/new/"


def in_pounds_and_inches(account) -> None:
    account.weight_unit, account.size_unit = "lb", "in"
    account.save()


def test_create_a_product_with_measures_in_the_accounts_units(signed_in, tenant):
    # given an account that works in pounds and inches
    in_pounds_and_inches(tenant.account)
    client = signed_in(Role.ACCOUNT_USER)
    data = product_post(
        "Trail Tee",
        "active",
        {"sku": "TEE-S", "name": "Small", "weight": "2", "length": "10", "price": "34.5"},
        {"sku": "TEE-M", "barcode": "036000291452"},
        {},
    )
    # when
    response = client.post(NEW, data)
    # then the measures are stored in g and mm, and the blank third row is ignored
    product = Product.objects.get(account=tenant.account, name="Trail Tee")
    assert (response.status_code, response.url) == (302, f"/products/{product.pk}/")
    small = stored_variant(tenant.account, "TEE-S")
    assert (small.weight_g, small.length_mm, small.price) == (
        Decimal("907.185"),
        Decimal("254.000"),
        Decimal("34.50"),
    )
    assert stored_variant(tenant.account, "TEE-M").barcode == "036000291452"
    assert product.variants.count() == 2


def test_the_product_page_shows_measures_in_the_accounts_units(signed_in, tenant):
    # given
    in_pounds_and_inches(tenant.account)
    client = signed_in(Role.ACCOUNT_USER)
    client.post(NEW, product_post("Trail Tee", "active", {"sku": "TEE-S", "weight": "2"}))
    product = Product.objects.get(name="Trail Tee")
    # when
    html = client.get(f"/products/{product.pk}/").content.decode()
    # then
    assert '<th class="col-weight">Weight (lb)</th>' in html
    assert '<th class="col-length">Length (in)</th>' in html
    assert 'name="variants-0-weight" value="2.000"' in html
    assert f'name="variants-0-id" value="{stored_variant(tenant.account, "TEE-S").pk}"' in html


def test_a_duplicate_sku_is_shown_on_its_cell_and_nothing_is_created(signed_in, tenant):
    # given SKU-1 already belongs to another product
    make_variants(tenant.account, "SKU-1", product_name="Harbour Hoodie")
    client = signed_in(Role.ACCOUNT_USER)
    data = product_post("Trail Tee", "active", {"sku": "TEE-S"}, {"sku": "SKU-1"})
    # when
    response = client.post(NEW, data)
    # then
    page = text(response)
    assert response.status_code == 200
    assert "SKU 'SKU-1' already exists in product 'Harbour Hoodie'." in page
    assert '<td class="col-sku has-error">' in page
    assert 'name="variants-1-sku" value="SKU-1"' in page
    assert not Product.objects.filter(name="Trail Tee").exists()


def test_a_sku_with_surrounding_space_and_a_bad_barcode_are_refused(signed_in, tenant):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    data = product_post("Trail Tee", "active", {"sku": " TEE-S", "barcode": "036000291453"})
    # when
    response = client.post(NEW, data)
    # then both errors are on row 0, the posted values are kept
    page = text(response)
    assert "The SKU ' TEE-S' starts or ends with a space; remove it." in page
    assert "The barcode '036000291453' has a wrong check digit." in page
    assert '<td class="col-barcode has-error">' in page
    assert 'name="variants-0-sku" value=" TEE-S"' in page
    assert ProductVariant.objects.count() == 0


def test_a_product_needs_a_name_and_a_variant(signed_in):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    response = client.post(NEW, product_post("", "active", {}))
    # then
    page = text(response)
    assert "The product name is required." in page
    assert "Add at least one variant with its SKU." in page
    assert Product.objects.count() == 0


def test_add_variant_without_javascript_adds_a_blank_row_and_saves_nothing(signed_in):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    data = {**product_post("Trail Tee", "active", {"sku": "TEE-S"}), "add_variant": "1"}
    # when
    response = client.post(NEW, data)
    # then
    html = response.content.decode()
    assert 'name="variants-0-sku" value="TEE-S"' in html
    assert 'name="variants-1-sku" value=""' in html
    assert Product.objects.count() == 0


def test_editing_changes_a_variant_and_adds_another(signed_in, tenant):
    # given
    variants = make_variants(tenant.account, "TEE-S", product_name="Trail Tee")
    product = variants["TEE-S"].product
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    data = product_post(
        "Trail Tee v2",
        "active",
        {"id": variants["TEE-S"].pk, "sku": "TEE-S", "name": "Small", "price": "30"},
        {"sku": "TEE-M", "name": "Medium"},
    )
    # when
    response = client.post(f"/products/{product.pk}/", data)
    # then
    assert (response.status_code, response.url) == (302, f"/products/{product.pk}/")
    product.refresh_from_db()
    assert product.name == "Trail Tee v2"
    assert sorted(product.variants.values_list("sku", "name")) == [
        ("TEE-M", "Medium"),
        ("TEE-S", "Small"),
    ]
    assert stored_variant(tenant.account, "TEE-S").price == Decimal("30.00")


def test_a_variant_of_another_product_cannot_be_edited_through_this_one(signed_in, tenant):
    # given
    mine = make_variants(tenant.account, "TEE-S", product_name="Trail Tee")["TEE-S"]
    other = make_variants(tenant.account, "HOOD-S", product_name="Hoodie")["HOOD-S"]
    client = signed_in(Role.ACCOUNT_USER)
    data = product_post("Trail Tee", "active", {"id": other.pk, "sku": "STOLEN"})
    # when
    response = client.post(f"/products/{mine.product_id}/", data)
    # then
    assert "This variant does not belong to the product." in text(response)
    assert stored_variant(tenant.account, "HOOD-S").product_id == other.product_id
    assert not ProductVariant.objects.filter(sku="STOLEN").exists()


def test_archive_then_restore(signed_in, tenant):
    # given
    product = make_variants(tenant.account, "TEE-S", product_name="Trail Tee")["TEE-S"].product
    client = signed_in(Role.ACCOUNT_USER)
    url = f"/products/{product.pk}/status/"
    # when
    archived = client.post(url, {"status": "archived"}, follow=True)
    status_after_archive = Product.objects.get(pk=product.pk).status
    restored = client.post(url, {"status": "active"}, follow=True)
    # then
    assert status_after_archive == "archived"
    assert "Product “Trail Tee” archived." in text(archived)
    assert "Product “Trail Tee” restored." in text(restored)
    assert Product.objects.get(pk=product.pk).status == "active"


def test_the_list_searches_sku_name_and_barcode_and_filters_status(signed_in, tenant):
    # given
    make_variants(tenant.account, "TEE-S", "TEE-M", product_name="Trail Tee")
    hoodie = make_variants(tenant.account, "HOOD-S", product_name="Harbour Hoodie")["HOOD-S"]
    hoodie.barcode = "036000291452"
    hoodie.save()
    make_variants(tenant.account, "OLD-1", product_name="Old Cap")
    Product.objects.filter(name="Old Cap").update(status="archived")
    client = signed_in(Role.ACCOUNT_USER)
    # when
    active = text(client.get("/products/"))
    by_sku = text(client.get("/products/?q=tee-m"))
    by_barcode = text(client.get("/products/?q=036000291452"))
    archived = text(client.get("/products/?status=archived"))
    # then
    assert "Trail Tee" in active and "Harbour Hoodie" in active and "Old Cap" not in active
    assert "2 <span" in active and "<code>TEE-M</code>" in active
    assert "Trail Tee" in by_sku and "Harbour Hoodie" not in by_sku
    assert "Harbour Hoodie" in by_barcode and "Trail Tee" not in by_barcode
    assert "Old Cap" in archived and "Trail Tee" not in archived


def test_the_list_is_paginated_by_50_and_keeps_the_filters(signed_in, tenant):
    # given
    for number in range(51):
        make_variants(tenant.account, f"SKU-{number:02d}", product_name=f"Product {number:02d}")
    client = signed_in(Role.ACCOUNT_USER)
    # when
    first = client.get("/products/?q=Product").content.decode()
    second = client.get("/products/?q=Product&page=2").content.decode()
    # then
    assert "Page 1 of 2 · 51 entries" in first
    assert 'href="?q=Product&amp;page=2"' in first
    assert "Product 50" in second and "Product 00" not in second
