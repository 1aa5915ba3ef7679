"""The places a redacted order's personal data may have been copied to, as a registry.

Each store is a function given one ``RedactionBatch`` (orders about to be redacted, with their
values still in them) that scrubs its own rows in the batch's transaction and returns how many
rows it changed. The privacy app registers the stores of the apps below it (``payloads.py``);
an app above it (the API's idempotency keys) registers its own from its ``AppConfig.ready``, so
no layer imports upwards. A store must be idempotent: a batch rolled back by a crash is done
again by the next run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from openoms.orders.models import ADDRESS_KEYS, SalesOrder
from openoms.privacy.scrub import Needles
from openoms.tenancy.models import Account

# Copies of an order are stored at the earliest a day before its date or creation (a webhook
# waits for a SKU mapping before its order exists; clocks differ).
COPY_MARGIN = timedelta(days=1)


@dataclass(frozen=True)
class RedactionBatch:
    """Orders of one account being redacted (locked), what to look for, and since when a
    copy of them can have been stored (``oldest``)."""

    account: Account
    orders: list[SalesOrder]
    needles: Needles
    oldest: datetime

    @classmethod
    def of(cls, account: Account, orders: list[SalesOrder]) -> RedactionBatch:
        oldest = min(min(order.order_date, order.created_at) for order in orders) - COPY_MARGIN
        return cls(account, orders, order_needles(orders), oldest)

    @property
    def order_ids(self) -> list[int]:
        return [order.pk for order in self.orders]


def order_values(order: SalesOrder) -> list[tuple[str, str]]:
    """(field, value) of every personal datum of ``order``: its customer's name, e-mail and
    phone and each value of its ship-to and bill-to addresses."""
    values = [
        ("customer_name", order.customer_name),
        ("email", order.email),
        ("phone", order.phone),
    ]
    for address in (order.ship_to, order.bill_to):
        if isinstance(address, dict):
            values += [(key, str(address.get(key) or "")) for key in ADDRESS_KEYS]
    return values


def order_needles(orders: list[SalesOrder]) -> Needles:
    return Needles.of(value for order in orders for value in order_values(order))


PiiStore = Callable[[RedactionBatch], int]
_STORES: dict[str, PiiStore] = {}


def register_pii_store(name: str, store: PiiStore) -> None:
    """Declare a place that holds copies of orders' personal data (once, from ``ready()``)."""
    _STORES[name] = store


def pii_stores() -> list[tuple[str, PiiStore]]:
    return list(_STORES.items())
