"""P_Products.csv row by row: an empty cell leaves a value as it is, ``(clear)`` empties it, a bad
row never stops the file, and a row the writer fails on (e.g. the same new SKU created by another
import at the same time) is applied again on its own or rejected with its line and reason."""

from decimal import Decimal

import pytest

from openoms.activity.models import ImportStatus
from openoms.catalog.models import Product, ProductVariant
from openoms.catalog.product_import import ProductImporter
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.catalog.test_product_import import HEADER, counts, issues, run_import


@pytest.fixture
def actor(tenant):
    return Actor.for_user(tenant.user(Role.ACCOUNT_USER))


@pytest.fixture
def tee(tenant) -> ProductVariant:
    """An existing SKU with every value set."""
    product = Product.objects.create(
        account=tenant.account, name="Tee", description="Soft cotton", status="archived"
    )
    return ProductVariant.objects.create(
        account=tenant.account,
        product=product,
        sku="TEE-1",
        name="Red / M",
        barcode="012345678905",
        weight_g=Decimal("250"),
        length_mm=Decimal("300"),
        width_mm=Decimal("200"),
        height_mm=Decimal("10"),
        price=Decimal("19.90"),
    )


def values(variant: ProductVariant) -> tuple:
    variant.refresh_from_db()
    product = variant.product
    product.refresh_from_db()
    return (
        product.name,
        product.description,
        product.status,
        variant.name,
        variant.barcode,
        variant.weight_g,
        variant.length_mm,
        variant.width_mm,
        variant.height_mm,
        variant.price,
    )


def test_a_row_with_only_name_and_sku_leaves_the_existing_values_as_they_are(
    tenant, actor, uploads, tee
):
    # given
    before = values(tee)
    # when
    file_import = run_import(actor, tenant.account, HEADER + "Tee,TEE-1,,,,,,,,,\n")
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 0, 0, 1, 0, 0)
    assert values(tee) == before


def test_a_given_cell_changes_only_its_value(tenant, actor, uploads, tee):
    # when
    file_import = run_import(actor, tenant.account, HEADER + "Tee,TEE-1,,,,,,,,24.50,\n")
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 0, 1, 0, 0, 0)
    assert values(tee) == (
        "Tee",
        "Soft cotton",
        "archived",
        "Red / M",
        "012345678905",
        Decimal("250.000"),
        Decimal("300.000"),
        Decimal("200.000"),
        Decimal("10.000"),
        Decimal("24.50"),
    )


def test_clear_empties_a_value(tenant, actor, uploads, tee):
    # when
    row = "Tee,TEE-1,(clear),(clear),(clear),(clear),,,(clear),(clear),\n"
    file_import = run_import(actor, tenant.account, HEADER + row)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 0, 1, 0, 0, 0)
    assert values(tee) == (
        "Tee",
        "",
        "archived",
        "",
        "",
        None,
        Decimal("300.000"),
        Decimal("200.000"),
        None,
        None,
    )


def test_the_status_cannot_be_cleared(tenant, actor, uploads, tee):
    # when
    file_import = run_import(actor, tenant.account, HEADER + "Tee,TEE-1,,,,,,,,,(clear)\n")
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 0, 0, 0, 1, 0)
    assert issues(file_import) == [
        (2, "error", "The status cannot be cleared; use active or archived.")
    ]


def test_a_new_sku_with_empty_cells_gets_empty_values(tenant, actor, uploads):
    # when
    file_import = run_import(actor, tenant.account, HEADER + "Mug,MUG-1,,,,,,,,,\n")
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 1, 0, 0, 0, 0)
    variant = ProductVariant.objects.get(sku="MUG-1")
    assert values(variant) == ("Mug", "", "active", "", "", None, None, None, None, None)


def test_an_invalid_number_on_row_5002_is_rejected_and_the_file_goes_on(tenant, actor, uploads):
    # given: 5,001 good rows (the first batch is 5,000) and, on line 5,002, a huge weight
    rows = [f"P{n},SKU-{n},,,,1.5,,,,9.99,\n" for n in range(5_001)]
    rows.insert(5_000, "Bad,SKU-BAD,,,,1e309,,,,,\n")
    # when
    file_import = run_import(actor, tenant.account, HEADER + "".join(rows))
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 5_002, 5_001, 0, 0, 1, 0)
    assert [line for line, _, _ in issues(file_import)] == [5_002]
    assert file_import.error == ""
    assert ProductVariant.objects.filter(account=tenant.account).count() == 5_001
    assert not ProductVariant.objects.filter(sku="SKU-BAD").exists()


def test_a_row_the_writer_fails_on_is_rejected_with_its_line_and_the_batch_is_whole(
    tenant, actor, uploads, settings, monkeypatch
):
    # given: the write breaks, after writing, whenever its batch creates SKU-3
    settings.OPENOMS_IMPORT_BATCH_ROWS = 2
    real_write = ProductImporter._write

    def breaking_write(self, batch):
        real_write(self, batch)
        if any(variant.sku == "SKU-3" for variant in batch.new_variants):
            raise RuntimeError("disk full")

    monkeypatch.setattr(ProductImporter, "_write", breaking_write)
    text = HEADER + "".join(f"P{n},SKU-{n},,,,,,,,,\n" for n in range(1, 6))
    # when
    file_import = run_import(actor, tenant.account, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 5, 4, 0, 0, 1, 0)
    assert issues(file_import) == [(4, "error", "The row could not be saved: disk full")]
    skus = ProductVariant.objects.filter(account=tenant.account).values_list("sku", flat=True)
    assert sorted(skus) == ["SKU-1", "SKU-2", "SKU-4", "SKU-5"]
    names = Product.objects.filter(account=tenant.account).values_list("name", flat=True)
    assert sorted(names) == ["P1", "P2", "P4", "P5"]


def test_a_new_sku_created_meanwhile_by_another_import_is_applied_on_its_own_row(
    tenant, actor, uploads, monkeypatch
):
    # given: another import committed NEW-2 after this batch looked its SKUs up
    other = Product.objects.create(account=tenant.account, name="Mug")
    ProductVariant.objects.create(
        account=tenant.account, product=other, sku="NEW-2", price=Decimal("1.00")
    )
    real_lookup = ProductImporter._existing_variants
    lookups = []

    def late_lookup(self, skus):
        found = real_lookup(self, skus)
        lookups.append(sorted(skus))
        if len(lookups) == 1:
            found.pop("NEW-2", None)  # the first look-up ran before the other import committed
        return found

    monkeypatch.setattr(ProductImporter, "_existing_variants", late_lookup)
    text = HEADER + "Mug,NEW-1,,,,,,,,5.00,\nMug,NEW-2,,,,,,,,6.00,\nMug,NEW-3,,,,,,,,7.00,\n"
    # when
    file_import = run_import(actor, tenant.account, text)
    # then: the batch failed whole, then each row applied on its own: NEW-2 is updated
    assert len(lookups) == 4
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 3, 2, 1, 0, 0, 0)
    prices = dict(ProductVariant.objects.filter(account=tenant.account).values_list("sku", "price"))
    assert prices == {"NEW-1": Decimal("5.00"), "NEW-2": Decimal("6.00"), "NEW-3": Decimal("7.00")}
    assert Product.objects.filter(account=tenant.account).count() == 1


def test_a_conflicting_row_that_still_conflicts_gets_a_per_row_reason(
    tenant, actor, uploads, monkeypatch
):
    # given: every look-up misses NEW-2, which another import has created meanwhile
    other = Product.objects.create(account=tenant.account, name="Other import")
    ProductVariant.objects.create(account=tenant.account, product=other, sku="NEW-2")
    real_lookup = ProductImporter._existing_variants

    def blind_lookup(self, skus):
        found = real_lookup(self, skus)
        found.pop("NEW-2", None)
        return found

    monkeypatch.setattr(ProductImporter, "_existing_variants", blind_lookup)
    text = HEADER + "Mug,NEW-1,,,,,,,,,\nMug,NEW-2,,,,,,,,,\nMug,NEW-3,,,,,,,,,\n"
    # when
    file_import = run_import(actor, tenant.account, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 3, 2, 0, 0, 1, 0)
    assert issues(file_import) == [
        (
            3,
            "error",
            "This row conflicts with a change saved at the same time (e.g. the same SKU created "
            "by another import or user); import the file again to apply it.",
        )
    ]
    mugs = ProductVariant.objects.filter(product__name="Mug").values_list("sku", flat=True)
    assert sorted(mugs) == ["NEW-1", "NEW-3"]
