"""The text rules of SKUs that go beyond one field's checks: Unicode normalisation and look-alikes.

Every way in (page, API, CSV) normalises a SKU to Unicode NFC, so ``"é"`` typed as one character
or as ``e`` + a combining accent is one SKU. Two different SKUs may still *look* the same: a
Cyrillic ``Ѕ`` for a Latin ``S``, a full-width ``Ｓ``. Their *skeleton* (NFKC, then the table below
of common Cyrillic, Greek and punctuation look-alikes mapped to ASCII) is equal; the catalog warns
when a new SKU shares its skeleton with an existing one (``catalog.services.sku_lookalikes``).
The table is deliberately small (what a keyboard layout or a copy-paste slips in), not Unicode's
full confusables list, and never maps ASCII to ASCII: ``O`` and ``0`` are different SKUs on purpose.
"""

from __future__ import annotations

import unicodedata

LOOKALIKES: dict[str, str] = {
    # Cyrillic capitals
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y",
    "Ӏ": "I",
    # Cyrillic small letters
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i",
    "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "ӏ": "l",
    # Greek capitals
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Greek small letters
    "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "υ": "u",
    # dashes and minus signs
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
}  # fmt: skip
_TABLE = str.maketrans(LOOKALIKES)


def nfc(text: str) -> str:
    """``text`` in Unicode NFC (ASCII, the usual case, is returned as is without work)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def skeleton(sku: str) -> str:
    """What ``sku`` looks like: NFKC (full-width and compatibility forms) then the look-alikes."""
    if sku.isascii():
        return sku
    return unicodedata.normalize("NFKC", sku).translate(_TABLE)


def lookalike_characters(sku: str) -> list[str]:
    """The characters of ``sku`` that only look like ASCII ones, described for a person."""
    described = []
    for char in dict.fromkeys(sku):
        if char.isascii():
            continue
        shown = skeleton(char)
        if shown != char and shown.isascii():
            name = unicodedata.name(char, "UNKNOWN CHARACTER")
            described.append(f"{char!r} (U+{ord(char):04X} {name}) for {shown!r}")
    return described
