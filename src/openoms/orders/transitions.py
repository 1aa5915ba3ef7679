"""The declared transitions of sales orders and shipments: every status change goes through
``transition_check`` (the services in ``services/workflow.py`` and ``services/shipments.py``)."""

from __future__ import annotations

from openoms.core.errors import Conflict
from openoms.orders.models import OrderStatus, ShipmentStatus

OS, S = OrderStatus, ShipmentStatus

# action → (statuses it may start from, status it leads to)
ORDER_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({OS.DRAFT}), OS.APPROVED),
    "allocate": (frozenset({OS.APPROVED}), OS.FULFILLING),
    "ship": (frozenset({OS.FULFILLING}), OS.SHIPPED),
    "cancel": (frozenset({OS.DRAFT, OS.APPROVED, OS.FULFILLING}), OS.CANCELLED),
    "reopen": (frozenset({OS.FULFILLING}), OS.APPROVED),
}

SHIPMENT_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "send": (frozenset({S.READY_TO_SEND}), S.SENT_TO_WAREHOUSE),
    "short_ship": (
        frozenset({S.SENT_TO_WAREHOUSE, S.SHORT_SHIPPED, S.READY_TO_SEND}),
        S.SHORT_SHIPPED,
    ),
    "ship": (frozenset({S.SENT_TO_WAREHOUSE, S.SHORT_SHIPPED, S.READY_TO_SEND}), S.SHIPPED),
    "request_cancel": (frozenset({S.SENT_TO_WAREHOUSE}), S.CANCEL_REQUESTED),
    "cancel": (frozenset({S.READY_TO_SEND, S.CANCEL_REQUESTED}), S.CANCELLED),
    "cancel_refused": (frozenset({S.CANCEL_REQUESTED}), S.SENT_TO_WAREHOUSE),
}

ORDER_LABELS = dict(OrderStatus.choices)
SHIPMENT_LABELS = dict(ShipmentStatus.choices)


def order_next(action: str, status: str, number: str) -> str:
    """The order's status after ``action``, or ``Conflict`` saying why it cannot."""
    return _next(ORDER_TRANSITIONS, ORDER_LABELS, action, status, f"Order {number}")


def shipment_next(action: str, status: str, number: str) -> str:
    return _next(SHIPMENT_TRANSITIONS, SHIPMENT_LABELS, action, status, f"Shipment {number}")


def order_can(action: str, status: str) -> bool:
    return status in ORDER_TRANSITIONS[action][0]


def _next(table: dict, labels: dict, action: str, status: str, what: str) -> str:
    starts, target = table[action]
    if status not in starts:
        allowed = ", ".join(sorted(labels[s] for s in starts))
        raise Conflict(
            f"{what} is {labels[status]}: it cannot be {_verb(action)} (only when {allowed})."
        )
    return target


def _verb(action: str) -> str:
    return {
        "approve": "approved",
        "allocate": "allocated",
        "ship": "marked shipped",
        "cancel": "cancelled",
        "send": "sent",
        "short_ship": "short shipped",
        "request_cancel": "cancelled at the warehouse",
        "cancel_refused": "kept",
        "reopen": "allocated again",
    }[action]
