"""Sales orders: create (JSON or ``SO_Import_Orders.csv``), list, export, read, approve,
allocate, cancel. Their shipments are in ``routers/shipments.py``; both are mounted by
``router`` (one line in ``api/urls.py``)."""

from __future__ import annotations

from datetime import date
from functools import partial

from django.db import IntegrityError
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from openoms.api.auth import request_tenant
from openoms.api.pagination import PageParams, paginate
from openoms.api.routers import shipments
from openoms.api.routers.imports import FOLLOW, IMPORT_BODY, STARTED, import_accepted
from openoms.api.schemas.common import PathId, csv_answer, error_responses
from openoms.api.schemas.sales_orders import (
    AllocationOut,
    OrderSourceCode,
    OrderStatusCode,
    SalesOrderIn,
    SalesOrderOut,
    SalesOrderPageOut,
)
from openoms.api.serializers.sales_orders import sales_order_out, sales_order_summary_out
from openoms.core.errors import ValidationFailed
from openoms.orders.drafts import LineDraft, OrderDraft
from openoms.orders.models import OrderSource
from openoms.orders.order_csv import ORDERS_FILE, orders_import_start, sales_orders_csv
from openoms.orders.selectors import OrderFilters, sales_order_get, sales_orders
from openoms.orders.services.allocation import sales_order_allocate
from openoms.orders.services.orders import sales_order_create
from openoms.orders.services.workflow import sales_order_approve, sales_order_cancel

router = Router()
orders_router = Router(tags=["Sales orders"])
router.add_router("/sales-orders", orders_router)
router.add_router("/shipments", shipments.router)

READ = error_responses(401, 403, 404, 422)
ACTION = error_responses(401, 403, 404, 409, 422)
CSV_ANSWER = csv_answer(f"The orders as {ORDERS_FILE}.")


class SalesOrderFilters(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="Part of the order number, channel reference, customer "
        "name or e-mail, or of a line's SKU.",
    )
    status: OrderStatusCode | None = None
    channel_id: PathId | None = Field(None, description="Orders of this sales channel.")
    source: OrderSourceCode | None = None
    backordered: bool | None = Field(None, description="true: only backordered orders.")
    date_from: date | None = Field(None, description="Order date from (inclusive, UTC).")
    date_to: date | None = Field(None, description="Order date up to (inclusive, UTC).")

    def selected(self) -> OrderFilters:
        return OrderFilters(
            q=self.q,
            status=self.status or "",
            channel_id=self.channel_id,
            source=self.source or "",
            backordered=self.backordered,
            date_from=self.date_from,
            date_to=self.date_to,
        )


class CancelParams(Schema):
    reason: str = Field("", max_length=200, description="Why, for the order's Events.")


def _fresh(request: HttpRequest, order_id: int) -> dict:
    actor, account = request_tenant(request)
    return sales_order_out(sales_order_get(actor, account, order_id))


@orders_router.get("", response={200: SalesOrderPageOut, **READ}, operation_id="sales_orders_list")
def list_sales_orders(
    request: HttpRequest, filters: Query[SalesOrderFilters], params: Query[PageParams]
):
    """The account's sales orders, newest order date first, page by page (GET an order's id for
    its lines and shipments). Filters combine; an unknown `channel_id` gives an empty page."""
    actor, account = request_tenant(request)
    rows = sales_orders(actor, account, filters.selected())
    return paginate(request, rows, params, sales_order_summary_out)


@orders_router.post(
    "",
    response={201: SalesOrderOut, **error_responses(401, 403, 409, 413, 422)},
    operation_id="sales_orders_create",
)
def create_sales_order(request: HttpRequest, payload: SalesOrderIn):
    """Create a sales order (source `api`): 201 with it, Draft, or Approved with `approve: true`
    (then allocated at once when the account's *Enable Automatic Sales Order Workflow* is Yes).

    Every problem is reported at once, 422 `validation_error` by its path, and nothing is
    stored: `order_number` (required, at most 100 characters, and one the account has already:
    *Order … already exists.*, also when two requests race), `warehouse` (not enabled, or
    virtual), `lines` (none, or more than 500), `lines.<i>.sku` (unknown), `lines.<i>.quantity`
    (an integer from 1 to 100,000), `lines.<i>.price`, `ship_to.<field>`, `carrier` (when the
    API Validation Rules make a missing or unknown carrier or service an Error; a Warning is
    recorded on the order). Send an `Idempotency-Key` to retry safely: the retry answers the
    same order, created once. 409: `idempotency_key_in_progress`, or `conflict` when an order
    to allocate at once cannot be (no physical warehouse enabled); nothing is stored then.
    """
    actor, account = request_tenant(request)
    try:
        order = sales_order_create(
            actor=actor,
            account=account,
            draft=_draft(payload),
            source=OrderSource.API,
            approve=payload.approve,
        )
    except IntegrityError as exc:  # the same number stored by a request running at once
        number = payload.order_number.strip()
        raise ValidationFailed({"order_number": f"Order {number} already exists."}) from exc
    return Status(201, _fresh(request, order.pk))


def _draft(payload: SalesOrderIn) -> OrderDraft:
    return OrderDraft(
        order_number=payload.order_number,
        lines=[
            LineDraft(sku=line.sku, quantity=line.quantity, price=line.price)
            for line in payload.lines
        ],
        ship_to=_address(payload.ship_to),
        bill_to=_address(payload.bill_to),
        warehouse=payload.warehouse or "",
        carrier=payload.carrier or "",
        service=payload.service or "",
        customer_name=payload.customer_name or "",
        email=payload.email or "",
        phone=payload.phone or "",
        order_date=payload.order_date,
        cancel_after=payload.cancel_after,
        currency=payload.currency or "",
        reference_number=payload.reference_number or "",
    )


def _address(address) -> dict:
    return address.model_dump(exclude_none=True) if address is not None else {}


@orders_router.post(
    "/import",
    response=STARTED,
    operation_id="sales_orders_import",
    openapi_extra=IMPORT_BODY,
    summary="Import Sales Orders",
    description=f"Import an `{ORDERS_FILE}` file (one row per order line, the order's fields "
    "repeated on each of its rows; the header of `GET /sales-orders/export`), sent as the body "
    "(`Content-Type: text/csv`) or as the `file` field of a multipart form. The rows of one "
    "order number are one order, created Draft (source `file`). An order with any bad row is "
    "rejected whole: each bad row with its line and reason, its other rows as not imported "
    "with it; nothing of it is stored. An order number the account has already is skipped "
    "with a warning (running a file again creates nothing twice).\n\n" + FOLLOW,
)
def import_sales_orders(request: HttpRequest):
    actor, account = request_tenant(request)
    start = partial(orders_import_start, actor=actor, account=account)
    return import_accepted(request, actor, start, ORDERS_FILE)


@orders_router.get(
    "/export",
    response={200: None, **READ},
    operation_id="sales_orders_export",
    openapi_extra=CSV_ANSWER,
)
def export_sales_orders(request: HttpRequest, filters: Query[SalesOrderFilters]):
    """Download the orders of the list (same filters) as `SO_Import_Orders.csv`, one row per
    line, streamed; with no orders, the header row only (the import template)."""
    actor, account = request_tenant(request)
    rows = sales_orders_csv(actor=actor, account=account, filters=filters.selected())
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ORDERS_FILE}"'
    return response


@orders_router.get(
    "/{order_id}", response={200: SalesOrderOut, **READ}, operation_id="sales_orders_get"
)
def get_sales_order(request: HttpRequest, order_id: PathId):
    """One order with its lines (shipped so far), its shipments (their lines and tracking),
    whether it is backordered and its last error. Another account's order is 404."""
    return _fresh(request, order_id)


@orders_router.post(
    "/{order_id}/approve",
    response={200: SalesOrderOut, **ACTION},
    operation_id="sales_orders_approve",
)
def approve_sales_order(request: HttpRequest, order_id: PathId):
    """Draft → Approved (then allocated at once when the automatic workflow is on). Another
    status is 409 `conflict` saying which it is."""
    actor, account = request_tenant(request)
    sales_order_approve(actor=actor, order=sales_order_get(actor, account, order_id).pk)
    return _fresh(request, order_id)


@orders_router.post(
    "/{order_id}/allocate",
    response={200: AllocationOut, **ACTION},
    operation_id="sales_orders_allocate",
)
def allocate_sales_order(request: HttpRequest, order_id: PathId):
    """Allocate & Fulfill an Approved order: its stock is reserved at one physical warehouse
    (the requested one, else the default, else the first with enough) and a *Ready to send*
    shipment is created (`backordered`: false, `shipment`). Not enough stock: nothing is
    reserved, the order stays Approved and is backordered (`backordered`: true, `reason` names
    the short SKUs; it is allocated first in, first out when stock arrives). 200 either way;
    an order not Approved is 409 `conflict`, as is an account without a physical warehouse."""
    actor, account = request_tenant(request)
    shipment = sales_order_allocate(actor=actor, order=sales_order_get(actor, account, order_id).pk)
    order = _fresh(request, order_id)
    made = next((s for s in order["shipments"] if shipment and s["id"] == shipment.pk), None)
    return {
        "backordered": shipment is None,
        "reason": order["last_error"] if shipment is None else None,
        "shipment": made,
        "order": order,
    }


@orders_router.post(
    "/{order_id}/cancel",
    response={200: SalesOrderOut, **ACTION},
    operation_id="sales_orders_cancel",
)
def cancel_sales_order(request: HttpRequest, order_id: PathId, params: Query[CancelParams]):
    """Cancel the order (`reason`, optional, goes into its Events). Shipments not yet sent are
    cancelled and their stock released at once (the order is Cancelled); a shipment at the
    warehouse is asked to be cancelled there (`cancel_requested_at` is set; the order is
    Cancelled when the warehouse confirms). 409 `conflict` once anything shipped, or when the
    order is Shipped or Cancelled."""
    actor, account = request_tenant(request)
    order = sales_order_get(actor, account, order_id)
    sales_order_cancel(actor=actor, order=order.pk, reason=params.reason)
    return _fresh(request, order_id)
