"""P_Products.csv: grouping rows into products, updates, warnings, rejections, units, round trip."""

from decimal import Decimal

import pytest

from openoms.activity.models import FileImport, ImportStatus
from openoms.catalog.imports import (
    product_import_run,
    product_import_start,
    product_template_csv,
    products_csv,
)
from openoms.catalog.models import Product, ProductVariant
from openoms.core.errors import PermissionDenied, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.file_imports import upload

HEADER = (
    "Product Name,SKU,Variant Name,Description,Barcode,Weight (kg),Length (cm),Width (cm),"
    "Height (cm),Price,Status\n"
)


@pytest.fixture
def actor(tenant):
    return Actor.for_user(tenant.user(Role.ACCOUNT_USER))


def run_import(actor, account, text) -> FileImport:
    file_import = product_import_start(
        actor=actor, account=account, upload=upload(text, "P_Products.csv")
    )
    return product_import_run(file_import.pk)


def counts(file_import) -> tuple:
    return (
        file_import.status,
        file_import.rows_processed,
        file_import.created_count,
        file_import.updated_count,
        file_import.unchanged_count,
        file_import.rejected_count,
        file_import.warning_count,
    )


def issues(file_import) -> list[tuple]:
    return list(file_import.issues.values_list("line", "severity", "reason"))


def catalog(account) -> list[tuple]:
    """Every variant with its product: a full snapshot of what an import may change."""
    return list(
        ProductVariant.objects.filter(account=account)
        .order_by("sku")
        .values_list(
            "product__name",
            "product__description",
            "product__status",
            "sku",
            "name",
            "barcode",
            "weight_g",
            "length_mm",
            "width_mm",
            "height_mm",
            "price",
        )
    )


def make_product(account, name, *skus, description="") -> Product:
    product = Product.objects.create(account=account, name=name, description=description)
    for sku in skus:
        ProductVariant.objects.create(account=account, product=product, sku=sku)
    return product


def test_new_rows_create_products_grouped_by_name_in_stored_units(tenant, actor, uploads):
    # given
    text = HEADER + (
        "Tee,TEE-S,Small,Soft cotton,4006381333931,0.25,30,20,2.5,19.90,\n"
        "Tee,TEE-M,Medium,Soft cotton,,0.3,,,,19.90,active\n"
        "Cap,CAP-1,,,,,,,,,archived\n"
    )
    # when
    file_import = run_import(actor, tenant.account, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 3, 3, 0, 0, 0, 0)
    d = Decimal
    assert catalog(tenant.account) == [
        ("Cap", "", "archived", "CAP-1", "", "", None, None, None, None, None),
        (
            "Tee",
            "Soft cotton",
            "active",
            "TEE-M",
            "Medium",
            "",
            d("300"),
            None,
            None,
            None,
            d("19.90"),
        ),
        (
            "Tee",
            "Soft cotton",
            "active",
            "TEE-S",
            "Small",
            "4006381333931",
            d("250"),
            d("300"),
            d("200"),
            d("25"),
            d("19.90"),
        ),
    ]
    assert Product.objects.filter(account=tenant.account).count() == 2


def test_three_bad_rows_are_rejected_with_reasons_and_the_rest_applied(tenant, actor, uploads):
    # given
    text = HEADER + (
        "Tee,TEE-S,,,,,,,,,\n"
        "Tee,TEE-M,,,12345,,,,,,\n"
        ",TEE-L,,,,,,,,,\n"
        "Tee,TEE-XL,,,,heavy,,,,-1,\n"
        "Tee,TEE-XS,,,,,,,,,\n"
    )
    # when
    file_import = run_import(actor, tenant.account, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 5, 2, 0, 0, 3, 0)
    assert issues(file_import) == [
        (3, "error", "The barcode '12345' is not a UPC/EAN: use 8, 12, 13 or 14 digits."),
        (4, "error", "The product name is required."),
        (5, "error", "The weight must be a number; got 'heavy'. The price must be zero or more."),
    ]
    assert [row[3] for row in catalog(tenant.account)] == ["TEE-S", "TEE-XS"]


def test_duplicate_skus_in_the_file_are_skipped_with_a_warning(tenant, actor, uploads):
    # given
    text = HEADER + "Tee,TEE-S,A,,,,,,,,\nTee,TEE-S,B,,,,,,,,\nCap,TEE-S,C,,,,,,,,\n"
    # when
    file_import = run_import(actor, tenant.account, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 3, 1, 0, 0, 0, 2)
    assert issues(file_import) == [
        (3, "warning", "Duplicate SKU: already on line 2."),
        (4, "warning", "Duplicate SKU: already on line 2."),
    ]
    assert [(row[0], row[3], row[4]) for row in catalog(tenant.account)] == [("Tee", "TEE-S", "A")]


def test_a_sku_of_another_product_is_skipped_with_a_warning(tenant, actor, uploads):
    # given
    make_product(tenant.account, "Tee", "TEE-S")
    make_product(tenant.account, "Cap", "CAP-1")
    before = catalog(tenant.account)
    # when: the file puts TEE-S under Cap
    file_import = run_import(actor, tenant.account, HEADER + "Cap,TEE-S,Red,,,,,,,,\n")
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 0, 0, 0, 0, 1)
    assert issues(file_import) == [(2, "warning", "SKU TEE-S belongs to product Tee.")]
    assert catalog(tenant.account) == before


def test_existing_skus_are_updated_with_their_product_and_new_ones_join_it(tenant, actor, uploads):
    # given
    make_product(tenant.account, "Tee", "TEE-S", "TEE-M", description="old")
    # when
    text = HEADER + (
        "Tee,TEE-S,Small,new text,,,,,,9.00,archived\n"
        "Tee,TEE-M,,new text,,,,,,,archived\n"
        "Tee,TEE-L,Large,new text,,,,,,,archived\n"
    )
    file_import = run_import(actor, tenant.account, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 3, 1, 1, 1, 0, 0)
    product = Product.objects.get(account=tenant.account)
    assert (product.name, product.description, product.status) == ("Tee", "new text", "archived")
    assert [(row[3], row[4], row[10]) for row in catalog(tenant.account)] == [
        ("TEE-L", "Large", None),
        ("TEE-M", "", None),
        ("TEE-S", "Small", Decimal("9.00")),
    ]


def test_a_new_product_name_for_existing_skus_renames_their_product(tenant, actor, uploads):
    # given
    product = make_product(tenant.account, "Tee", "TEE-S")
    # when
    file_import = run_import(actor, tenant.account, HEADER + "Classic Tee,TEE-S,,,,,,,,,\n")
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 0, 1, 0, 0, 0)
    product.refresh_from_db()
    assert product.name == "Classic Tee"


def test_two_products_with_the_name_make_a_new_sku_start_a_new_product(tenant, actor, uploads):
    # given
    make_product(tenant.account, "Tee", "A")
    make_product(tenant.account, "Tee", "B")
    # when
    file_import = run_import(actor, tenant.account, HEADER + "Tee,C,,,,,,,,,\n")
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 1, 0, 0, 0, 0)
    assert Product.objects.filter(account=tenant.account, name="Tee").count() == 3


def test_rows_of_one_product_spread_over_batches_stay_one_product(
    settings, tenant, actor, uploads, monkeypatch
):
    # given
    settings.OPENOMS_IMPORT_BATCH_ROWS = 2
    text = HEADER + "".join(f"Tee,T-{i},,,,,,,,,\n" for i in range(5)) + "Tee,T-0,,,,,,,,,\n"
    # when
    file_import = run_import(actor, tenant.account, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 6, 5, 0, 0, 0, 1)
    assert issues(file_import) == [(7, "warning", "Duplicate SKU: already on line 2.")]
    assert Product.objects.get(account=tenant.account).variants.count() == 5


def test_units_are_read_from_the_header(tenant, actor, uploads):
    # given
    text = (
        "Product Name,SKU,Variant Name,Description,Barcode,Weight (lb),Length (in),Width (in),"
        "Height (in),Price,Status\n"
        "Tee,TEE-S,,,,1,10,1,0.5,,\n"
    )
    # when
    run_import(actor, tenant.account, text)
    # then
    variant = ProductVariant.objects.get(sku="TEE-S")
    assert (variant.weight_g, variant.length_mm, variant.width_mm, variant.height_mm) == (
        Decimal("453.592"),
        Decimal("254.000"),
        Decimal("25.400"),
        Decimal("12.700"),
    )


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            HEADER.replace("Weight (kg)", "Weight (kgs)"),
            "The column “Weight (kgs)” names an unknown unit; use one of: g, kg, oz, lb.",
        ),
        (
            HEADER.replace("Width (cm)", "Width (mm)"),
            "Length, Width and Height must use the same unit; the header has cm, mm, cm.",
        ),
        (
            HEADER.replace(",Status", ""),
            "The header row must be “Product Name, SKU, Variant Name, Description, Barcode, "
            "Weight (kg), Length (cm), Width (cm), Height (cm), Price, Status”: missing: "
            "“Status”.",
        ),
    ],
)
def test_a_wrong_header_is_refused_at_once(tenant, actor, uploads, header, message):
    # given
    make_product(tenant.account, "Tee", "TEE-S")
    before = catalog(tenant.account)
    # when
    with pytest.raises(ValidationFailed) as refused:
        product_import_start(
            actor=actor, account=tenant.account, upload=upload(header, "P_Products.csv")
        )
    # then
    assert refused.value.errors == {"file": message}
    assert FileImport.objects.count() == 0
    assert catalog(tenant.account) == before


def test_wrong_column_count_and_bad_status_are_rejected(tenant, actor, uploads):
    # when
    file_import = run_import(
        actor, tenant.account, HEADER + "Tee,A,,,,,,,,\nTee,B,,,,,,,,,retired\n"
    )
    # then
    assert issues(file_import) == [
        (2, "error", "The row has 10 columns; the header has 11."),
        (3, "error", "The status must be active or archived; got 'retired'."),
    ]
    assert catalog(tenant.account) == []


def test_export_then_import_reports_every_row_unchanged(tenant, actor, uploads):
    # given: awkward units for the round trip
    tenant.account.weight_unit, tenant.account.size_unit = "oz", "in"
    tenant.account.save()
    text = (
        "Product Name,SKU,Variant Name,Description,Barcode,Weight (g),Length (mm),Width (mm),"
        "Height (mm),Price,Status\n"
        'Tee,TEE-S,Small,"multi\nline, ""quoted""",036000291452,100,333,7.5,1,12.5,\n'
        "Tee,TEE-M,,,,,,,,,\n"
        "Cap,CAP,,,,0.001,0.001,,,,archived\n"
    )
    run_import(actor, tenant.account, text)
    before = catalog(tenant.account)
    exported = "".join(products_csv(actor=actor, account=tenant.account))
    # when
    file_import = run_import(actor, tenant.account, exported)
    # then
    assert exported.splitlines()[0] == (
        "Product Name,SKU,Variant Name,Description,Barcode,Weight (oz),Length (in),Width (in),"
        "Height (in),Price,Status"
    )
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 3, 0, 0, 3, 0, 0)
    assert catalog(tenant.account) == before


def test_the_template_uses_the_account_units(tenant):
    # given
    tenant.account.weight_unit, tenant.account.size_unit = "lb", "in"
    # when / then
    assert product_template_csv(tenant.account) == (
        "Product Name,SKU,Variant Name,Description,Barcode,Weight (lb),Length (in),Width (in),"
        "Height (in),Price,Status\r\n"
    )


def test_start_needs_catalog_edit_and_runs_on_commit(
    tenant, uploads, immediate_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    # given
    from openoms.tenancy import permissions

    actor = Actor.for_user(tenant.user(Role.ACCOUNT_USER))
    # when
    with django_capture_on_commit_callbacks(execute=True):
        file_import = product_import_start(
            actor=actor,
            account=tenant.account,
            upload=upload(HEADER + "Tee,T,,,,,,,,,\n", "P_Products.csv"),
        )
    monkeypatch.setitem(
        permissions.PERMISSIONS, permissions.Perm.CATALOG_EDIT, frozenset({Role.SUPERVISOR})
    )
    # then
    file_import.refresh_from_db()
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 1, 0, 0, 0, 0)
    with pytest.raises(PermissionDenied):
        product_import_start(
            actor=actor, account=tenant.account, upload=upload(HEADER, "P_Products.csv")
        )


def test_two_products_of_the_same_name_round_trip_unchanged(tenant, actor, uploads):
    # given
    make_product(tenant.account, "Tee", "A", description="first")
    make_product(tenant.account, "Tee", "B", description="second")
    before = catalog(tenant.account)
    exported = "".join(products_csv(actor=actor, account=tenant.account))
    # when
    file_import = run_import(actor, tenant.account, exported)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 2, 0, 0, 2, 0, 0)
    assert catalog(tenant.account) == before
