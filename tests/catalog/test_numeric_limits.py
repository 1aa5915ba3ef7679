"""The numeric rules of ``catalog.validation``: a range and a precision per field, shared by the
page, the API and ``P_Products.csv``; nothing, however large, reaches a decimal overflow."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openoms.catalog import validation as v
from openoms.catalog.imports import product_import_run, product_import_start
from openoms.catalog.models import ProductVariant
from openoms.core import units
from openoms.core.errors import InvalidValue
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.file_imports import upload


def length_in(unit: str, raw: object) -> Decimal | None:
    return v.clean_measure(raw, unit=unit, table=units.SIZE_UNITS, label="length")


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("12.5", Decimal("125.000")),
        (" 12.5 ", Decimal("125.000")),
        (12, Decimal("120.000")),
        (0.25, Decimal("2.500")),
        ("1e3", Decimal("10000.000")),
        ("-0", Decimal("0.000")),
        (-0.0, Decimal("0.000")),
        (".5", Decimal("5.000")),
        ("0.00012345", Decimal("0.001")),
        ("9999999999.9", Decimal("99999999999.000")),
        ("", None),
        (None, None),
    ],
)
def test_measures_in_range_are_stored_in_mm_to_three_decimals(raw, stored):
    assert length_in("cm", raw) == stored


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("9999999999.91", "The length must be at most 9,999,999,999.9; got '9999999999.91'."),
        ("1e309", "The length must be at most 9,999,999,999.9; got '1e309'."),
        (1e308, "The length must be at most 9,999,999,999.9; got '1e+308'."),
        ("9" * 60, f"The length must be a number; got '{'9' * 40}…'."),
        ("1e9999999", "The length must be a number; got '1e9999999'."),
        (float("nan"), "The length must be a finite number; got 'nan'."),
        (float("inf"), "The length must be a finite number; got 'inf'."),
        (Decimal("sNaN"), "The length must be a finite number; got 'sNaN'."),
        ("NaN", "The length must be a number; got 'NaN'."),
        ("Infinity", "The length must be a number; got 'Infinity'."),
        ("1_000", "The length must be a number; got '1_000'."),
        ("1,5", "The length must be a number; got '1,5'."),
        ("١٢", "The length must be a number; got '١٢'."),
        ("0x10", "The length must be a number; got '0x10'."),
        ("-1", "The length must be zero or more."),
        (True, "The length must be a number."),
        ([1], "The length must be a number."),
    ],
)
def test_measures_out_of_range_or_not_plain_numbers_are_refused(raw, message):
    with pytest.raises(InvalidValue) as refused:
        length_in("cm", raw)
    assert str(refused.value) == message


def test_each_unit_has_the_maximum_of_99_999_999_999_base_units():
    # when
    maxima = {unit: str(v.max_in_unit(unit, units.SIZE_UNITS)) for unit in units.SIZE_UNITS}
    # then
    assert maxima == {
        "mm": "99999999999.000",
        "cm": "9999999999.900",
        "m": "99999999.999",
        "in": "3937007873.976",
        "ft": "328083989.498",
    }
    for unit in units.SIZE_UNITS:  # the exact maximum, read back in any unit, stays valid
        exact = v.MAX_MEASURE / units.SIZE_UNITS[unit][1]
        assert length_in(unit, exact) == Decimal("99999999999.000")


@pytest.mark.parametrize(
    ("raw", "result"),
    [
        ("9999999999.99", Decimal("9999999999.99")),
        ("19.9", Decimal("19.90")),
        ("1E+2", Decimal("100.00")),
        ("-0.00", Decimal("0.00")),
        ("10000000000", "The price must be at most 9,999,999,999.99; got '10000000000'."),
        ("999999999999999999999999999999", "The price must be at most 9,999,999,999.99; got "
         "'999999999999999999999999999999'."),
        ("1.005", "The price has more than 2 decimals."),
        ("1e-999999", "The price has more than 2 decimals."),
    ],
)  # fmt: skip
def test_prices_range_from_0_to_9_999_999_999_99_with_2_decimals(raw, result):
    if isinstance(result, Decimal):
        assert v.clean_price(raw) == result
        assert str(v.clean_price(raw)) == str(result)
    else:
        with pytest.raises(InvalidValue) as refused:
            v.clean_price(raw)
        assert str(refused.value) == result


HEADER = (
    "Product Name,SKU,Variant Name,Description,Barcode,Weight (kg),Length (cm),Width (cm),"
    "Height (cm),Price,Status\n"
)


def test_a_csv_row_with_a_huge_number_is_rejected_with_its_line_and_reason(tenant, uploads):
    # given rows 3 and 4 hold numbers no column can store
    text = HEADER + (
        "Tee,TEE-S,,,,,,,,19.90,\n"
        "Tee,TEE-M,,,,,,,,999999999999999999999999999999,\n"
        "Tee,TEE-L,,,,1e309,,,,,\n"
        "Tee,TEE-XL,,,,,,,NaN,,\n"
        "Tee,TEE-XS,,,,,,,,5,\n"
    )
    actor = Actor.for_user(tenant.user(Role.ACCOUNT_USER))
    # when
    started = product_import_start(
        actor=actor, account=tenant.account, upload=upload(text, "P_Products.csv")
    )
    file_import = product_import_run(started.pk)
    # then
    assert sorted(file_import.issues.values_list("line", "severity", "reason")) == [
        (3, "error", "The price must be at most 9,999,999,999.99; got "
         "'999999999999999999999999999999'."),
        (4, "error", "The weight must be at most 99,999,999.999; got '1e309'."),
        (5, "error", "The height must be a number; got 'NaN'."),
    ]  # fmt: skip
    stored = ProductVariant.objects.filter(account=tenant.account).order_by("sku")
    assert list(stored.values_list("sku", "price")) == [
        ("TEE-S", Decimal("19.90")),
        ("TEE-XS", Decimal("5.00")),
    ]
