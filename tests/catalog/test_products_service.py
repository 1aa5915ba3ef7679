from decimal import Decimal

import pytest

from openoms.catalog.models import Product, ProductVariant
from openoms.catalog.services.products import product_create, product_set_status, product_update
from openoms.catalog.validation import clean_barcode, gtin_check_digit
from openoms.core.errors import InvalidValue, NotFound, PermissionDenied, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role


def create(tenant, *, role=Role.ACCOUNT_USER, account=None, **fields):
    payload = {"name": "Trail Tee", "variants": [{"sku": "TEE-S"}]} | fields
    return product_create(
        actor=Actor.for_user(tenant.user(role)), account=account or tenant.account, **payload
    )


def test_create_stores_measures_in_grams_and_millimeters(tenant):
    # given an account working in pounds and inches
    Account.objects.filter(pk=tenant.account.pk).update(weight_unit="lb", size_unit="in")
    tenant.account.refresh_from_db()
    # when
    product = create(
        tenant,
        variants=[
            {
                "sku": "TEE-S",
                "name": "Small",
                "weight": "2",
                "length": "10",
                "width": 5,
                "height": "0.5",
                "price": "19.90",
                "barcode": "036000291452",
            },
            {"sku": "tee-s"},
        ],
    )
    # then
    small, lower = product.variants.order_by("pk")
    assert (small.weight_g, small.length_mm, small.width_mm, small.height_mm) == (
        Decimal("907.185"),
        Decimal("254.000"),
        Decimal("127.000"),
        Decimal("12.700"),
    )
    assert (small.price, small.barcode, small.account_id) == (
        Decimal("19.90"),
        "036000291452",
        tenant.account.pk,
    )
    assert lower.sku == "tee-s"  # SKUs are case-sensitive: TEE-S and tee-s are two SKUs


@pytest.mark.parametrize(
    ("variants", "errors"),
    [
        ([], {"variants"}),
        ([{"sku": " TEE"}], {"variants.0.sku"}),
        ([{"sku": "TEE "}], {"variants.0.sku"}),
        ([{"sku": ""}], {"variants.0.sku"}),
        ([{"sku": "A\tB"}], {"variants.0.sku"}),
        ([{"sku": "X" * 101}], {"variants.0.sku"}),
        ([{"sku": "A"}, {"sku": "A"}], {"variants.1.sku"}),
        ([{"sku": "A", "barcode": "036000291453"}], {"variants.0.barcode"}),
        ([{"sku": "A", "barcode": "12345"}], {"variants.0.barcode"}),
        ([{"sku": "A", "weight": "-1"}], {"variants.0.weight"}),
        (
            [{"sku": "A", "weight": "heavy", "price": "1.999"}],
            {"variants.0.weight", "variants.0.price"},
        ),
    ],
)
def test_invalid_variants_are_all_reported_and_nothing_is_stored(tenant, variants, errors):
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        create(tenant, variants=variants)
    assert set(raised.value.errors) == errors
    assert not Product.objects.exists()
    assert not ProductVariant.objects.exists()


def test_a_sku_of_another_product_is_refused_with_its_product(tenant):
    # given
    create(tenant, name="Hoodie", variants=[{"sku": "HOOD-1"}])
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        create(tenant, variants=[{"sku": "HOOD-1"}])
    assert raised.value.errors == {
        "variants.0.sku": "SKU 'HOOD-1' already exists in product 'Hoodie'."
    }
    assert Product.objects.count() == 1


def test_the_same_sku_may_exist_in_another_account(tenant, other_tenant):
    # given
    create(tenant, variants=[{"sku": "SHARED"}])
    # when
    product = create(other_tenant, account=other_tenant.account, variants=[{"sku": "SHARED"}])
    # then
    assert product.variants.get().sku == "SHARED"
    assert ProductVariant.objects.filter(sku="SHARED").count() == 2


def test_update_edits_and_adds_variants_without_deleting(tenant):
    # given
    product = create(tenant, variants=[{"sku": "TEE-S"}, {"sku": "TEE-M"}])
    small = product.variants.get(sku="TEE-S")
    # when
    product_update(
        actor=Actor.for_user(tenant.user(Role.ACCOUNT_ADMINISTRATOR)),
        product=product,
        name="Trail Tee 2",
        variants=[{"id": small.pk, "sku": "TEE-SMALL", "price": "5"}, {"sku": "TEE-L"}],
    )
    # then
    product.refresh_from_db()
    assert product.name == "Trail Tee 2"
    assert sorted(product.variants.values_list("sku", flat=True)) == ["TEE-L", "TEE-M", "TEE-SMALL"]
    assert product.variants.get(pk=small.pk).price == Decimal("5.00")


def test_update_refuses_a_variant_of_another_product(tenant):
    # given
    first = create(tenant, variants=[{"sku": "A"}])
    second = create(tenant, name="Other", variants=[{"sku": "B"}])
    foreign = second.variants.get()
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        product_update(
            actor=Actor.system(), product=first, variants=[{"id": foreign.pk, "sku": "B2"}]
        )
    assert raised.value.errors == {"variants.0.id": "This variant does not belong to the product."}
    assert ProductVariant.objects.get(pk=foreign.pk).sku == "B"


def test_archive_and_restore(tenant):
    # given
    product = create(tenant)
    actor = Actor.for_user(tenant.user(Role.ACCOUNT_USER))
    # when / then
    assert product_set_status(actor=actor, product=product, status="archived").status == "archived"
    assert product_set_status(actor=actor, product=product, status="active").status == "active"
    with pytest.raises(ValidationFailed):
        product_set_status(actor=actor, product=product, status="deleted")


def test_another_tenant_cannot_touch_a_product(tenant, other_tenant):
    # given
    product = create(tenant)
    # when / then
    with pytest.raises(NotFound):
        product_update(
            actor=Actor.for_user(other_tenant.user(Role.ORGANIZATION_OWNER)),
            product=product,
            name="X",
        )
    with pytest.raises(NotFound):
        create(tenant, role=Role.ORGANIZATION_OWNER, account=other_tenant.account)
    product.refresh_from_db()
    assert product.name == "Trail Tee"


def test_an_api_key_of_the_account_may_create(tenant):
    # given
    from openoms.tenancy.services.api_keys import api_key_authenticate
    from tests.factories import make_api_key

    key = api_key_authenticate(make_api_key(tenant.account))
    # when
    product = product_create(
        actor=Actor.for_api_key(key), account=tenant.account, name="P", variants=[{"sku": "P1"}]
    )
    # then
    assert product.account == tenant.account


def test_gtin_check_digit():
    # then
    assert gtin_check_digit("03600029145") == 2
    assert gtin_check_digit("400638133393") == 1
    assert clean_barcode(" 4006381333931 ") == "4006381333931"
    with pytest.raises(InvalidValue):
        clean_barcode("4006381333932")


def test_the_catalog_permission_is_checked(tenant):
    # given an actor of the organization whose role is not in the CATALOG_EDIT row
    outsider = Actor(role="unlisted_role", label="x", organization_id=tenant.organization.pk)
    # when / then
    with pytest.raises(PermissionDenied):
        product_create(actor=outsider, account=tenant.account, name="N", variants=[{"sku": "N"}])
    assert not Product.objects.exists()


def test_create_refuses_variant_ids(tenant):
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        create(tenant, variants=[{"id": 5, "sku": "A"}])
    assert raised.value.errors == {
        "variants.0.id": "A new product's variants are new: leave out the id."
    }
    assert not Product.objects.exists()


def test_editing_a_variant_changes_only_the_fields_sent(tenant):
    # given a variant with a weight and a price
    product = create(tenant, variants=[{"sku": "TEE-S", "weight": "0.5", "price": "10"}])
    variant = product.variants.get()
    # when only its price is sent
    product_update(
        actor=Actor.system(), product=product, variants=[{"id": variant.pk, "price": "12.50"}]
    )
    # then the weight and SKU stay
    variant.refresh_from_db()
    assert (variant.sku, variant.weight_g, variant.price) == (
        "TEE-S",
        Decimal("500.000"),
        Decimal("12.50"),
    )


def test_a_foreign_variant_id_is_reported_even_without_a_sku(tenant):
    # given
    first = create(tenant, variants=[{"sku": "A"}])
    other = create(tenant, name="Other", variants=[{"sku": "B"}]).variants.get()
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        product_update(
            actor=Actor.system(), product=first, variants=[{"id": other.pk, "price": "1"}]
        )
    assert raised.value.errors == {"variants.0.id": "This variant does not belong to the product."}


def test_a_description_with_nul_is_refused(tenant):
    # when / then
    with pytest.raises(ValidationFailed) as raised:
        create(tenant, description="bad\x00text")
    assert list(raised.value.errors) == ["description"]
