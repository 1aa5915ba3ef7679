"""The sandbox 3PL's receiving orders: it accepts the purchase orders it is sent and receives
them, in full, some seconds later — so the demo and the browser tests can watch stock arrive
without a real 3PL.

Like its orders (``sandbox_orders``), its receiving orders are kept in memory, per process. A
receiving order sent is accepted (``Awaiting``); once it has waited
``OPENOMS_SANDBOX_RECEIVE_SECONDS`` (60 by default; 0 receives at once) it reads as every unit
received, *Completed*. A reference (PO number) sent again is the same receiving order
(``already_sent``), as at a real 3PL.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from openoms.connectors.base import ConnectorError
from openoms.connectors.fulfillment_types import Receipt, ReceivingOrderDraft, ReceivingStatus

RECEIVE_SECONDS_ENV = "OPENOMS_SANDBOX_RECEIVE_SECONDS"
DEFAULT_RECEIVE_SECONDS = 60.0


@dataclass
class SandboxReceivingOrder:
    """One receiving order a sandbox 3PL accepted: expected quantity per SKU, and when."""

    receiving_id: str
    reference: str
    location: str
    expected: dict[str, int]
    sent_at: float


# (3PL name, receiving id) → receiving order; (3PL name, reference) → receiving id: what the
# pretend 3PLs were sent, in this process.
RECEIVING: dict[tuple[str, str], SandboxReceivingOrder] = {}
RECEIVING_REFERENCES: dict[tuple[str, str], str] = {}


def receive_seconds() -> float:
    """How long a sandbox receiving order waits before it is received
    (``OPENOMS_SANDBOX_RECEIVE_SECONDS``)."""
    try:
        return max(float(os.environ.get(RECEIVE_SECONDS_ENV, DEFAULT_RECEIVE_SECONDS)), 0.0)
    except ValueError:
        return DEFAULT_RECEIVE_SECONDS


class SandboxReceiving:
    """The receiving part of the sandbox 3PL (mixed into ``Sandbox3PL``; ``self.name`` is the
    3PL's name, ``self._wait`` its pretend latency)."""

    name: str
    _wait: Callable[[], None]

    def receiving_order_send(self, draft: ReceivingOrderDraft) -> ReceivingStatus:
        """Accept the receiving order, or return the one this 3PL has for its reference."""
        self._wait()
        known = self.receiving_order_find(draft.reference)
        if known is not None:
            return known
        expected: dict[str, int] = {}
        for line in draft.lines:
            expected[line.sku] = expected.get(line.sku, 0) + line.quantity
        receiving_id = f"SBX-R{len(RECEIVING) + 1}"
        found = SandboxReceivingOrder(
            receiving_id, draft.reference, draft.location, expected, time.time()
        )
        RECEIVING[self.name, receiving_id] = found
        RECEIVING_REFERENCES[self.name, draft.reference] = receiving_id
        return _status(found, time.time(), already_sent=False)

    def receiving_order_find(self, reference: str) -> ReceivingStatus | None:
        """The receiving order of this PO number, or None."""
        self._wait()
        receiving_id = RECEIVING_REFERENCES.get((self.name, reference))
        if receiving_id is None:
            return None
        return _status(RECEIVING[self.name, receiving_id], time.time(), already_sent=True)

    def receiving_order(self, receiving_id: str) -> ReceivingStatus:
        """The receiving order as it stands now."""
        self._wait()
        found = RECEIVING.get((self.name, str(receiving_id)))
        if found is None:
            raise ConnectorError(f"The sandbox 3PL has no receiving order {receiving_id}.")
        return _status(found, time.time(), already_sent=False)


def _status(order: SandboxReceivingOrder, now: float, *, already_sent: bool) -> ReceivingStatus:
    done = now - order.sent_at >= receive_seconds()
    receipts = tuple(
        Receipt(sku, expected, expected if done else 0, expected if done else 0)
        for sku, expected in order.expected.items()
    )
    return ReceivingStatus(
        receiving_id=order.receiving_id,
        reference=order.reference,
        status="Completed" if done else "Awaiting",
        location=order.location,
        receipts=receipts,
        complete=done,
        already_sent=already_sent,
    )
