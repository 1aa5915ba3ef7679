"""Checking a ``PurchaseOrderDraft`` before anything is stored: every problem at once, keyed by
the field it is about (``order_number``, ``warehouse``, ``lines``, ``lines.2.quantity``,
``lines.3.serial_number``, ``references`` …; lines are counted from 0, as sales orders')."""

from __future__ import annotations

from dataclasses import dataclass

from openoms.catalog.models import ProductVariant
from openoms.core.quantity_check import quantity_checked
from openoms.inventory.models import AccountWarehouse, Warehouse, WarehouseKind
from openoms.purchasing.drafts import (
    MAX_LINES,
    MAX_QUANTITY,
    PurchaseLineDraft,
    PurchaseOrderDraft,
)
from openoms.purchasing.models import PurchaseOrder
from openoms.tenancy.models import Account

MAX_NUMBER = 100
MAX_LOT = 100
MAX_REFERENCES = 50
MAX_REFERENCE_KEY = 100
MAX_REFERENCE_VALUE = 200
TEXT_LIMITS = {
    "supplier": 200,
    "reference_number": 100,
    "purchase_order_number": 100,
    "source_text": 200,
}
SERIAL_IS_ONE = "A line with a serial number has quantity 1."


@dataclass(frozen=True)
class CheckedLine:
    variant: ProductVariant
    quantity: int
    lot_number: str
    serial_number: str


@dataclass(frozen=True)
class CheckedPurchaseOrder:
    number: str
    warehouse: Warehouse | None
    lines: list[CheckedLine]


def purchase_order_draft_check(
    account: Account, draft: PurchaseOrderDraft
) -> tuple[CheckedPurchaseOrder, dict[str, str]]:
    """(what could be checked, the problems by field); no problem means it can be stored."""
    errors: dict[str, str] = {}
    number = (draft.order_number or "").strip()
    if not number:
        errors["order_number"] = "The order number is required."
    elif len(number) > MAX_NUMBER:
        errors["order_number"] = f"The order number is longer than {MAX_NUMBER} characters."
    elif PurchaseOrder.objects.filter(account=account, order_number=number).exists():
        errors["order_number"] = f"Purchase order {number} already exists."
    warehouse = purchase_warehouse(account, draft.warehouse, errors)
    for name, limit in TEXT_LIMITS.items():
        value = getattr(draft, name)
        if not isinstance(value, str):
            errors[name] = "A text is expected."
        elif len(value.strip()) > limit:
            errors[name] = f"Longer than {limit} characters."
    _references(draft.references, errors)
    lines = _lines(account, draft.lines, errors)
    return CheckedPurchaseOrder(number, warehouse, lines), errors


def purchase_warehouse(account: Account, code: str, errors: dict) -> Warehouse | None:
    """The physical warehouse of ``code`` enabled for the account, else None and the reason
    under ``warehouse``."""
    code = (code or "").strip().upper() if isinstance(code, str) else ""
    if not code:
        errors["warehouse"] = "The warehouse is required (the code of a physical warehouse)."
        return None
    row = (
        AccountWarehouse.objects.filter(account=account, warehouse__code=code)
        .select_related("warehouse")
        .first()
    )
    if row is None:
        errors["warehouse"] = f"Warehouse {code} is not enabled for this account."
        return None
    if row.warehouse.kind != WarehouseKind.PHYSICAL:
        errors["warehouse"] = (
            f"Warehouse {code} is virtual: purchase orders are received at physical warehouses."
        )
        return None
    return row.warehouse


def lot_serial_problems(lot: object, serial: object, quantity: int | None, where: str) -> dict:
    """The problems of a line's lot and serial numbers (by field)."""
    errors: dict[str, str] = {}
    for name, value in (("lot_number", lot), ("serial_number", serial)):
        if not isinstance(value, str):
            errors[f"{where}.{name}"] = "A text is expected."
        elif len(value.strip()) > MAX_LOT:
            errors[f"{where}.{name}"] = f"Longer than {MAX_LOT} characters."
    if isinstance(serial, str) and serial.strip() and quantity is not None and quantity != 1:
        errors[f"{where}.serial_number"] = f"{SERIAL_IS_ONE} This line has {quantity}."
    return errors


def _references(value: object, errors: dict) -> None:
    if not isinstance(value, dict):
        errors["references"] = "References are name → value pairs."
        return
    if len(value) > MAX_REFERENCES:
        errors["references"] = f"At most {MAX_REFERENCES} references ({len(value)} sent)."
        return
    for key, text in value.items():
        if not isinstance(key, str) or not key.strip() or len(key) > MAX_REFERENCE_KEY:
            errors["references"] = f"A reference name is a text of 1 to {MAX_REFERENCE_KEY}."
        elif not isinstance(text, str) or len(text) > MAX_REFERENCE_VALUE:
            errors[f"references.{key}"] = f"A text of at most {MAX_REFERENCE_VALUE} characters."


def _lines(account: Account, drafts: list[PurchaseLineDraft], errors: dict) -> list[CheckedLine]:
    if not drafts:
        errors["lines"] = "A purchase order needs at least one line."
        return []
    if len(drafts) > MAX_LINES:
        errors["lines"] = f"A purchase order has at most {MAX_LINES} lines ({len(drafts)} sent)."
        return []
    skus = {(line.sku or "").strip() for line in drafts if isinstance(line.sku, str)}
    variants = {v.sku: v for v in ProductVariant.objects.filter(account=account, sku__in=skus)}
    checked, serials = [], set()
    for index, line in enumerate(drafts):
        where = f"lines.{index}"
        sku = line.sku.strip() if isinstance(line.sku, str) else ""
        variant = variants.get(sku)
        if not sku:
            errors[f"{where}.sku"] = "The SKU is required."
        elif variant is None:
            errors[f"{where}.sku"] = f"Unknown SKU {sku}: create it in the catalog first."
        quantity = _quantity(line.quantity, f"{where}.quantity", errors)
        problems = lot_serial_problems(line.lot_number, line.serial_number, quantity, where)
        serial = line.serial_number.strip() if isinstance(line.serial_number, str) else ""
        if serial and (sku, serial) in serials:
            problems[f"{where}.serial_number"] = f"Serial number {serial} of {sku} is on two lines."
        serials.add((sku, serial))
        errors.update(problems)
        if variant is not None and quantity is not None and not problems:
            checked.append(CheckedLine(variant, quantity, line.lot_number.strip(), serial))
    return checked


def _quantity(raw: object, field: str, errors: dict) -> int | None:
    return quantity_checked(raw, field, errors, MAX_QUANTITY)
