"""Who hears that purchase orders are to be sent, in the transaction that asks for it.

The purchase order rows themselves are the durable outbox (``send_requested_at`` set on an
Approved order); the listener (the sync app registers it at start-up) only queues the
fulfillment channel's *Send Purchase Orders* work that drains them. An explicit registry called
by the purchasing services, not a signal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Listener = Callable[[int, Sequence], None]
_SENDS: list[Listener] = []


def register_send_listener(listener: Listener) -> None:
    """Hear ``(account id, purchase orders)`` when purchase orders are to be sent."""
    if listener not in _SENDS:
        _SENDS.append(listener)


def sends_requested(account_id: int, orders: Sequence) -> None:
    for listener in _SENDS:
        listener(account_id, orders)
