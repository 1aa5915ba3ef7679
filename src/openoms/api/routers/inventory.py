"""Inventory levels: read them, set or adjust one, set many at once. Every change is in the ledger."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import Field

from openoms.api import idempotency
from openoms.api.auth import request_tenant
from openoms.api.errors import error_response
from openoms.api.pagination import PageParams, paginate
from openoms.api.schemas.common import error_responses
from openoms.api.schemas.inventory import (
    BulkErrorOut,
    BulkIn,
    BulkOut,
    InventoryLevelIn,
    InventoryLevelOut,
    InventoryPageOut,
)
from openoms.api.serializers.inventory import (
    bulk_results_out,
    bulk_rows_in,
    empty_row,
    inventory_row_out,
)
from openoms.catalog.selectors import variant_by_sku
from openoms.catalog.sku_text import nfc
from openoms.core.errors import InvalidValue
from openoms.inventory.selectors import enabled_warehouse_get, inventory_rows
from openoms.inventory.services.bulk import NOT_APPLIED, levels_bulk_set
from openoms.inventory.services.level_rules import clean_code
from openoms.inventory.services.levels import level_adjust, level_set
from openoms.inventory.triggers import Trigger

router = Router(tags=["Inventory"])


class InventoryFilters(Schema):
    sku: str | None = Field(None, max_length=200, description="Exactly this SKU.")
    warehouse: str | None = Field(
        None,
        max_length=200,
        description="An enabled warehouse's code; a virtual one gives its members' sums.",
    )


def _code(raw: str | None) -> str | None:
    """A warehouse code as stored (trimmed, capitals), or None for no code."""
    try:
        return clean_code(raw)
    except InvalidValue:
        return None


def _reference(request: HttpRequest) -> str:
    """What the ledger's movements refer to: the request's Idempotency-Key, if any."""
    return request.headers.get(idempotency.HEADER, "")


@router.get(
    "",
    response={200: InventoryPageOut, **error_responses(401, 403, 404, 422)},
    operation_id="inventory_list",
)
def list_inventory(
    request: HttpRequest, filters: Query[InventoryFilters], params: Query[PageParams]
):
    """Inventory levels by SKU, then warehouse, page by page.

    Without `warehouse`: one row per level in each enabled physical warehouse. With a physical
    `warehouse`: its levels. With a virtual one: one row per SKU with the sums of its members,
    and `warehouse` is the virtual code. An unknown or not enabled warehouse is 404 not_found;
    an unknown SKU gives an empty page.
    """
    actor, account = request_tenant(request)
    code = _code(filters.warehouse)
    sku = None if filters.sku is None else nfc(filters.sku)
    rows = inventory_rows(actor, account, warehouse_code=code, sku=sku)
    return paginate(request, rows, params, partial(inventory_row_out, warehouse_code=code))


@router.put(
    "/{warehouse_code}/{path:sku}",
    response={200: InventoryLevelOut, **error_responses(401, 403, 404, 409, 413, 422)},
    operation_id="inventory_level_set",
)
def set_level(request: HttpRequest, warehouse_code: str, sku: str, payload: InventoryLevelIn):
    """Set (`total`) or change (`adjust`) the on-hand quantity of a SKU in a physical warehouse.

    Send exactly one of them, as an integer. The SKU is the rest of the path, so it may contain
    `/`; percent-encode spaces, `?`, `#` and `%` (e.g. `/inventory/TOR-1/TEE%20RED/M`). The
    change is a ledger movement (trigger `api_single_row_update`, your `reason`, and the
    Idempotency-Key as reference); `changed` is false when the quantity already was that.
    Unknown warehouse or SKU: 404; a virtual warehouse, a negative total or an adjustment below
    zero: 422, and nothing changes.
    """
    _check_one_quantity(payload)
    actor, account = request_tenant(request)
    warehouse = enabled_warehouse_get(actor, account, _code(warehouse_code) or warehouse_code)
    variant = variant_by_sku(actor, account, nfc(sku))
    write = {
        "actor": actor,
        "account": account,
        "warehouse": warehouse,
        "variant": variant,
        "trigger": Trigger.API_SINGLE_ROW_UPDATE,
        "reason": payload.reason,
        "reference": _reference(request),
    }
    if payload.total is not None:
        movement = level_set(**write, total=payload.total)
    else:
        movement = level_adjust(**write, delta=payload.adjust)
    rows = inventory_rows(actor, account, warehouse_code=warehouse.code, sku=variant.sku)
    row = rows.first() or empty_row(variant.sku, warehouse.code)
    return {**inventory_row_out(row, warehouse.code), "changed": movement is not None}


def _check_one_quantity(payload: InventoryLevelIn) -> None:
    sent = [name for name in ("total", "adjust") if getattr(payload, name) is not None]
    if len(sent) == 1:
        return
    if sent:
        message = "Send either total or adjust, not both."
        errors = [{"loc": ("body", name), "msg": message, "type": "value_error"} for name in sent]
    else:
        message = "Send total (the new quantity) or adjust (the change to add)."
        errors = [{"loc": ("body", "total"), "msg": message, "type": "missing"}]
    raise ValidationError(errors)


@router.post(
    "/bulk",
    response={200: BulkOut, 422: BulkErrorOut, **error_responses(401, 403, 409, 413)},
    operation_id="inventory_bulk_set",
)
def bulk_set_levels(request: HttpRequest, payload: BulkIn):
    """Set the on-hand totals of 1 to 10,000 (warehouse, SKU) rows in one request.

    One result per row, in order (`line` = position in `rows`, from 1): updated, unchanged or
    rejected with the reason. A bad value (unknown warehouse or SKU, a virtual warehouse, a
    total that is not a JSON integer from 0 to 1,000,000,000 (a string such as "5" is refused,
    as by the single-row PUT), a (warehouse, SKU) repeated on a later row) rejects that row only; with `on_error: reject_all` it rejects the whole request: 422
    `rows_rejected` with the same per-row `results`, and nothing changes. A body that is not
    `{"rows": [objects]}`, a row with an unknown field, or more than 10,000 rows is a 422
    `validation_error`. Changes are ledger movements with trigger `api_bulk_update`.
    """
    actor, account = request_tenant(request)
    result = levels_bulk_set(
        actor=actor,
        account=account,
        rows=bulk_rows_in(payload.rows),
        on_error=payload.on_error,
        trigger=Trigger.API_BULK_UPDATE,
        reference=_reference(request),
    )
    results = bulk_results_out(result)
    if not result.applied:
        bad = sum(outcome.error != NOT_APPLIED for outcome in result.outcomes)
        message = f"Nothing was applied: {bad} of {len(results)} rows are invalid (reject_all)."
        return error_response(422, "rows_rejected", message, results=results)
    return {"results": results, "counts": result.counts(), "applied": True}
