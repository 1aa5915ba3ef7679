"""The purchase order form (Purchases → Purchase Orders → New purchase order) and the list's
filters.

The form only collects raw strings and turns them into a ``purchasing.drafts.PurchaseOrderDraft``;
every rule is checked by ``purchase_order_create``, whose errors are keyed like
``lines.2.serial_number`` or ``warehouse``: each is shown next to its input, and everything
typed is shown again. Line rows are posted as ``lines-<n>-sku|quantity|lot_number|
serial_number`` and reference rows as ``references-<n>-name|value``; rows left blank are dropped
and the others renumbered from 0, so ``lines.<i>`` is the i-th shown row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from openoms.purchasing.drafts import PurchaseLineDraft, PurchaseOrderDraft
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderStatus
from openoms.purchasing.selectors import PurchaseOrderFilters
from openoms.web.sales_order_forms import Input

MIN_ROWS = 5
MAX_ROWS = 500
MIN_REFERENCE_ROWS = 3
MAX_REFERENCE_ROWS = 50
LINE_KEYS = ("sku", "quantity", "lot_number", "serial_number")
REFERENCE_KEYS = ("name", "value")
NUMBER_PREFIX = "PO-"
FIRST_NUMBER = 1001
RECENT_NUMBERS = 200

# (name, label, input type) of the order's own fields; the warehouse is a select.
HEADER_FIELDS = [
    ("order_number", "Order number", "text"),
    ("warehouse", "Requested warehouse", "select"),
    ("supplier", "Supplier", "text"),
    ("reference_number", "Reference number", "text"),
    ("purchase_order_number", "Purchase order number", "text"),
    ("source_text", "Source", "text"),
    ("cancel_after", "Cancel after", "date"),
    ("requested_ship_date", "Requested ship date", "date"),
    ("carrier", "Carrier code", "text"),
    ("service", "Service code", "text"),
]
HEADER_HELP = {
    "order_number": "Unique in the account; the next free number is filled in.",
    "warehouse": "The physical warehouse the goods go to; its fulfillment channel receives them.",
    "purchase_order_number": "The supplier's or your ERP's number for it, if any.",
    "source_text": "Free text: where the order came from.",
    "cancel_after": "The date after which the goods are no longer wanted.",
    "requested_ship_date": "When the supplier should ship.",
    "carrier": "The inbound carrier, checked under the account's API Validation Rules.",
}


@dataclass
class PurchaseOrderForm:
    """What was typed into the form, and the problems found, by the service's field keys."""

    header: dict[str, str] = field(default_factory=dict)
    lines: list[dict[str, str]] = field(default_factory=list)
    references: list[dict[str, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def blank(cls, order_number: str) -> PurchaseOrderForm:
        return cls(header={"order_number": order_number})

    @classmethod
    def posted(cls, data) -> PurchaseOrderForm:
        return cls(
            header={name: data.get(name, "") for name, _, _ in HEADER_FIELDS},
            lines=_posted_rows(data, "lines", LINE_KEYS, MAX_ROWS),
            references=_posted_rows(data, "references", REFERENCE_KEYS, MAX_REFERENCE_ROWS),
        )

    # -- to the service ---------------------------------------------------------------------
    def draft(self) -> PurchaseOrderDraft:
        """The draft for ``purchase_order_create``; a problem of the form's own (a date that is
        not one, a reference without a name) goes into ``errors``."""
        h = self.header
        return PurchaseOrderDraft(
            order_number=h["order_number"],
            warehouse=h["warehouse"],
            lines=[
                PurchaseLineDraft(
                    sku=row["sku"].strip(),
                    quantity=row["quantity"],
                    lot_number=row["lot_number"].strip(),
                    serial_number=row["serial_number"].strip(),
                )
                for row in self.lines
            ],
            supplier=h["supplier"],
            reference_number=h["reference_number"],
            purchase_order_number=h["purchase_order_number"],
            source_text=h["source_text"],
            carrier=h["carrier"],
            service=h["service"],
            cancel_after=self._day("cancel_after"),
            requested_ship_date=self._day("requested_ship_date"),
            references=self._references(),
        )

    def _day(self, name: str) -> date | None:
        text = self.header.get(name, "").strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.errors[name] = "A date such as 2026-12-31."
            return None

    def _references(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for index, row in enumerate(self.references):
            name = row["name"].strip()
            if not name:
                self.errors[f"references.{index}.name"] = "Give the reference a name."
            elif name in found:
                self.errors[f"references.{index}.name"] = f"“{name}” is given twice."
            else:
                found[name] = row["value"].strip()
        return found

    # -- to the template --------------------------------------------------------------------
    def header_inputs(self) -> dict[str, Input]:
        return {
            name: Input(
                name,
                label,
                self.header.get(name, ""),
                self.errors.get(name, ""),
                kind,
                HEADER_HELP.get(name, ""),
            )
            for name, label, kind in HEADER_FIELDS
        }

    def line_rows(self) -> list[list[Input]]:
        """The typed rows (with their errors), then blank ones up to ``MIN_ROWS``."""
        return self._rows("lines", self.lines, LINE_KEYS, MIN_ROWS)

    def reference_rows(self) -> list[list[Input]]:
        return self._rows("references", self.references, REFERENCE_KEYS, MIN_REFERENCE_ROWS)

    def _rows(self, prefix: str, typed: list, keys: tuple, least: int) -> list[list[Input]]:
        rows = list(typed) + [dict.fromkeys(keys, "")] * max(0, least - len(typed))
        return [
            [
                Input(
                    f"{prefix}-{index}-{key}",
                    key,
                    row[key],
                    self.errors.get(f"{prefix}.{index}.{key}", ""),
                )
                for key in keys
            ]
            for index, row in enumerate(rows)
        ]

    @staticmethod
    def template_row() -> list[Input]:
        """The row the page's script copies for "Add line" (``__index__`` replaced)."""
        return [Input(f"lines-__index__-{key}", key, "") for key in LINE_KEYS]

    def other_errors(self) -> list[str]:
        """Problems no input shows (``lines``, ``references``, an unknown key)."""
        shown = {name for name, _, _ in HEADER_FIELDS}
        shown |= {f"lines.{i}.{key}" for i in range(len(self.lines)) for key in LINE_KEYS}
        shown |= {
            f"references.{i}.{key}" for i in range(len(self.references)) for key in REFERENCE_KEYS
        }
        return [f"{_where(key)}: {why}" for key, why in self.errors.items() if key not in shown]


def _posted_rows(data, prefix: str, keys: tuple, limit: int) -> list[dict[str, str]]:
    """The posted ``<prefix>-<n>-<key>`` rows in their order, blank ones dropped."""
    indexes = set()
    for name in data:
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == prefix and parts[1].isdigit() and parts[2] in keys:
            indexes.add(int(parts[1]))
    rows = []
    for index in sorted(indexes)[:limit]:
        row = {key: data.get(f"{prefix}-{index}-{key}", "") for key in keys}
        if any(value.strip() for value in row.values()):
            rows.append(row)
    return rows


def _where(key: str) -> str:
    parts = key.split(".")
    if parts[0] in ("lines", "references"):
        label = "Line" if parts[0] == "lines" else "Reference"
        if len(parts) > 1 and parts[1].isdigit():
            return f"{label} {int(parts[1]) + 1}"
        return "Lines" if parts[0] == "lines" else "References"
    return {"order": "Order"}.get(key, key)


def next_order_number(orders: QuerySet[PurchaseOrder]) -> str:
    """``PO-<n>``: the next after the highest ``PO-<digits>`` among the recent orders
    (``orders``: the account's as its selector gives them); PO-1001 to start with."""
    recent = orders.order_by("-id").values_list("order_number", flat=True)[:RECENT_NUMBERS]
    pattern = re.compile(rf"^{NUMBER_PREFIX}(\d{{1,14}})$")
    numbers = [int(found.group(1)) for n in recent if (found := pattern.match(n))]
    candidate = max(numbers, default=FIRST_NUMBER - 1) + 1
    wanted = [f"{NUMBER_PREFIX}{candidate + n}" for n in range(50)]
    taken = set(orders.filter(order_number__in=wanted).values_list("order_number", flat=True))
    while f"{NUMBER_PREFIX}{candidate}" in taken:
        candidate += 1
    return f"{NUMBER_PREFIX}{candidate}"


# -- the list's filters ---------------------------------------------------------------------
FILTER_NAMES = ("q", "status", "warehouse", "date_from", "date_to")
STATUS_CHOICES = PurchaseOrderStatus.choices


def purchase_order_filters(query) -> tuple[PurchaseOrderFilters, dict[str, str], list[str]]:
    """The list's filters from the query string → (filters, the values as typed, problems);
    a value that is not valid is left out of the filters and named in the problems."""
    raw = {name: query.get(name, "").strip() for name in FILTER_NAMES}
    problems: list[str] = []
    dates = {}
    for name, label in (("date_from", "From"), ("date_to", "To")):
        try:
            dates[name] = date.fromisoformat(raw[name]) if raw[name] else None
        except ValueError:
            dates[name] = None
            problems.append(f"{label}: “{raw[name]}” is not a date such as 2026-12-31.")
    warehouse = raw["warehouse"]
    filters = PurchaseOrderFilters(
        status=raw["status"] if raw["status"] in PurchaseOrderStatus.values else "",
        warehouse_id=int(warehouse) if warehouse.isdigit() and len(warehouse) < 19 else None,
        search=raw["q"][:200],
        date_from=dates["date_from"],
        date_to=dates["date_to"],
    )
    return filters, raw, problems
