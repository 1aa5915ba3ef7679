"""The Master Product Source warning counts products and SKUs apart ("5 products (16 SKUs)")."""

from openoms.catalog.services.products import product_create
from openoms.tenancy.actor import Actor
from openoms.tenancy.services.accounts import master_source_change_warning


def _product(account, name: str, skus: list[str]) -> None:
    variants = [{"sku": sku, "name": sku, "price": "1.00"} for sku in skus]
    product_create(
        actor=Actor.system("test"), account=account, name=name, description="", variants=variants
    )


def test_the_warning_counts_products_and_their_skus(tenant):
    # given 2 products with 5 SKUs between them
    _product(tenant.account, "Tee", ["TEE-S", "TEE-M", "TEE-L"])
    _product(tenant.account, "Mug", ["MUG-1", "MUG-2"])
    # when
    warning = master_source_change_warning(tenant.account)
    # then
    assert warning.startswith("This account already holds 2 products (5 SKUs). Changing")


def test_one_product_with_one_sku_is_said_in_the_singular(tenant):
    # given
    _product(tenant.account, "Mug", ["MUG-1"])
    # when
    warning = master_source_change_warning(tenant.account)
    # then
    assert warning.startswith("This account already holds 1 product (1 SKU). Changing")


def test_an_account_without_products_needs_no_warning(tenant):
    # when / then
    assert master_source_change_warning(tenant.account) is None
