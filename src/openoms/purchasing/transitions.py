"""The declared transitions of purchase orders: every status change goes through ``po_next``
(the services in ``services/workflow.py`` and ``services/receipts.py``)."""

from __future__ import annotations

from openoms.core.errors import Conflict
from openoms.purchasing.models import PurchaseOrderStatus

PS = PurchaseOrderStatus

# action → (statuses it may start from, status it leads to). Cancelling a Sent order is allowed
# only while the 3PL has received nothing (checked by the service, which knows the lines).
PO_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({PS.DRAFT}), PS.APPROVED),
    "send": (frozenset({PS.APPROVED}), PS.SENT),
    "receive": (frozenset({PS.SENT, PS.RECEIVING}), PS.RECEIVING),
    "complete": (frozenset({PS.SENT, PS.RECEIVING}), PS.RECEIVED),
    "cancel": (frozenset({PS.DRAFT, PS.APPROVED, PS.SENT}), PS.CANCELLED),
}

PO_LABELS = dict(PurchaseOrderStatus.choices)

_VERBS = {
    "approve": "approved",
    "send": "sent to the warehouse",
    "receive": "received",
    "complete": "received",
    "cancel": "cancelled",
}


def po_next(action: str, status: str, number: str) -> str:
    """The purchase order's status after ``action``, or ``Conflict`` saying why it cannot."""
    starts, target = PO_TRANSITIONS[action]
    if status not in starts:
        allowed = ", ".join(sorted(PO_LABELS[s] for s in starts))
        raise Conflict(
            f"Purchase order {number} is {PO_LABELS[status]}: it cannot be {_VERBS[action]} "
            f"(only when {allowed})."
        )
    return target


def po_can(action: str, status: str) -> bool:
    return status in PO_TRANSITIONS[action][0]
