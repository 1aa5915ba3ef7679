"""The text rules of SKUs that go beyond one field's checks: Unicode normalisation and look-alikes.

Every way in (page, API, CSV) normalises a SKU to Unicode NFC, so ``"é"`` typed as one character
or as ``e`` + a combining accent is one SKU. Two different SKUs may still *look* the same: a
Cyrillic DZE (U+0405) for a Latin ``S``, a full-width S (U+FF33). Their *skeleton* (NFKC, then
the table below of common Cyrillic, Greek and punctuation look-alikes mapped to ASCII) is equal;
the catalog warns when a new SKU shares its skeleton with an existing one
(``catalog.services.sku_lookalikes``).
The table is deliberately small (what a keyboard layout or a copy-paste slips in), not Unicode's
full confusables list, and never maps ASCII to ASCII: ``O`` and ``0`` are different SKUs on purpose.
"""

from __future__ import annotations

import unicodedata

LOOKALIKES: dict[str, str] = {  # written as escapes: the characters look like ASCII
    # Cyrillic capitals
    "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H",
    "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0423": "Y", "\u0425": "X",
    "\u0405": "S", "\u0406": "I", "\u0408": "J", "\u051a": "Q", "\u051c": "W", "\u04ae": "Y",
    "\u04c0": "I",
    # Cyrillic small letters
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y",
    "\u0445": "x", "\u0455": "s", "\u0456": "i", "\u0458": "j", "\u04bb": "h", "\u0501": "d",
    "\u051b": "q", "\u051d": "w", "\u04af": "y", "\u04cf": "l",
    # Greek capitals
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u0399": "I",
    "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T",
    "\u03a5": "Y", "\u03a7": "X",
    # Greek small letters
    "\u03b1": "a", "\u03b9": "i", "\u03ba": "k", "\u03bd": "v", "\u03bf": "o", "\u03c1": "p",
    "\u03c5": "u",
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
