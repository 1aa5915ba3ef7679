"""Warehouses, inventory rows and bulk outcomes to the API's JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from openoms.inventory.models import Warehouse
from openoms.inventory.services.bulk import BulkResult, LevelRow

MAX_SHOWN = 20  # the engine's reason shows 40 characters of a value's repr
_KINDS = {str: "string", float: "number", bool: "boolean", list: "array", dict: "object"}
QUANTITIES = ("total", "allocated", "on_hold", "available", "incoming")


def warehouse_out(warehouse: Warehouse, members: Mapping[int, list[str]]) -> dict[str, Any]:
    return {
        "code": warehouse.code,
        "name": warehouse.name,
        "type": warehouse.kind,
        "members": members.get(warehouse.pk, []),
    }


def inventory_row_out(row: Mapping[str, Any], warehouse_code: str | None) -> dict[str, Any]:
    """A row of ``inventory_rows``; a virtual warehouse's sums carry its own code."""
    return {
        "sku": row["variant__sku"],
        "warehouse": row.get("warehouse__code", warehouse_code),
        **{name: row[name] for name in QUANTITIES},
    }


def empty_row(sku: str, warehouse_code: str) -> dict[str, Any]:
    """The row of a level that does not exist (yet): all quantities 0."""
    return {"variant__sku": sku, "warehouse__code": warehouse_code, **dict.fromkeys(QUANTITIES, 0)}


class NotJsonInteger:
    """A bulk row's ``total`` that is not a JSON integer (a string such as "5", a float, a bool).

    The engine's quantity rule also reads text, for the CSV import; the API is stricter and
    takes JSON integers only, exactly as the single-row PUT. Handing the engine this wrapper
    instead of the value makes the engine reject that row only, with a reason that says why.
    """

    def __init__(self, value: object):
        self.value = value

    def __repr__(self) -> str:  # what the engine's reason shows: "…; got the JSON string '5'."
        shown = json.dumps(self.value, ensure_ascii=False)
        shown = shown if len(shown) <= MAX_SHOWN else shown[: MAX_SHOWN - 1] + "…"
        return f"the JSON {_KINDS.get(type(self.value), 'value')} {shown}"


def _json_integer(value: object) -> object:
    """``value`` when it is a JSON integer (or absent, which the engine reports), else wrapped."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return NotJsonInteger(value)


def bulk_rows_in(rows: Iterable[Mapping[str, Any]]) -> list[LevelRow]:
    """The request's rows as the engine takes them; ``line`` counts from 1. Warehouse and SKU
    are passed raw (the engine reports each bad one); a total that is not a JSON integer is
    wrapped so that the engine rejects the row."""
    return [
        LevelRow(line, row.get("warehouse"), row.get("sku"), _json_integer(row.get("total")))
        for line, row in enumerate(rows, start=1)
    ]


def bulk_results_out(result: BulkResult) -> list[dict[str, Any]]:
    return [
        {"line": outcome.line, "status": outcome.status, "error": outcome.error}
        for outcome in result.outcomes
    ]
