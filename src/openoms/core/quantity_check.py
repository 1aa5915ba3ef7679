"""The check of a quantity sent for a document line (an order, a purchase order): a whole
number from 1 to the document's maximum, refused with the reason in ``errors[field]``."""

from __future__ import annotations


def quantity_checked(raw: object, field: str, errors: dict, maximum: int) -> int | None:
    """``raw`` as a quantity, or None with the reason stored under ``field``."""
    text = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    if not text.lstrip("-").isdigit():
        errors[field] = "The quantity is a whole number."
        return None
    value = int(text)
    if value <= 0:
        errors[field] = "The quantity must be at least 1."
        return None
    if value > maximum:
        errors[field] = f"The quantity is at most {maximum:,}."
        return None
    return value
