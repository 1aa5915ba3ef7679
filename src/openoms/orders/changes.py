"""Who hears of new shipments and shipment progress, in the transaction that makes them.

The shipment rows themselves are the durable outbox (a *Ready to send* shipment, a *Pending*
``ChannelFulfillment``); the listeners (the sync app registers them at start-up) only queue the
channel work that drains them. An explicit registry called by the order services, not a signal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Listener = Callable[[int, Sequence], None]
_SHIPMENTS: list[Listener] = []
_FULFILLMENTS: list[Listener] = []


def register_shipment_listener(listener: Listener) -> None:
    """Hear ``(account id, shipments)`` when shipments are created or asked to be cancelled."""
    if listener not in _SHIPMENTS:
        _SHIPMENTS.append(listener)


def register_fulfillment_listener(listener: Listener) -> None:
    """Hear ``(account id, channel fulfillments)`` when a sales channel has progress to learn."""
    if listener not in _FULFILLMENTS:
        _FULFILLMENTS.append(listener)


def shipments_created(account_id: int, shipments: Sequence) -> None:
    for listener in _SHIPMENTS:
        listener(account_id, shipments)


def fulfillments_created(account_id: int, reports: Sequence) -> None:
    for listener in _FULFILLMENTS:
        listener(account_id, reports)
