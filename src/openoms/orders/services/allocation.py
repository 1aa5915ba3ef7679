"""Allocation (techOMS §3.2 step 3, §3.4): reserve an Approved order's stock at one physical
warehouse and create its shipment for the fulfillment channel serving that warehouse.

The warehouse: the order's requested warehouse, else the account's default warehouse, else the
first enabled physical warehouse (by code) that has enough of every line. Only what no active
shipment covers yet is allocated (after a shipment was cancelled, its part again). Not enough
stock: nothing is reserved, the order is flagged backordered (its status does not change; the
first flag keeps its place in the first-in, first-out queue) with an Error naming the short
SKUs. Enough: ``levels_allocate`` reserves it (rows locked in a fixed order: parallel
allocations never oversell; the ledger names the order's channel, so the inventory sync never
echoes the allocation to it), a *Ready to send* shipment is created, the order is Fulfilling,
and the shipment listeners (the sync app) hear of it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.channels.models import ChannelWarehouse
from openoms.core.errors import Conflict
from openoms.core.read_memo import memoized
from openoms.inventory.models import AccountWarehouse, InventoryLevel, Warehouse, WarehouseKind
from openoms.inventory.services.allocations import Hold, NotEnoughStock, levels_allocate
from openoms.orders.changes import shipments_created
from openoms.orders.events import order_event
from openoms.orders.models import (
    SalesOrder,
    SalesOrderLine,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)
from openoms.orders.services.order_carriers import carrier_problems
from openoms.orders.services.order_lock import order_locked
from openoms.orders.transitions import order_next
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm


def sales_order_allocate(
    *, actor: Actor, order: SalesOrder | int, new_lines: Sequence[SalesOrderLine] = ()
) -> Shipment | None:
    """Allocate the order (see the module); → its new shipment, or None when it is
    backordered. ``new_lines``: the order was created in the caller's transaction with these
    lines — no other transaction can see it yet, so it is not locked again, it has no shipment
    yet, and it is allocated in the caller's transaction without a savepoint of its own: every
    ``Conflict`` is raised before anything is written."""
    actor.require(Perm.ORDERS_MANAGE)
    if new_lines:
        return _allocated(actor, order, [(line, line.quantity) for line in new_lines], True)
    with transaction.atomic():
        locked = order_locked(actor, order)
        return _allocated(actor, locked, _uncovered(locked), False)


def _allocated(actor: Actor, order: SalesOrder, needed: list, first: bool) -> Shipment | None:
    """Check the transition, the warehouse and the shipment's carrier (a ``Conflict`` before
    any write), then reserve the stock and create the shipment, or flag the backorder."""
    target = order_next("allocate", order.status, order.order_number)
    warehouse = _warehouse(order, needed)
    _shipment_carrier_checked(actor, order)
    holds = [Hold(line.variant_id, warehouse.pk, qty) for line, qty in needed]
    try:
        levels_allocate(
            actor=actor,
            account=order.account,
            holds=holds,
            reference=f"Order {order.order_number}",
            source_channel_id=order.channel_id,
        )
    except NotEnoughStock as short:
        _backordered(actor, order, warehouse, short, needed)
        return None
    shipment = _shipment(order, warehouse, needed, first=first)
    order.status, order.backordered_since, order.last_error = target, None, ""
    order.save(update_fields=["status", "backordered_since", "last_error", "updated_at"])
    order_event(
        order,
        EventLevel.INFO,
        f"Order {order.order_number} allocated at {warehouse.code}: shipment "
        f"{shipment.number} is ready to send.",
        actor,
    )
    shipments_created(order.account_id, [shipment])
    return shipment


def _shipment_carrier_checked(actor: Actor, order: SalesOrder) -> None:
    """The API Validation Rules for shipments, on the carrier and service the shipment will
    carry: an Error stops the allocation with the reason (``Conflict``), a Warning is
    recorded."""
    outcome = carrier_problems(order.account, "shipment", order.carrier_code, order.service_code)
    if outcome.errors:
        raise Conflict(
            f"Order {order.order_number} cannot be allocated: its shipment's "
            + outcome.errors["carrier"][:1].lower()
            + outcome.errors["carrier"][1:]
        )
    for warning in outcome.warnings:
        order_event(
            order, EventLevel.WARNING, f"Shipment of order {order.order_number}: {warning}", actor
        )


def _uncovered(order: SalesOrder) -> list[tuple[SalesOrderLine, int]]:
    """Each line with the quantity no active (not cancelled) shipment holds."""
    covered = dict(
        ShipmentLine.objects.filter(shipment__order=order)
        .exclude(shipment__status=ShipmentStatus.CANCELLED)
        .values("order_line")
        .annotate(held=Sum("quantity"))
        .values_list("order_line", "held")
    )
    lines = order.lines.order_by("line_number")
    found = [(line, line.quantity - covered.get(line.pk, 0)) for line in lines]
    return [(line, qty) for line, qty in found if qty > 0]


def _warehouse(order: SalesOrder, needed: list) -> Warehouse:
    """The requested warehouse, else the default, else the first with enough of every line
    (else the first enabled one: the order is backordered there)."""
    if order.requested_warehouse_id:
        return order.requested_warehouse
    rows = _physical_warehouses(order.account_id)
    if not rows:
        raise Conflict("No physical warehouse is enabled for this account: nothing to allocate.")
    default = next((row.warehouse for row in rows if row.is_default), None)
    if default is not None:
        return default
    for row in rows:
        if _has_enough(row.warehouse, needed):
            return row.warehouse
    return rows[0].warehouse


@memoized
def _physical_warehouses(account_id: int) -> list[AccountWarehouse]:
    """The account's enabled physical warehouses, the default first, then by code."""
    enabled = AccountWarehouse.objects.filter(
        account_id=account_id, warehouse__kind=WarehouseKind.PHYSICAL
    ).select_related("warehouse")
    return list(enabled.order_by("-is_default", "warehouse__code"))


def _has_enough(warehouse: Warehouse, needed: list) -> bool:
    wanted = {line.variant_id: qty for line, qty in needed}
    levels = InventoryLevel.objects.filter(warehouse=warehouse, variant_id__in=list(wanted))
    have = {level.variant_id: level.available for level in levels}
    return all(have.get(variant, 0) >= qty for variant, qty in wanted.items())


def _backordered(actor, order: SalesOrder, warehouse, short: NotEnoughStock, needed) -> None:
    skus = {line.variant_id: line.sku for line, _ in needed}
    missing = ", ".join(
        f"{skus[s.variant_id]} (needs {s.wanted}, {s.available} available)" for s in short.shortages
    )
    message = f"Not Enough Stock at {warehouse.code} for order {order.order_number}: {missing}."
    fields = ["last_error", "updated_at"]
    if order.backordered_since is None:
        order.backordered_since = timezone.now()
        fields.append("backordered_since")
    order.last_error = message
    order.save(update_fields=fields)
    order_event(order, EventLevel.ERROR, message + " The order is backordered.", actor)


def _shipment(order: SalesOrder, warehouse: Warehouse, needed: list, *, first: bool) -> Shipment:
    """The order's next shipment (``first``: it has none yet), numbered ``<order>-<n>``."""
    sequence = 1 if first else Shipment.objects.filter(order=order).count() + 1
    shipment = Shipment.objects.create(
        account_id=order.account_id,
        order=order,
        number=f"{order.order_number}-{sequence}",
        warehouse=warehouse,
        fulfillment_channel_id=_fulfillment_channel(order.account_id, warehouse.pk),
        carrier_code=order.carrier_code,
        service_code=order.service_code,
    )
    ShipmentLine.objects.bulk_create(
        ShipmentLine(shipment=shipment, order_line=line, variant_id=line.variant_id, quantity=qty)
        for line, qty in needed
    )
    return shipment


@memoized
def _fulfillment_channel(account_id: int, warehouse_id: int) -> int | None:
    """The enabled fulfillment channel serving the warehouse (the lowest id of several)."""
    return (
        ChannelWarehouse.objects.filter(
            warehouse_id=warehouse_id, channel__account_id=account_id, channel__is_enabled=True
        )
        .order_by("channel_id")
        .values_list("channel_id", flat=True)
        .first()
    )
