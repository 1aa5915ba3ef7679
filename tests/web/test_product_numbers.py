"""The product form with numbers no column can hold, and SKUs typed in other Unicode forms."""

from __future__ import annotations

import unicodedata

from openoms.activity.models import Event
from openoms.catalog.models import Product, ProductVariant
from openoms.tenancy.roles import Role
from tests.inventory.stock import make_variants
from tests.web.catalog_data import product_post, text

NEW = "/products/new/"


def test_huge_numbers_are_inline_errors_on_their_cells_not_a_500(signed_in, tenant):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    data = product_post(
        "Trail Tee",
        "active",
        {"sku": "TEE-S", "price": "999999999999999999999999999999", "weight": "1e309"},
        {"sku": "TEE-M", "length": "1e309", "height": "NaN"},
    )
    # when
    response = client.post(NEW, data)
    # then
    page = text(response)
    assert response.status_code == 200
    assert (
        "The price must be at most 9,999,999,999.99; got '999999999999999999999999999999'." in page
    )
    assert "The weight must be at most 99,999,999.999; got '1e309'." in page
    assert "The length must be at most 9,999,999,999.9; got '1e309'." in page
    assert "The height must be a number; got 'NaN'." in page
    assert page.count('class="col-price has-error"') == 1
    assert page.count('class="col-length has-error"') == 1
    assert not Product.objects.filter(name="Trail Tee").exists()


def test_a_sku_typed_decomposed_is_stored_in_nfc(signed_in, tenant):
    # given "CAFÉ-1" typed as E + a combining acute accent
    client = signed_in(Role.ACCOUNT_USER)
    decomposed = "CAFE\u0301-1"
    # when
    response = client.post(NEW, product_post("Café", "active", {"sku": decomposed}))
    # then
    assert response.status_code == 302
    stored = ProductVariant.objects.get(account=tenant.account)
    assert stored.sku == "CAF\u00c9-1"
    assert unicodedata.is_normalized("NFC", stored.sku)


def test_a_look_alike_sku_is_created_with_a_warning_event(signed_in, tenant):
    # given SKU-1 exists, and the new SKU starts with a Cyrillic DZE (U+0405)
    make_variants(tenant.account, "SKU-1", product_name="Harbour Hoodie")
    client = signed_in(Role.ACCOUNT_USER)
    # when
    response = client.post(NEW, product_post("Trail Tee", "active", {"sku": "\u0405KU-1"}))
    # then
    assert response.status_code == 302
    event = Event.objects.get(account=tenant.account)
    assert (event.level, event.entity_type, event.entity_id) == ("warning", "sku", "\u0405KU-1")
    assert "looks like the existing SKU 'SKU-1'" in event.message
    assert "U+0405 CYRILLIC CAPITAL LETTER DZE" in event.message
