"""Warehouses, inventory rows and bulk outcomes to the API's JSON."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from openoms.inventory.models import Warehouse
from openoms.inventory.services.bulk import BulkResult, LevelRow

QUANTITIES = ("total", "allocated", "available", "incoming")


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


def bulk_rows_in(rows: Iterable[Mapping[str, Any]]) -> list[LevelRow]:
    """The request's rows as the engine takes them, raw; ``line`` counts from 1."""
    return [
        LevelRow(line, row.get("warehouse"), row.get("sku"), row.get("total"))
        for line, row in enumerate(rows, start=1)
    ]


def bulk_results_out(result: BulkResult) -> list[dict[str, Any]]:
    return [
        {"line": outcome.line, "status": outcome.status, "error": outcome.error}
        for outcome in result.outcomes
    ]
