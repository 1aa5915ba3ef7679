"""Shipments of sales orders: list, read, cancel, and mark shipped by hand (for a shipment no
fulfillment channel ships). Mounted at ``/shipments`` by ``routers/sales_orders.router``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema

from openoms.api.auth import request_tenant
from openoms.api.pagination import PageParams, paginate
from openoms.api.schemas.common import PathId, error_responses
from openoms.api.schemas.sales_orders import (
    ShipmentOut,
    ShipmentPageOut,
    ShipmentShippedIn,
    ShipmentStatusCode,
)
from openoms.api.serializers.sales_orders import shipment_out
from openoms.core.errors import Conflict, NotFound, ValidationFailed
from openoms.orders.models import Shipment, ShipmentLine
from openoms.orders.selectors import shipments
from openoms.orders.services.shipments import shipment_cancel, shipment_progress
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm

router = Router(tags=["Shipments"])

READ = error_responses(401, 403, 404, 422)
ACTION = error_responses(401, 403, 404, 409, 422)


class ShipmentFilters(Schema):
    status: ShipmentStatusCode | None = None


def _with_lines(rows: QuerySet) -> QuerySet:
    """The shipments with their lines and the lines' order lines (two queries per page)."""
    return rows.prefetch_related("lines__order_line")


def _shipment(request: HttpRequest, shipment_id: int) -> tuple[Actor, Shipment]:
    """The account's shipment with its lines; another account's is 404."""
    actor, account = request_tenant(request)
    found = _with_lines(shipments(actor, account)).filter(pk=shipment_id).first()
    if found is None:
        raise NotFound("Shipment not found.")
    return actor, found


def _fresh(request: HttpRequest, shipment_id: int) -> dict:
    return shipment_out(_shipment(request, shipment_id)[1])


@router.get("", response={200: ShipmentPageOut, **READ}, operation_id="shipments_list")
def list_shipments(
    request: HttpRequest, filters: Query[ShipmentFilters], params: Query[PageParams]
):
    """The account's shipments, newest first, with their lines and tracking; `status` filters."""
    actor, account = request_tenant(request)
    rows = _with_lines(shipments(actor, account, status=filters.status or "")).order_by("-id")
    return paginate(request, rows, params, shipment_out)


@router.get("/{shipment_id}", response={200: ShipmentOut, **READ}, operation_id="shipments_get")
def get_shipment(request: HttpRequest, shipment_id: PathId):
    """One shipment with its lines (allocated and shipped) and tracking."""
    return _fresh(request, shipment_id)


@router.post(
    "/{shipment_id}/cancel", response={200: ShipmentOut, **ACTION}, operation_id="shipments_cancel"
)
def cancel_shipment(request: HttpRequest, shipment_id: PathId):
    """Cancel a shipment. *Ready to send*: cancelled now, its stock released (trigger Cancel
    Shipment) and the order back to Approved. At the warehouse (*Sent to Warehouse*): *Cancel
    Requested* until its fulfillment channel confirms or refuses (then `last_error` says why).
    Any other status is 409 `conflict` saying which it is."""
    actor, shipment = _shipment(request, shipment_id)
    shipment_cancel(actor=actor, shipment=shipment.pk)
    return _fresh(request, shipment_id)


@router.post(
    "/{shipment_id}/ship",
    response={200: ShipmentOut, **error_responses(401, 403, 404, 409, 413, 422)},
    operation_id="shipments_ship",
)
def ship_shipment(request: HttpRequest, shipment_id: PathId, payload: ShipmentShippedIn):
    """Mark what a shipment without a fulfillment channel has shipped (by hand).

    `lines`: per SKU, the quantity shipped **in total so far** (not a delta: sending the same
    body twice changes nothing; a total below the recorded one is ignored). `tracking`: numbers
    to add (a number already recorded is not added twice). Some shipped: *Short Shipped*; all:
    *Shipped*, and the order is Shipped once all its lines are; stock leaves the warehouse. A
    SKU the shipment does not hold, a SKU twice, or more than the shipment holds is 422 on
    `lines.<i>.sku` or `lines.<i>.shipped` and nothing changes. A shipment a fulfillment
    channel ships (its progress is read from there), or one Cancelled, is 409 `conflict`.
    """
    actor, shipment = _shipment(request, shipment_id)
    actor.require(Perm.ORDERS_MANAGE)
    if shipment.fulfillment_channel_id:
        raise Conflict(
            f"Shipment {shipment.number} is shipped by {shipment.fulfillment_channel.name}: "
            "its progress is read from there, not marked by hand."
        )
    totals = _totals(shipment, payload)
    tracking = [item.model_dump(exclude_none=True) for item in payload.tracking]
    shipment_progress(actor=actor, shipment=shipment.pk, shipped=totals, tracking=tracking)
    return _fresh(request, shipment_id)


def _totals(shipment: Shipment, payload: ShipmentShippedIn) -> dict[int, int]:
    """{shipment line id: total shipped}; a SKU on several lines fills them in order."""
    by_sku: dict[str, list[ShipmentLine]] = {}
    for line in shipment.lines.all():
        by_sku.setdefault(line.order_line.sku, []).append(line)
    errors, totals, seen = {}, {}, set()
    for index, item in enumerate(payload.lines):
        lines = by_sku.get(item.sku)
        if lines is None:
            errors[f"lines.{index}.sku"] = f"Shipment {shipment.number} has no SKU {item.sku}."
            continue
        if item.sku in seen:
            errors[f"lines.{index}.sku"] = f"SKU {item.sku} is given twice; send its total once."
            continue
        seen.add(item.sku)
        held = sum(line.quantity for line in lines)
        if item.shipped > held:
            errors[f"lines.{index}.shipped"] = (
                f"{item.shipped} shipped is more than the {held} of {item.sku} in the shipment."
            )
            continue
        left = item.shipped
        for line in lines:
            totals[line.pk], left = min(left, line.quantity), left - min(left, line.quantity)
    if errors:
        raise ValidationFailed(errors, f"Shipment {shipment.number}: nothing was changed.")
    return totals
