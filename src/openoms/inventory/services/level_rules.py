"""What an inventory write may name: whole quantities, the account's physical warehouses, its SKUs.

Shared by the single-row services, the bulk engine and the CSV import, so every way in refuses the
same things with the same words. Another organization's warehouse, or a warehouse the account has
not enabled, is "unknown" exactly like a code that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openoms.catalog.models import ProductVariant
from openoms.catalog.validation import clean_sku
from openoms.core.errors import InvalidValue
from openoms.inventory.models import AccountWarehouse, Warehouse, WarehouseKind, WarehouseMember
from openoms.tenancy.models import Account

MAX_QUANTITY = 1_000_000_000
MAX_CODE = Warehouse._meta.get_field("code").max_length
_WHOLE = re.compile(r"[+-]?[0-9]+", re.ASCII)


def clean_quantity(raw: object, *, signed: bool = False, label: str = "quantity") -> int:
    """A whole number from an int or its text ("7", " 7 ", "+7"); never a float, "7.0" or a bool.

    ``signed`` allows negatives (a delta); otherwise the value must be 0 or more.
    """
    value = _whole(raw, label)
    if not signed and value < 0:
        raise InvalidValue(f"The {label} must be 0 or more; got {value}.")
    if abs(value) > MAX_QUANTITY:
        raise InvalidValue(f"The {label} must be at most {MAX_QUANTITY:,}; got {value}.")
    return value


def _whole(raw: object, label: str) -> int:
    if isinstance(raw, str):
        text = raw.strip()
        if (text.isdigit() and text.isascii()) or _WHOLE.fullmatch(text):
            return int(text)
    elif isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise InvalidValue(f"The {label} is required.")
    return _not_whole(raw, label)


def _not_whole(raw: object, label: str) -> int:
    shown = repr(raw.strip()[:40]) if isinstance(raw, str) else repr(raw)[:40]
    raise InvalidValue(f"The {label} must be a whole number; got {shown}.")


def clean_code(raw: object) -> str:
    """A warehouse code, trimmed and upper-cased (codes are stored in capitals)."""
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidValue("The warehouse is required.")
    code = raw.strip().upper()
    if len(code) > MAX_CODE:
        raise InvalidValue(unknown_warehouse(code[:MAX_CODE] + "…"))
    return code


def unknown_warehouse(code: str) -> str:
    return f"Unknown warehouse {code!r} (not enabled for this account)."


def unknown_sku(sku: str) -> str:
    return f"Unknown SKU {sku!r}."


def virtual_warehouse(code: str, members: list[str]) -> str:
    listed = ", ".join(members) or "none yet"
    return f"{code} is a virtual warehouse: set stock on its physical members ({listed})."


def warehouses_for_codes(account: Account, codes: Iterable[str]) -> dict[str, int | str]:
    """Each code → the physical warehouse id enabled for the account, or why not (a message).

    One query for the warehouses, one more only when a virtual warehouse is named.
    """
    wanted = set(codes)
    enabled = AccountWarehouse.objects.filter(account=account).values("warehouse_id")
    rows = Warehouse.objects.filter(
        organization_id=account.organization_id, code__in=wanted, pk__in=enabled
    ).values_list("pk", "code", "kind")
    found: dict[str, int | str] = {code: unknown_warehouse(code) for code in wanted}
    virtual: dict[int, str] = {}
    for pk, code, kind in rows:
        found[code] = pk
        if kind == WarehouseKind.VIRTUAL:
            virtual[pk] = code
    for pk, members in _member_codes(virtual).items():
        found[virtual[pk]] = virtual_warehouse(virtual[pk], members)
    return found


def _member_codes(virtual: dict[int, str]) -> dict[int, list[str]]:
    members: dict[int, list[str]] = {pk: [] for pk in virtual}
    if virtual:
        rows = WarehouseMember.objects.filter(virtual_id__in=list(virtual)).values_list(
            "virtual_id", "physical__code"
        )
        for virtual_id, code in rows.order_by("physical__code"):
            members[virtual_id].append(code)
    return members


def warehouse_for_write(account: Account, warehouse: Warehouse | str) -> Warehouse:
    """The physical warehouse a single-row write names (a code or a row), else ``InvalidValue``."""
    code = warehouse.code if isinstance(warehouse, Warehouse) else clean_code(warehouse)
    if isinstance(warehouse, Warehouse) and warehouse.organization_id != account.organization_id:
        raise InvalidValue(unknown_warehouse(code))
    found = warehouses_for_codes(account, [code])[code]
    if isinstance(found, str):
        raise InvalidValue(found)
    return warehouse if isinstance(warehouse, Warehouse) else Warehouse.objects.get(pk=found)


def variant_for_write(account: Account, variant: ProductVariant | str) -> ProductVariant:
    """The account's variant a single-row write names (a SKU or a row), else ``InvalidValue``."""
    if isinstance(variant, ProductVariant):
        if variant.account_id != account.pk:
            raise InvalidValue(unknown_sku(variant.sku))
        return variant
    sku = clean_sku(variant)
    found = ProductVariant.objects.filter(account=account, sku=sku).first()
    if found is None:
        raise InvalidValue(unknown_sku(sku))
    return found
