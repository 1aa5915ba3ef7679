from decimal import Decimal

import pytest

from openoms.core import units
from openoms.core.codes import code_from_name


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("My Account", "MY-ACCOUNT"),
        ("My-Account", "MY-ACCOUNT"),
        ("  Café  Olé & Co. ", "CAFE-OLE-CO"),
        ("ÄÖÜ 2026", "AOU-2026"),
        ("日本", ""),
        ("!!!", ""),
    ],
)
def test_code_from_name(name, code):
    # when / then
    assert code_from_name(name) == code


def test_code_is_capped_at_fifty_characters_without_trailing_hyphen():
    # given
    name = "word " * 30
    # when
    code = code_from_name(name)
    # then
    assert len(code) <= 50
    assert not code.endswith("-")
    assert code.startswith("WORD-WORD")


@pytest.mark.parametrize(
    ("value", "unit", "table", "base"),
    [
        (1, "in", units.SIZE_UNITS, Decimal("25.4")),
        (2, "m", units.SIZE_UNITS, Decimal("2000")),
        (1, "l", units.VOLUME_UNITS, Decimal("1000000")),
        (1, "ft3", units.VOLUME_UNITS, Decimal("28316846.592")),
        (1, "lb", units.WEIGHT_UNITS, Decimal("453.59237")),
        ("1.5", "kg", units.WEIGHT_UNITS, Decimal("1500.0")),
    ],
)
def test_to_base(value, unit, table, base):
    # when / then
    assert units.to_base(value, unit, table) == base


def test_from_base_rounds_to_three_places():
    # when / then
    assert units.from_base(1000, "lb", units.WEIGHT_UNITS) == Decimal("2.205")
    assert units.from_base(254, "in", units.SIZE_UNITS) == Decimal("10.000")
    assert units.from_base(16387064, "in3", units.VOLUME_UNITS) == Decimal("1000.000")


def test_round_trip_every_unit():
    # given a value in each unit
    for table in (units.SIZE_UNITS, units.VOLUME_UNITS, units.WEIGHT_UNITS):
        for code in table:
            # when converted to base and back
            back = units.from_base(units.to_base("12.5", code, table), code, table)
            # then the value survives
            assert back == Decimal("12.500"), code
