"""Purchase orders: create (JSON or ``PO_Import_Orders.csv``), list, export, read (lines with
what was received, receipts, events), approve, send, cancel, and a Draft line's lot and serial
number. Receipts are not posted here: they are read back from the fulfillment channel that
serves the warehouse (its *Import Receipts* job)."""

from __future__ import annotations

from datetime import date
from functools import partial

from django.db import IntegrityError
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from openoms.api.auth import request_tenant
from openoms.api.pagination import PageParams, paginate
from openoms.api.routers.imports import FOLLOW, IMPORT_BODY, STARTED, import_accepted
from openoms.api.schemas.common import PathId, csv_answer, error_responses
from openoms.api.schemas.purchase_orders import (
    PurchaseLineOut,
    PurchaseLinePatchIn,
    PurchaseOrderIn,
    PurchaseOrderOut,
    PurchaseOrderPageOut,
    PurchaseOrderStatusCode,
)
from openoms.api.serializers.purchase_orders import (
    purchase_line_out,
    purchase_order_out,
    purchase_order_summary_out,
)
from openoms.core.errors import NotFound, ValidationFailed
from openoms.purchasing import selectors
from openoms.purchasing.drafts import PurchaseLineDraft, PurchaseOrderDraft
from openoms.purchasing.models import PurchaseOrderSource
from openoms.purchasing.po_csv import PO_FILE, purchase_orders_csv, purchase_orders_import_start
from openoms.purchasing.services.purchase_orders import (
    purchase_order_create,
    purchase_order_line_update,
)
from openoms.purchasing.services.workflow import (
    purchase_order_approve,
    purchase_order_cancel,
    purchase_order_send,
)

router = Router(tags=["Purchase orders"])

READ = error_responses(401, 403, 404, 422)
ACTION = error_responses(401, 403, 404, 409, 422)
CSV_ANSWER = csv_answer(f"The purchase orders as {PO_FILE}.")


class PurchaseOrderFilterParams(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="Part of the order number, supplier, reference or purchase order number, "
        "or of a line's SKU.",
    )
    status: PurchaseOrderStatusCode | None = None
    warehouse_id: PathId | None = Field(None, description="Orders for this warehouse (its id).")
    date_from: date | None = Field(None, description="Order date from (inclusive, UTC).")
    date_to: date | None = Field(None, description="Order date up to (inclusive, UTC).")

    def selected(self) -> selectors.PurchaseOrderFilters:
        return selectors.PurchaseOrderFilters(
            status=self.status or "",
            warehouse_id=self.warehouse_id,
            search=self.q,
            date_from=self.date_from,
            date_to=self.date_to,
        )


class CancelParams(Schema):
    reason: str = Field("", max_length=200, description="Why, for the order's Events.")


def _fresh(request: HttpRequest, order_id: int) -> dict:
    actor, account = request_tenant(request)
    order = selectors.purchase_order_get(actor, account, order_id)
    events = selectors.purchase_order_events(actor, order)
    return purchase_order_out(order, list(order.receipts.all()), events)


@router.get("", response={200: PurchaseOrderPageOut, **READ}, operation_id="purchase_orders_list")
def list_purchase_orders(
    request: HttpRequest, filters: Query[PurchaseOrderFilterParams], params: Query[PageParams]
):
    """The account's purchase orders, newest order date first, page by page, with their
    totals (units ordered and received); GET an order's id for its lines, receipts and
    events. Filters combine; an unknown `warehouse_id` gives an empty page."""
    actor, account = request_tenant(request)
    rows = selectors.purchase_orders(actor, account, filters.selected())
    return paginate(request, rows, params, purchase_order_summary_out)


@router.post(
    "",
    response={201: PurchaseOrderOut, **error_responses(401, 403, 409, 413, 422)},
    operation_id="purchase_orders_create",
)
def create_purchase_order(request: HttpRequest, payload: PurchaseOrderIn):
    """Create a purchase order (source `api`): 201 with it, Draft, or Approved with
    `approve: true` (its quantities then count as Incoming at the warehouse, and it is sent to
    the warehouse's fulfillment channel at once when the account's *Enable Automatic Purchase
    Order Workflow* is Yes).

    Every problem is reported at once, 422 `validation_error` by its path, and nothing is
    stored: `order_number` (required, at most 100 characters, one the account has already),
    `warehouse` (unknown, not enabled, or virtual), `lines` (none, or more than 500),
    `lines.<i>.sku` (unknown), `lines.<i>.quantity` (an integer from 1 to 1,000,000),
    `lines.<i>.serial_number` (a line with a serial number has quantity 1), `carrier` (when
    the API Validation Rules for purchase orders make a missing or unknown carrier an Error).
    Send an `Idempotency-Key` to retry safely: the retry answers the same order, created once.
    """
    actor, account = request_tenant(request)
    try:
        order = purchase_order_create(
            actor=actor,
            account=account,
            draft=_draft(payload),
            source=PurchaseOrderSource.API,
            approve=payload.approve,
        )
    except IntegrityError as exc:  # the same number stored by a request running at once
        number = payload.order_number.strip()
        message = f"Purchase order {number} already exists."
        raise ValidationFailed({"order_number": message}) from exc
    return Status(201, _fresh(request, order.pk))


def _draft(payload: PurchaseOrderIn) -> PurchaseOrderDraft:
    return PurchaseOrderDraft(
        order_number=payload.order_number,
        warehouse=payload.warehouse,
        lines=[
            PurchaseLineDraft(
                sku=line.sku,
                quantity=line.quantity,
                lot_number=line.lot_number or "",
                serial_number=line.serial_number or "",
            )
            for line in payload.lines
        ],
        supplier=payload.supplier or "",
        reference_number=payload.reference_number or "",
        purchase_order_number=payload.purchase_order_number or "",
        source_text=payload.source_text or "",
        carrier=payload.carrier or "",
        service=payload.service or "",
        order_date=payload.order_date,
        cancel_after=payload.cancel_after,
        requested_ship_date=payload.requested_ship_date,
        references=dict(payload.references or {}),
    )


@router.post(
    "/import",
    response=STARTED,
    operation_id="purchase_orders_import",
    openapi_extra=IMPORT_BODY,
    summary="Import Purchase Orders",
    description=f"Import a `{PO_FILE}` file (one row per order line, the order's fields "
    "repeated on each of its rows; the header of `GET /purchase-orders/export`), sent as the "
    "body (`Content-Type: text/csv`) or as the `file` field of a multipart form. The rows of "
    "one order number are one purchase order, created Draft (source `file`). An order with any "
    "bad row is rejected whole: each bad row with its line and reason, its other rows as not "
    "imported with it; nothing of it is stored. An order number the account has already is "
    "skipped with a warning (running a file again creates nothing twice).\n\n" + FOLLOW,
)
def import_purchase_orders(request: HttpRequest):
    actor, account = request_tenant(request)
    start = partial(purchase_orders_import_start, actor=actor, account=account)
    return import_accepted(request, actor, start, PO_FILE)


@router.get(
    "/export",
    response={200: None, **READ},
    operation_id="purchase_orders_export",
    openapi_extra=CSV_ANSWER,
)
def export_purchase_orders(request: HttpRequest, filters: Query[PurchaseOrderFilterParams]):
    """Download the purchase orders of the list (same filters) as `PO_Import_Orders.csv`, one
    row per line, streamed; with no orders, the header row only (the import template)."""
    actor, account = request_tenant(request)
    rows = purchase_orders_csv(actor=actor, account=account, filters=filters.selected())
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{PO_FILE}"'
    return response


@router.get(
    "/{order_id}", response={200: PurchaseOrderOut, **READ}, operation_id="purchase_orders_get"
)
def get_purchase_order(request: HttpRequest, order_id: PathId):
    """One purchase order with its lines (`received` so far and `open`), its receipts (with
    their lines), its last 100 events, and its last sending error. Another account's order is
    404."""
    return _fresh(request, order_id)


@router.post(
    "/{order_id}/approve",
    response={200: PurchaseOrderOut, **ACTION},
    operation_id="purchase_orders_approve",
)
def approve_purchase_order(request: HttpRequest, order_id: PathId):
    """Draft → Approved: its quantities count as Incoming at the warehouse (and it is sent at
    once when the automatic purchase order workflow is on). Another status is 409 `conflict`
    saying which it is."""
    actor, account = request_tenant(request)
    purchase_order_approve(
        actor=actor, order=selectors.purchase_order_get(actor, account, order_id)
    )
    return _fresh(request, order_id)


@router.post(
    "/{order_id}/send",
    response={200: PurchaseOrderOut, **ACTION},
    operation_id="purchase_orders_send",
)
def send_purchase_order(request: HttpRequest, order_id: PathId):
    """Send an Approved order to the fulfillment channel serving its warehouse (a ShipBob
    receiving order): the request is recorded (`send_requested_at`) and the channel's *Send
    Purchase Orders* job runs; the order is `sent` once the channel accepted it (its error, if
    any, in `last_error` and the events). 409 `conflict` when the order is not Approved or no
    fulfillment channel serves its warehouse."""
    actor, account = request_tenant(request)
    purchase_order_send(actor=actor, order=selectors.purchase_order_get(actor, account, order_id))
    return _fresh(request, order_id)


@router.post(
    "/{order_id}/cancel",
    response={200: PurchaseOrderOut, **ACTION},
    operation_id="purchase_orders_cancel",
)
def cancel_purchase_order(request: HttpRequest, order_id: PathId, params: Query[CancelParams]):
    """Cancel a Draft, Approved or Sent order (`reason`, optional, goes into its Events): its
    open quantities no longer count as Incoming. 409 `conflict` once anything was received,
    or when it is Received or Cancelled."""
    actor, account = request_tenant(request)
    order = selectors.purchase_order_get(actor, account, order_id)
    purchase_order_cancel(actor=actor, order=order, reason=params.reason)
    return _fresh(request, order_id)


@router.patch(
    "/{order_id}/lines/{line_id}",
    response={200: PurchaseLineOut, **ACTION},
    operation_id="purchase_orders_line_update",
)
def update_purchase_line(
    request: HttpRequest, order_id: PathId, line_id: PathId, payload: PurchaseLinePatchIn
):
    """Set a Draft order's line lot number and serial number (an omitted field is kept, ""
    clears it). 422 on `serial_number` when the line's quantity is not 1; 409 `conflict` once
    the order is no longer Draft (lot and serial numbers go to the warehouse with it)."""
    actor, account = request_tenant(request)
    order = selectors.purchase_order_get(actor, account, order_id)
    line = next((x for x in order.lines.all() if x.pk == line_id), None)
    if line is None:
        raise NotFound("Purchase order line not found.")
    try:
        updated = purchase_order_line_update(
            actor=actor,
            line=line,
            lot_number=line.lot_number if payload.lot_number is None else payload.lot_number,
            serial_number=(
                line.serial_number if payload.serial_number is None else payload.serial_number
            ),
        )
    except ValidationFailed as exc:  # keyed by the order's lines: this body has the fields
        errors = {key.rsplit(".", 1)[-1]: why for key, why in exc.errors.items()}
        raise ValidationFailed(errors, exc.message) from exc
    return purchase_line_out(updated)
