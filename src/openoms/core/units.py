"""Units of measure. Values are stored in mm, mm³ and g; accounts choose what they see.

Each table maps a unit code to (label, how many stored base units one of it is).
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

SIZE_UNITS: dict[str, tuple[str, Decimal]] = {
    "mm": ("Millimeter (mm)", Decimal(1)),
    "cm": ("Centimeter (cm)", Decimal(10)),
    "m": ("Meter (m)", Decimal(1000)),
    "in": ("Inch (in)", Decimal("25.4")),
    "ft": ("Foot (ft)", Decimal("304.8")),
}
VOLUME_UNITS: dict[str, tuple[str, Decimal]] = {
    "cm3": ("Cubic centimeter (cm³)", Decimal(1000)),
    "m3": ("Cubic meter (m³)", Decimal(1_000_000_000)),
    "in3": ("Cubic inch (in³)", Decimal("16387.064")),
    "ft3": ("Cubic foot (ft³)", Decimal("28316846.592")),
    "l": ("Liter (L)", Decimal(1_000_000)),
}
WEIGHT_UNITS: dict[str, tuple[str, Decimal]] = {
    "g": ("Gram (g)", Decimal(1)),
    "kg": ("Kilogram (kg)", Decimal(1000)),
    "oz": ("Ounce (oz)", Decimal("28.349523125")),
    "lb": ("Pound (lb)", Decimal("453.59237")),
}

DISPLAY_PLACES = Decimal("0.001")


def choices(table: dict[str, tuple[str, Decimal]]) -> list[tuple[str, str]]:
    """(code, label) pairs for a form or an OpenAPI enum."""
    return [(code, label) for code, (label, _) in table.items()]


def to_base(value: Decimal | int | float | str, unit: str, table: dict) -> Decimal:
    """A value in ``unit`` expressed in the stored base unit (mm, mm³ or g)."""
    return Decimal(str(value)) * table[unit][1]


def from_base(value: Decimal | int, unit: str, table: dict) -> Decimal:
    """A stored base-unit value expressed in ``unit``, rounded to three decimals for display."""
    return (Decimal(value) / table[unit][1]).quantize(DISPLAY_PLACES, rounding=ROUND_HALF_EVEN)
