"""Warehouses and inventory levels: request and response shapes.

Quantities are JSON integers (never strings, floats or booleans) from 0 to 1,000,000,000
(``inventory.services.level_rules``; adjustments from -1,000,000,000 to 1,000,000,000). The
bulk rows accept any JSON value for their fields so that one bad row is reported as that row's
rejection instead of failing the whole request; the rule is the same as the single-row PUT's.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, WithJsonSchema
from typing_extensions import TypedDict

from openoms.api.pagination import page_schema
from openoms.api.schemas.common import ErrorDetailOut
from openoms.inventory.models import WarehouseKind
from openoms.inventory.services.level_rules import MAX_QUANTITY

MAX_BULK_ROWS = 10_000
MAX_REASON = 200


class WarehouseOut(BaseModel):
    """A warehouse enabled for the account."""

    code: str
    name: str
    type: Literal[tuple(WarehouseKind.values)] = Field(
        description="physical holds stock; virtual is the sum of its physical members."
    )
    members: list[str] = Field(description="The physical members' codes (empty for physical).")


class InventoryRowOut(BaseModel):
    """A variant's quantities in a warehouse (a virtual one: the sums of its members)."""

    sku: str
    warehouse: str
    total: int = Field(description="On hand.")
    allocated: int = Field(description="Reserved for open orders.")
    on_hold: int = Field(description="Held back from sale (e.g. damaged or being counted).")
    available: int = Field(description="total - allocated - on_hold; may be below zero.")
    incoming: int = Field(description="Expected from open purchase orders.")


InventoryPageOut = page_schema(InventoryRowOut, "InventoryPage")


class InventoryLevelIn(BaseModel):
    """Exactly one of ``total`` and ``adjust``, and optionally why."""

    model_config = ConfigDict(extra="forbid")

    total: StrictInt | None = Field(
        None,
        description=f"The new on-hand quantity, 0 to {MAX_QUANTITY:,}.",
        json_schema_extra={"minimum": 0, "maximum": MAX_QUANTITY},
    )
    adjust: StrictInt | None = Field(
        None,
        description="The change to add to the on-hand quantity, e.g. -3; the result stays from "
        f"0 to {MAX_QUANTITY:,}.",
        json_schema_extra={"minimum": -MAX_QUANTITY, "maximum": MAX_QUANTITY},
    )
    reason: StrictStr = Field("", max_length=MAX_REASON, description="Kept in the ledger.")


class InventoryLevelOut(InventoryRowOut):
    """The level after the request."""

    changed: bool = Field(description="False when the level already had this quantity.")


def _any(schema: dict[str, Any], description: str) -> Any:
    """A field documented as ``schema`` that accepts any JSON value; the engine checks it."""
    return Annotated[Any, WithJsonSchema(schema | {"description": description})]


class BulkRowIn(TypedDict, total=False):
    """One level to set; a bad value rejects this row only (its result says why)."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]

    warehouse: _any({"type": "string"}, "The code of an enabled physical warehouse.")
    sku: _any({"type": "string"}, "The variant's SKU, exactly.")
    total: _any(
        {"type": "integer", "minimum": 0, "maximum": MAX_QUANTITY},
        f"The new on-hand quantity, a JSON integer from 0 to {MAX_QUANTITY:,} (a string such as "
        '"5" rejects the row, as the single-row PUT refuses it).',
    )


class BulkIn(BaseModel):
    """Rows to set, applied in order; ``on_error`` says what one bad row does."""

    model_config = ConfigDict(extra="forbid")

    rows: list[BulkRowIn] = Field(min_length=1, max_length=MAX_BULK_ROWS)
    on_error: Literal["reject_row", "reject_all"] = Field(
        "reject_row",
        description="reject_row: apply the good rows and reject the bad ones; reject_all: "
        "any bad row rejects the whole request (422 rows_rejected) and nothing changes.",
    )


RowStatus = Literal["updated", "unchanged", "rejected"]


class BulkRowResultOut(BaseModel):
    """What happened to one row; ``line`` is its position in ``rows``, from 1."""

    line: int
    status: RowStatus
    error: str | None = Field(description="Why the row was rejected; null otherwise.")


class BulkCountsOut(BaseModel):
    """How many rows ended in each status."""

    updated: int
    unchanged: int
    rejected: int
    created: int = Field(description="Levels that did not exist before (updated or unchanged).")


class BulkOut(BaseModel):
    """One result per row, in the order of ``rows``."""

    results: list[BulkRowResultOut]
    counts: BulkCountsOut
    applied: bool = Field(description="True when the good rows were applied.")


class BulkErrorDetailOut(ErrorDetailOut):
    """An error; with code rows_rejected (on_error reject_all) it has one result per row."""

    results: list[BulkRowResultOut] | None = Field(
        default=None, description="Present with rows_rejected only."
    )


class BulkErrorOut(BaseModel):
    """The body of an error of the bulk endpoint."""

    error: BulkErrorDetailOut
