"""The rules of a product variant's fields, one function each, shared by every way in (page, API,
CSV import). Each returns the clean value or raises ``InvalidValue`` with a reason for a person."""

from __future__ import annotations

import math
import re
from decimal import ROUND_DOWN, Decimal

from openoms.catalog.sku_text import nfc
from openoms.core import units
from openoms.core.errors import InvalidValue

MAX_SKU_LENGTH = 100
MAX_NAME_LENGTH = 200
GTIN_LENGTHS = (8, 12, 13, 14)
# Numeric ranges (docs/api.md, "Numbers"): measures are stored in g and mm with 3 decimals in
# DecimalField(max_digits=14): at most 99,999,999,999 base units; prices in max_digits=12, 2 places.
MAX_MEASURE = Decimal("99999999999")
MEASURE_PLACES = Decimal("0.001")
MAX_PRICE = Decimal("9999999999.99")
PRICE_PLACES = Decimal("0.01")
MAX_NUMBER_TEXT = 40
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,6})?", re.ASCII)


def clean_sku(raw: object) -> str:
    """SKUs are case-sensitive and kept exactly, in Unicode NFC (``catalog.sku_text``: a letter
    with an accent is one SKU however it was typed); surrounding whitespace is refused, not
    trimmed."""
    if not isinstance(raw, str) or raw == "":
        raise InvalidValue("The SKU is required.")
    raw = nfc(raw)
    if raw != raw.strip():
        raise InvalidValue(f"The SKU {raw!r} starts or ends with a space; remove it.")
    if len(raw) > MAX_SKU_LENGTH:
        raise InvalidValue(f"The SKU is longer than {MAX_SKU_LENGTH} characters.")
    if not raw.isprintable():
        raise InvalidValue("The SKU contains control characters (tabs, line breaks…).")
    return raw


def clean_name(raw: object, *, required: bool = True, label: str = "name") -> str:
    value = raw.strip() if isinstance(raw, str) else ""
    if required and not value:
        raise InvalidValue(f"The {label} is required.")
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidValue(f"The {label} is longer than {MAX_NAME_LENGTH} characters.")
    if value and not value.isprintable():
        raise InvalidValue(f"The {label} contains control characters.")
    return value


def clean_barcode(raw: object) -> str:
    """Empty, or a UPC/EAN/GTIN of 8, 12, 13 or 14 digits with a valid check digit."""
    value = raw.strip() if isinstance(raw, str) else ""
    if not value:
        return ""
    if not value.isdigit() or len(value) not in GTIN_LENGTHS:
        raise InvalidValue(f"The barcode {value!r} is not a UPC/EAN: use 8, 12, 13 or 14 digits.")
    if gtin_check_digit(value[:-1]) != int(value[-1]):
        raise InvalidValue(f"The barcode {value!r} has a wrong check digit.")
    return value


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit: weights 3,1,3,… from the right of the body."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def clean_number(
    raw: object, label: str, *, maximum: Decimal, shown_maximum: Decimal | None = None
) -> Decimal | None:
    """A number from 0 to ``maximum``, from a JSON number or its text; None when empty.

    Text is plain ASCII decimal notation: digits, one optional point, an optional sign and an
    optional exponent (``1.5``, ``+2``, ``1e3``); no thousands separators, underscores, other
    scripts' digits, NaN or Infinity. ``-0`` is 0. The range is checked before any arithmetic,
    so no value, however long its digits or exponent, can overflow a later calculation.
    """
    value = plain_number(raw, label)
    if value is None:
        return None
    if value > maximum:
        limit = (maximum if shown_maximum is None else shown_maximum).normalize()
        raise InvalidValue(f"The {label} must be at most {limit:,f}; got {_shown(raw)}.")
    return value.copy_abs()  # -0 is 0


def plain_number(raw: object, label: str) -> Decimal | None:
    """``raw`` as a Decimal of zero or more (not yet range-checked), or None when empty."""
    value = parse_number(raw, label)
    if value is not None and value < 0:
        raise InvalidValue(f"The {label} must be zero or more.")
    return value


def parse_number(raw: object, label: str) -> Decimal | None:
    """``raw`` (a JSON number or its text) as a finite Decimal, or None when empty."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise InvalidValue(f"The {label} must be a number.")
    if (isinstance(raw, Decimal) and not raw.is_finite()) or (
        isinstance(raw, float) and not math.isfinite(raw)
    ):
        raise InvalidValue(f"The {label} must be a finite number; got {_shown(raw)}.")
    text = raw.strip() if isinstance(raw, str) else str(raw)
    if len(text) > MAX_NUMBER_TEXT or not NUMBER.fullmatch(text):
        raise InvalidValue(f"The {label} must be a number; got {_shown(raw)}.")
    return Decimal(text)


def _shown(raw: object) -> str:
    text = raw.strip() if isinstance(raw, str) else str(raw)
    return repr(text if len(text) <= 40 else text[:40] + "…")


def clean_measure(raw: object, *, unit: str, table: dict, label: str) -> Decimal | None:
    """A weight or dimension given in ``unit``, returned in the stored base unit (g or mm),
    rounded to 0.001 base unit; from 0 to ``MAX_MEASURE`` base units (in the unit: that divided
    by the unit's size, e.g. 99,999,999,999 mm is 99,999,999.999 m)."""
    exact_maximum = MAX_MEASURE / table[unit][1]  # a stored maximum read back stays valid
    shown = max_in_unit(unit, table)
    value = clean_number(raw, label, maximum=exact_maximum, shown_maximum=shown)
    if value is None:
        return None
    return units.to_base(value, unit, table).quantize(MEASURE_PLACES)


def max_in_unit(unit: str, table: dict) -> Decimal:
    """The largest measure in ``unit`` that is at most ``MAX_MEASURE`` base units (3 decimals)."""
    return (MAX_MEASURE / table[unit][1]).quantize(MEASURE_PLACES, rounding=ROUND_DOWN)


def clean_price(raw: object) -> Decimal | None:
    """A price from 0 to ``MAX_PRICE`` with at most 2 decimals."""
    value = clean_number(raw, "price", maximum=MAX_PRICE)
    if value is None:
        return None
    if value != value.quantize(PRICE_PLACES):
        raise InvalidValue("The price has more than 2 decimals.")
    return value.quantize(PRICE_PLACES)
