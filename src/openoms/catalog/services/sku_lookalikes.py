"""Warn when a new SKU differs from an existing one of the account only by look-alike characters.

A Cyrillic DZE (U+0405) typed for a Latin ``S`` makes a second SKU that nobody can tell from the first on
screen; stock and orders would then split between them. The catalog does not refuse it (both may
be real), but records a Warning event per new SKU, naming the SKU it resembles and the characters
that differ (``catalog.sku_text`` says what looks alike). Called by every writer of new variants
in the transaction that creates them, with those variants' SKUs.
"""

from __future__ import annotations

from collections.abc import Collection

from openoms.activity.models import EventLevel
from openoms.activity.services import EventDraft, event_record_many
from openoms.catalog.models import ProductVariant
from openoms.catalog.sku_text import lookalike_characters, skeleton
from openoms.tenancy.models import Account

NOT_PRINTABLE_ASCII = r"[^ -~]"  # SKUs hold no control characters: this finds non-ASCII ones
IN_CHUNK = 1000


def lookalike_skus(account: Account, new_skus: Collection[str]) -> dict[str, list[str]]:
    """Each new SKU that resembles others of the account → those SKUs, sorted.

    An ASCII SKU's skeleton is itself, so only two kinds of rows can resemble a new SKU: the SKU
    spelled as the new one's skeleton, and the account's SKUs holding non-ASCII characters.
    """
    by_skeleton: dict[str, set[str]] = {}
    for sku in new_skus:
        by_skeleton.setdefault(skeleton(sku), set()).add(sku)
    found: dict[str, set[str]] = {}
    for existing in _candidates(account, list(by_skeleton)):
        for sku in by_skeleton.get(skeleton(existing), ()):
            if sku != existing:
                found.setdefault(sku, set()).add(existing)
    return {sku: sorted(others) for sku, others in found.items()}


def _candidates(account: Account, skeletons: list[str]) -> set[str]:
    variants = ProductVariant.objects.filter(account=account)
    rows = set(variants.filter(sku__regex=NOT_PRINTABLE_ASCII).values_list("sku", flat=True))
    for start in range(0, len(skeletons), IN_CHUNK):
        chunk = skeletons[start : start + IN_CHUNK]
        rows.update(variants.filter(sku__in=chunk).values_list("sku", flat=True))
    return rows


def sku_lookalikes_warn(
    *, account: Account, new_skus: Collection[str], actor_label: str = ""
) -> int:
    """One Warning event per new SKU that resembles an existing one; returns how many."""
    drafts = [
        EventDraft(
            EventLevel.WARNING,
            _message(sku, others),
            entity_type="sku",
            entity_id=sku,
            entity_label=sku,
            actor_label=actor_label,
        )
        for sku, others in sorted(lookalike_skus(account, new_skus).items())
    ]
    return event_record_many(account=account, drafts=drafts) if drafts else 0


def _message(sku: str, others: list[str]) -> str:
    shown = ", ".join(repr(other) for other in others)
    chars = "; ".join(lookalike_characters(sku) + _theirs(others)) or "compatibility forms"
    return (
        f"The new SKU {sku!r} looks like the existing SKU {shown} but is a different SKU "
        f"(look-alike characters: {chars}). Check that it is not the same item typed differently."
    )


def _theirs(others: list[str]) -> list[str]:
    return [described for other in others for described in lookalike_characters(other)]
