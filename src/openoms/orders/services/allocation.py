"""Allocation (techOMS §3.2 step 3, §3.4): reserve an Approved order's stock at one physical
warehouse and create its shipment for the fulfillment channel serving that warehouse.

The warehouse: the order's requested warehouse, else the account's default warehouse, else the
first enabled physical warehouse (by code) that has enough of every line. Only what no active
shipment covers yet is allocated (after a shipment was cancelled, its part again). Not enough
stock: nothing is reserved, the order is flagged backordered (its status does not change; the
first flag keeps its place in the first-in, first-out queue) with an Error naming the short
SKUs. Enough: ``levels_allocate_many`` reserves it (rows locked in a fixed order: parallel
allocations never oversell; the ledger names the order's channel, so the inventory sync never
echoes the allocation to it), a *Ready to send* shipment is created, the order is Fulfilling,
and the shipment listeners (the sync app) hear of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from openoms.activity.models import EventLevel
from openoms.channels.models import ChannelWarehouse
from openoms.core.errors import Conflict
from openoms.core.read_memo import memoized
from openoms.inventory.models import AccountWarehouse, InventoryLevel, Warehouse, WarehouseKind
from openoms.inventory.services.allocations import (
    Hold,
    NotEnoughStock,
    Reservation,
    levels_allocate_many,
)
from openoms.orders.changes import shipments_created
from openoms.orders.events import order_event, order_event_draft, order_events
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


def sales_order_allocate(*, actor: Actor, order: SalesOrder | int) -> Shipment | None:
    """Allocate the order (see the module), locked; → its new shipment, or None when it is
    backordered; ``Conflict`` when it cannot be allocated (nothing written)."""
    actor.require(Perm.ORDERS_MANAGE)
    with transaction.atomic():
        locked = order_locked(actor, order)
        [result] = orders_allocate(actor, [ToAllocate(locked, _uncovered(locked))])
        if isinstance(result, Conflict):
            raise result
    return result


@dataclass(frozen=True)
class ToAllocate:
    """An order to allocate and what it needs: (line, quantity) for each line. ``first``: the
    order was just created (no other transaction sees it, it has no shipment yet)."""

    order: SalesOrder
    needed: list[tuple[SalesOrderLine, int]]
    first: bool = False


def orders_allocate(actor: Actor, items: Sequence[ToAllocate]) -> list[Shipment | Conflict | None]:
    """Allocate each order of one account in turn, in the caller's transaction (the orders
    locked or just created by it): → per order its new shipment, None when it is backordered,
    or the ``Conflict`` that stopped it before any write of its own (its transition, its
    warehouse, its shipment's carrier). The levels of all of them are locked at once, in the
    one fixed order (``levels_allocate_many``); shipments, statuses and events are written
    together."""
    results: list[Shipment | Conflict | None] = [None] * len(items)
    planned: list[tuple[int, ToAllocate, str, Warehouse]] = []
    for index, item in enumerate(items):
        try:
            target = order_next("allocate", item.order.status, item.order.order_number)
            warehouse = _warehouse(item.order, item.needed)
            _shipment_carrier_checked(actor, item.order)
        except Conflict as refused:
            results[index] = refused
            continue
        planned.append((index, item, target, warehouse))
    if not planned:
        return results
    account = planned[0][1].order.account
    shortages = levels_allocate_many(
        actor=actor,
        account=account,
        requests=[
            Reservation(
                [Hold(line.variant_id, warehouse.pk, qty) for line, qty in item.needed],
                f"Order {item.order.order_number}",
                item.order.channel_id,
            )
            for _, item, _, warehouse in planned
        ],
    )
    allocated = []
    for (index, item, target, warehouse), short in zip(planned, shortages, strict=True):
        if short:
            _backordered(actor, item.order, warehouse, NotEnoughStock(short), item.needed)
        else:
            allocated.append((index, item, target, warehouse))
    for (index, *_), shipment in zip(allocated, _allocated(actor, allocated), strict=True):
        results[index] = shipment
    return results


def _allocated(actor: Actor, allocated: list) -> list[Shipment]:
    """The orders whose stock was reserved: their shipments, statuses and events."""
    if not allocated:
        return []
    shipments = shipments_new(
        [(item.order, warehouse, item.needed, item.first) for _, item, _, warehouse in allocated]
    )
    now = timezone.now()
    for _, item, target, _ in allocated:
        order = item.order
        order.status, order.backordered_since, order.last_error = target, None, ""
        order.updated_at = now
    for target in {target for _, _, target, _ in allocated}:
        SalesOrder.objects.filter(
            pk__in=[item.order.pk for _, item, t, _ in allocated if t == target]
        ).update(status=target, backordered_since=None, last_error="", updated_at=now)
    orders = [item.order for _, item, _, _ in allocated]
    order_events(
        orders[0].account,
        [
            order_event_draft(
                order,
                EventLevel.INFO,
                f"Order {order.order_number} allocated at {shipment.warehouse.code}: shipment "
                f"{shipment.number} is ready to send.",
                actor,
            )
            for order, shipment in zip(orders, shipments, strict=True)
        ],
    )
    shipments_created(orders[0].account_id, shipments)
    return shipments


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


def shipments_new(orders: list[tuple[SalesOrder, Warehouse, list, bool]]) -> list[Shipment]:
    """Each order's next shipment at its warehouse with its lines (``first``: the order has
    none yet), numbered ``<order>-<n>``: the shipments in one statement, their lines in one."""
    shipments = Shipment.objects.bulk_create(
        Shipment(
            account_id=order.account_id,
            order=order,
            number=f"{order.order_number}-{_sequence(order, first)}",
            warehouse=warehouse,
            fulfillment_channel_id=_fulfillment_channel(order.account_id, warehouse.pk),
            carrier_code=order.carrier_code,
            service_code=order.service_code,
        )
        for order, warehouse, _, first in orders
    )
    ShipmentLine.objects.bulk_create(
        ShipmentLine(shipment=shipment, order_line=line, variant_id=line.variant_id, quantity=qty)
        for shipment, (_, _, needed, _) in zip(shipments, orders, strict=True)
        for line, qty in needed
    )
    return shipments


def _sequence(order: SalesOrder, first: bool) -> int:
    return 1 if first else Shipment.objects.filter(order=order).count() + 1


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
