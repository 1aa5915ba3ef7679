"""The rules of a product variant's fields, one function each, shared by every way in (page, API,
CSV import). Each returns the clean value or raises ``InvalidValue`` with a reason for a person."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from openoms.core import units
from openoms.core.errors import InvalidValue

MAX_SKU_LENGTH = 100
MAX_NAME_LENGTH = 200
GTIN_LENGTHS = (8, 12, 13, 14)
MAX_MEASURE = Decimal("99999999999")
MAX_PRICE = Decimal("9999999999.99")


def clean_sku(raw: object) -> str:
    """SKUs are case-sensitive and kept exactly; surrounding whitespace is refused, not trimmed."""
    if not isinstance(raw, str) or raw == "":
        raise InvalidValue("The SKU is required.")
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


def _decimal(raw: object, label: str) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise InvalidValue(f"The {label} must be a number.")
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation as exc:
        raise InvalidValue(f"The {label} must be a number; got {raw!r}.") from exc
    if not value.is_finite() or value < 0:
        raise InvalidValue(f"The {label} must be zero or more.")
    return value


def clean_measure(raw: object, *, unit: str, table: dict, label: str) -> Decimal | None:
    """A weight or dimension given in ``unit``, returned in the stored base unit (g or mm)."""
    value = _decimal(raw, label)
    if value is None:
        return None
    base = units.to_base(value, unit, table).quantize(Decimal("0.001"))
    if base > MAX_MEASURE:
        raise InvalidValue(f"The {label} is too large.")
    return base


def clean_price(raw: object) -> Decimal | None:
    value = _decimal(raw, "price")
    if value is None:
        return None
    if value != value.quantize(Decimal("0.01")):
        raise InvalidValue("The price has more than 2 decimals.")
    if value > MAX_PRICE:
        raise InvalidValue("The price is too large.")
    return value.quantize(Decimal("0.01"))
