"""Checking an ``OrderDraft`` before anything is stored: every problem at once, keyed by the
field it is about (``order_number``, ``warehouse``, ``lines.2.sku``, ``ship_to.country`` …)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openoms.catalog.models import ProductVariant
from openoms.core.quantity_check import quantity_checked
from openoms.inventory.models import AccountWarehouse, Warehouse, WarehouseKind
from openoms.orders.drafts import (
    MAX_LINES,
    MAX_PRICE,
    MAX_QUANTITY,
    KnownRows,
    LineDraft,
    OrderDraft,
)
from openoms.orders.models import ADDRESS_KEYS, SalesOrder
from openoms.tenancy.models import Account

MAX_NUMBER = 100
MAX_ADDRESS_VALUE = 200


@dataclass(frozen=True)
class CheckedLine:
    variant: ProductVariant
    quantity: int
    price: Decimal
    draft: LineDraft


@dataclass(frozen=True)
class CheckedOrder:
    number: str
    warehouse: Warehouse | None
    lines: list[CheckedLine]


def order_draft_check(
    account: Account, draft: OrderDraft, known: KnownRows | None = None
) -> tuple[CheckedOrder, dict[str, str]]:
    """(what could be checked, the problems by field); no problem means the order can be
    stored. ``known``: variants and free numbers the caller read for a batch of drafts."""
    errors: dict[str, str] = {}
    number = (draft.order_number or "").strip()
    if not number:
        errors["order_number"] = "The order number is required."
    elif len(number) > MAX_NUMBER:
        errors["order_number"] = f"The order number is longer than {MAX_NUMBER} characters."
    elif (known is None or number not in known.free_numbers) and SalesOrder.objects.filter(
        account=account, order_number=number
    ).exists():
        errors["order_number"] = f"Order {number} already exists."
    warehouse = _warehouse(account, draft.warehouse, errors)
    for name in ("ship_to", "bill_to"):
        _address(getattr(draft, name), name, errors)
    lines = _lines(account, draft.lines, errors, known.variants if known else {})
    return CheckedOrder(number, warehouse, lines), errors


def _warehouse(account: Account, code: str, errors: dict) -> Warehouse | None:
    code = (code or "").strip().upper()
    if not code:
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
        errors["warehouse"] = f"Warehouse {code} is virtual: orders ship from physical warehouses."
        return None
    return row.warehouse


def _address(value: object, name: str, errors: dict) -> None:
    if not isinstance(value, dict):
        errors[name] = "An address is an object of name, company, address1 … fields."
        return
    for key, text in value.items():
        if key not in ADDRESS_KEYS:
            errors[f"{name}.{key}"] = f"Unknown address field; use {', '.join(ADDRESS_KEYS)}."
        elif not isinstance(text, str) and text is not None:
            errors[f"{name}.{key}"] = "An address field is text."
        elif text and len(text) > MAX_ADDRESS_VALUE:
            errors[f"{name}.{key}"] = f"Longer than {MAX_ADDRESS_VALUE} characters."


def _lines(
    account: Account, drafts: list[LineDraft], errors: dict, known: Mapping[str, ProductVariant]
) -> list[CheckedLine]:
    if not drafts:
        errors["lines"] = "An order needs at least one line."
        return []
    if len(drafts) > MAX_LINES:
        errors["lines"] = f"An order has at most {MAX_LINES} lines ({len(drafts)} sent)."
        return []
    skus = {(line.sku or "").strip() for line in drafts}
    variants = {sku: known[sku] for sku in skus if sku in known}
    if missing := skus - set(variants):
        rows = ProductVariant.objects.filter(account=account, sku__in=missing)
        variants.update((v.sku, v) for v in rows)
    checked = []
    for index, line in enumerate(drafts):
        where = f"lines.{index}"
        sku = (line.sku or "").strip()
        variant = variants.get(sku)
        if not sku:
            errors[f"{where}.sku"] = "The SKU is required."
        elif variant is None:
            errors[f"{where}.sku"] = f"Unknown SKU {sku}: create it in the catalog first."
        quantity = _quantity(line.quantity, f"{where}.quantity", errors)
        price = _price(line.price, f"{where}.price", errors)
        if variant is not None and quantity is not None and price is not None:
            checked.append(CheckedLine(variant, quantity, price, line))
    return checked


def _quantity(raw: object, field: str, errors: dict) -> int | None:
    return quantity_checked(raw, field, errors, MAX_QUANTITY)


def _price(raw: object, field: str, errors: dict) -> Decimal | None:
    if raw is None or raw == "":
        return Decimal("0.00")
    if isinstance(raw, bool | float):
        raw = str(raw) if isinstance(raw, float) else "x"
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        errors[field] = "The price is a number such as 19.90."
        return None
    if (
        not value.is_finite()
        or value < 0
        or value > MAX_PRICE
        or value != value.quantize(Decimal("0.01"))
    ):
        errors[field] = "The price is a number from 0 with at most 2 decimals."
        return None
    return value.quantize(Decimal("0.01"))
