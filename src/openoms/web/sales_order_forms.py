"""The manual sales order form (Sales → Sales Orders → New order) and the list's filters.

The form only collects raw strings and turns them into an ``orders.drafts.OrderDraft``; every
rule is checked by ``sales_order_create`` (or, when the form itself already found a problem,
by the same check, ``order_draft_check``, so that every problem shows at once and nothing is
stored). The service's errors are keyed like ``lines.2.sku`` or ``ship_to.country``: each is
shown next to its input, and everything typed is shown again.

Line rows are posted as ``lines-<n>-sku|quantity|price``; rows left blank are dropped and the
others renumbered from 0 before the draft is built, so ``lines.<i>`` is the i-th shown row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from openoms.orders.drafts import LineDraft, OrderDraft
from openoms.orders.models import OrderSource, OrderStatus, SalesOrder
from openoms.orders.selectors import OrderFilters

MIN_ROWS = 5
MAX_ROWS = 500
LINE_KEYS = ("sku", "quantity", "price")
FIRST_NUMBER = 1001
RECENT_NUMBERS = 200

# (name, label, input type) of the order's own fields; the warehouse is a select.
HEADER_FIELDS = [
    ("order_number", "Order number", "text"),
    ("warehouse", "Warehouse", "select"),
    ("carrier", "Carrier code", "text"),
    ("service", "Service code", "text"),
    ("customer_name", "Customer name", "text"),
    ("email", "Customer e-mail", "email"),
    ("phone", "Customer phone", "text"),
    ("currency", "Currency", "text"),
    ("cancel_after", "Cancel after", "date"),
    ("reference_number", "Reference number", "text"),
]
HEADER_HELP = {
    "order_number": "Unique in the account; the next free number is filled in.",
    "warehouse": "Where it ships from. Empty: the account's default warehouse, else the first "
    "enabled physical warehouse with enough stock.",
    "carrier": "Checked against Admin Settings → Carriers under the account's API Validation Rules.",
    "currency": "Three letters, e.g. USD.",
    "cancel_after": "The date after which the customer no longer wants the order.",
}
ADDRESS_FIELDS = [
    ("name", "Name"),
    ("company", "Company"),
    ("address1", "Address line 1"),
    ("address2", "Address line 2"),
    ("city", "City"),
    ("region", "State / province"),
    ("postal_code", "Postal code"),
    ("country", "Country"),
    ("phone", "Phone"),
    ("email", "E-mail"),
]


@dataclass(frozen=True)
class Input:
    """One input as the template draws it: its posted name, label, value and error."""

    name: str
    label: str
    value: str
    error: str = ""
    type: str = "text"
    help: str = ""


@dataclass
class OrderForm:
    """What was typed into the form, and the problems found, by the service's field keys."""

    header: dict[str, str] = field(default_factory=dict)
    ship_to: dict[str, str] = field(default_factory=dict)
    bill_to: dict[str, str] = field(default_factory=dict)
    same_as_ship_to: bool = True
    lines: list[dict[str, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def blank(cls, order_number: str) -> OrderForm:
        return cls(header={"order_number": order_number}, lines=[])

    @classmethod
    def posted(cls, data) -> OrderForm:
        header = {name: data.get(name, "") for name, _, _ in HEADER_FIELDS}
        ship = {key: data.get(f"ship_to-{key}", "") for key, _ in ADDRESS_FIELDS}
        bill = {key: data.get(f"bill_to-{key}", "") for key, _ in ADDRESS_FIELDS}
        return cls(
            header=header,
            ship_to=ship,
            bill_to=bill,
            same_as_ship_to=data.get("same_as_ship_to") == "1",
            lines=_posted_lines(data),
        )

    # -- to the service ---------------------------------------------------------------------
    def draft(self) -> OrderDraft:
        """The draft for ``sales_order_create``; a problem of the form's own (a date that is
        not one) goes into ``errors`` and the field is left empty in the draft."""
        h = self.header
        return OrderDraft(
            order_number=h["order_number"],
            lines=[
                LineDraft(row["sku"].strip(), row["quantity"], row["price"]) for row in self.lines
            ],
            ship_to=_filled(self.ship_to),
            bill_to={} if self.same_as_ship_to else _filled(self.bill_to),
            warehouse=h["warehouse"],
            carrier=h["carrier"],
            service=h["service"],
            customer_name=h["customer_name"],
            email=h["email"],
            phone=h["phone"],
            cancel_after=self._cancel_after(),
            currency=h["currency"],
            reference_number=h["reference_number"],
        )

    def _cancel_after(self) -> date | None:
        text = self.header.get("cancel_after", "").strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.errors["cancel_after"] = "A date such as 2026-12-31."
            return None

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

    def address_inputs(self, which: str) -> list[Input]:
        values = getattr(self, which)
        return [
            Input(
                f"{which}-{key}", label, values.get(key, ""), self.errors.get(f"{which}.{key}", "")
            )
            for key, label in ADDRESS_FIELDS
        ]

    def line_rows(self) -> list[list[Input]]:
        """The typed rows (with their errors), then blank ones up to ``MIN_ROWS``."""
        rows = list(self.lines)
        rows += [dict.fromkeys(LINE_KEYS, "")] * max(0, MIN_ROWS - len(rows))
        return [
            [
                Input(
                    f"lines-{index}-{key}",
                    key,
                    row[key],
                    self.errors.get(f"lines.{index}.{key}", ""),
                )
                for key in LINE_KEYS
            ]
            for index, row in enumerate(rows)
        ]

    @staticmethod
    def template_row() -> list[Input]:
        """The row the page's script copies for "Add line" (``__index__`` replaced)."""
        return [Input(f"lines-__index__-{key}", key, "") for key in LINE_KEYS]

    def other_errors(self) -> list[str]:
        """Problems no input shows (``lines``, a whole address, an unknown key)."""
        shown = {name for name, _, _ in HEADER_FIELDS}
        shown |= {f"{which}.{key}" for which in ("ship_to", "bill_to") for key, _ in ADDRESS_FIELDS}
        shown |= {f"lines.{index}.{key}" for index in range(len(self.lines)) for key in LINE_KEYS}
        return [
            f"{_where(key)}: {reason}" for key, reason in self.errors.items() if key not in shown
        ]


def _posted_lines(data) -> list[dict[str, str]]:
    """The posted line rows in their order, blank ones dropped."""
    indexes = set()
    for name in data:
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit() and parts[2] in LINE_KEYS:
            indexes.add(int(parts[1]))
    rows = []
    for index in sorted(indexes)[:MAX_ROWS]:
        row = {key: data.get(f"lines-{index}-{key}", "") for key in LINE_KEYS}
        if any(value.strip() for value in row.values()):
            rows.append(row)
    return rows


def _filled(values: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in values.items() if value.strip()}


def _where(key: str) -> str:
    if key.startswith("lines."):
        parts = key.split(".")
        return f"Line {int(parts[1]) + 1}" if len(parts) > 1 and parts[1].isdigit() else "Lines"
    return {"lines": "Lines", "ship_to": "Ship to", "bill_to": "Bill to", "order": "Order"}.get(
        key, key
    )


def next_order_number(orders: QuerySet[SalesOrder]) -> str:
    """The next free number after the highest all-digit number among the recent orders
    (``orders``: the account's orders as its selector gives them); 1001 to start with."""
    recent = orders.order_by("-id").values_list("order_number", flat=True)[:RECENT_NUMBERS]
    numbers = [int(number) for number in recent if number.isdigit() and len(number) < 15]
    candidate = max(numbers, default=FIRST_NUMBER - 1) + 1
    taken = set(
        orders.filter(order_number__in=[str(candidate + n) for n in range(50)]).values_list(
            "order_number", flat=True
        )
    )
    while str(candidate) in taken:
        candidate += 1
    return str(candidate)


# -- the list's filters ---------------------------------------------------------------------
FILTER_NAMES = ("q", "status", "channel", "source", "backordered", "date_from", "date_to")
STATUS_CHOICES = OrderStatus.choices
SOURCE_CHOICES = OrderSource.choices
BACKORDERED_CHOICES = [("yes", "Backordered only"), ("no", "Not backordered")]


def order_filters(query) -> tuple[OrderFilters, dict[str, str], list[str]]:
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
    channel = int(raw["channel"]) if raw["channel"].isdigit() else None
    filters = OrderFilters(
        q=raw["q"][:200],
        status=raw["status"] if raw["status"] in OrderStatus.values else "",
        channel_id=channel,
        source=raw["source"] if raw["source"] in OrderSource.values else "",
        backordered={"yes": True, "no": False}.get(raw["backordered"]),
        date_from=dates["date_from"],
        date_to=dates["date_to"],
    )
    return filters, raw, problems
