"""The sandbox 3PL's orders: it accepts what it is sent and ships it, all of it, some seconds
later — so the demo and the browser tests can watch an order ship without a real 3PL.

Like the sandbox store's quantities, its orders are kept in memory, per process (a sandbox keeps
no data anywhere else). An order sent is accepted (``Processing``); once it has waited
``OPENOMS_SANDBOX_SHIP_SECONDS`` (60 by default; 0 ships at once) it reads as one shipment of
every line, *Completed*, with a made-up tracking number. Until then it can be cancelled; after,
the cancellation is refused ("already shipped"). A reference sent again is the same order
(``already_sent``), as at a real 3PL.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from openoms.connectors.fulfillment_types import CancelResult, FulfillmentOrder, SentOrder, Shipment
from openoms.connectors.order_types import ShipmentLine, Tracking

SHIP_SECONDS_ENV = "OPENOMS_SANDBOX_SHIP_SECONDS"
DEFAULT_SHIP_SECONDS = 60.0
CARRIER = "Sandbox Post"
ALREADY_SHIPPED = "The sandbox 3PL already shipped this order: it can no longer be cancelled."


@dataclass
class SandboxOrder:
    """One order a sandbox 3PL accepted: its lines, when, and when it was cancelled."""

    order_id: str
    reference: str
    lines: tuple[ShipmentLine, ...]
    location: str
    sent_at: float
    cancelled_at: float | None = None


# (3PL name, order id) → order; (3PL name, reference) → order id: what the pretend 3PLs were
# sent, in this process.
ORDERS: dict[tuple[str, str], SandboxOrder] = {}
REFERENCES: dict[tuple[str, str], str] = {}


def ship_seconds() -> float:
    """How long a sandbox order waits before it ships (``OPENOMS_SANDBOX_SHIP_SECONDS``)."""
    try:
        return max(float(os.environ.get(SHIP_SECONDS_ENV, DEFAULT_SHIP_SECONDS)), 0.0)
    except ValueError:
        return DEFAULT_SHIP_SECONDS


class SandboxFulfillment:
    """The order part of the sandbox 3PL (mixed into ``Sandbox3PL``; ``self.name`` is the
    3PL's name, ``self._wait`` its pretend latency)."""

    name: str
    _wait: Callable[[], None]

    def order_send(self, order: FulfillmentOrder) -> SentOrder:
        """Accept the order, or return the one this 3PL already has for its reference."""
        self._wait()
        known = REFERENCES.get((self.name, order.reference))
        if known is not None:
            return _sent(ORDERS[self.name, known], already_sent=True)
        order_id = str(len(ORDERS) + 1)
        lines = tuple(ShipmentLine(line.sku, line.quantity) for line in order.lines)
        found = SandboxOrder(order_id, order.reference, lines, order.location, time.time())
        ORDERS[self.name, order_id] = found
        REFERENCES[self.name, order.reference] = order_id
        return _sent(found, already_sent=False)

    def order_cancel(self, order_id: str) -> CancelResult:
        """Cancel an order not shipped yet; one that shipped is refused with the reason."""
        self._wait()
        found = self._order(order_id)
        if found is None:
            return CancelResult(
                order_id, False, "Unknown", f"The sandbox 3PL has no order {order_id}."
            )
        if found.cancelled_at is None and _shipped(found, time.time()):
            return CancelResult(order_id, False, "Completed", ALREADY_SHIPPED)
        found.cancelled_at = found.cancelled_at or time.time()
        return CancelResult(order_id, True, "Cancelled")

    def shipments(self, order_id: str) -> list[Shipment]:
        """The order's one shipment as it is now (none for an order this 3PL does not have)."""
        self._wait()
        found = self._order(order_id)
        return [] if found is None else [_shipment(found, time.time())]

    def shipments_since(self, since: datetime) -> list[Shipment]:
        """The shipments of this 3PL's orders that changed at or after ``since``."""
        self._wait()
        now, floor = time.time(), _timestamp(since)
        found = [_shipment(o, now) for (name, _), o in list(ORDERS.items()) if name == self.name]
        return [s for s in found if s.updated_at is not None and s.updated_at.timestamp() >= floor]

    def _order(self, order_id: str) -> SandboxOrder | None:
        return ORDERS.get((self.name, str(order_id)))


def _shipped(order: SandboxOrder, now: float) -> bool:
    return order.cancelled_at is None and now - order.sent_at >= ship_seconds()


def _shipment(order: SandboxOrder, now: float) -> Shipment:
    shipped = _shipped(order, now)
    if order.cancelled_at is not None:
        status, changed = "Cancelled", order.cancelled_at
    elif shipped:
        status, changed = "Completed", order.sent_at + ship_seconds()
    else:
        status, changed = "Processing", order.sent_at
    moment = datetime.fromtimestamp(changed, tz=UTC)
    tracking = Tracking(CARRIER, f"SBX{int(order.order_id):010d}") if shipped else None
    return Shipment(
        shipment_id=order.order_id,
        order_id=order.order_id,
        reference=order.reference,
        status=status,
        location=order.location,
        lines=order.lines,
        tracking=tracking,
        shipped_at=moment if shipped else None,
        updated_at=moment,
        shipped=shipped,
        cancelled=order.cancelled_at is not None,
    )


def _sent(order: SandboxOrder, *, already_sent: bool) -> SentOrder:
    return SentOrder(order.order_id, order.reference, "Processing", already_sent)


def _timestamp(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
