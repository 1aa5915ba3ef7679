"""The Master Product Source seen from the catalog: who may change a product's fields.

When OpenOMS is the account's Master Product Source (the default), products are created and
edited in OpenOMS. When a channel is, products are edited in that channel and reach OpenOMS
through Import Products (the product sync, ``from_master=True``); every other way in (pages, API,
``P_Products.csv``) is refused with ``READ_ONLY_MESSAGE``, which says where to edit them.

Owned by the master: creating products and variants, the product's name and description, and
every variant field (SKU, variant name, barcode, measures, price). Not owned: the status. Archive
and Restore stay allowed in OpenOMS, because they only decide what OpenOMS shows and exports
(an archived product is hidden from channels, its history kept); the master never sets them.
"""

from __future__ import annotations

from collections.abc import Iterable

from openoms.catalog.models import Product
from openoms.core.errors import ValidationFailed
from openoms.tenancy.models import Account, MasterProductSource

READ_ONLY_MESSAGE = (
    "Products of this account come from its Master Product Channel: edit them there; "
    "OpenOMS updates them on the next Import Products."
)
MASTER_OWNED_PRODUCT_FIELDS = ("name", "description")


def catalog_is_read_only(account: Account) -> bool:
    """True when a channel, not OpenOMS, is the account's Master Product Source."""
    return account.master_product_source != MasterProductSource.OPENOMS


def read_only_error() -> ValidationFailed:
    return ValidationFailed({"product": READ_ONLY_MESSAGE})


def refuse_when_read_only(account: Account) -> None:
    """Refuse a write of master-owned data (a new product, an import file) on such an account."""
    if catalog_is_read_only(account):
        raise read_only_error()


def refuse_master_owned_changes(
    product: Product,
    fields: dict,
    variants: Iterable[tuple[int | None, dict]],
    *,
    attempted: bool = False,
) -> None:
    """Refuse an edit that would change a master-owned field of ``product`` on such an account.

    ``fields`` are the product's clean new values, ``variants`` the clean ``(id, values)`` of
    edited (id) or new (None) variants; ``attempted`` is True when an owned field was sent with
    an invalid value (the edit is refused for its source, not for its value). Values equal to
    the stored ones are no change, so a form sending the whole product may still archive it.
    """
    if not catalog_is_read_only(product.account):
        return
    if attempted or _changes(product, fields, list(variants)):
        raise read_only_error()


def _changes(product: Product, fields: dict, variants: list[tuple[int | None, dict]]) -> bool:
    for name in MASTER_OWNED_PRODUCT_FIELDS:
        if name in fields and fields[name] != getattr(product, name):
            return True
    if any(variant_id is None for variant_id, _ in variants):
        return True
    stored = product.variants.in_bulk([variant_id for variant_id, _ in variants])
    return any(
        getattr(stored[variant_id], name) != value
        for variant_id, values in variants
        for name, value in values.items()
    )
