"""Which sales orders are due for redaction (techOMS §3.10, issue 15).

* An order from a sales channel (source *Sales channel*) follows **only its channel's** "PII
  retention days". A channel without one keeps its orders' data: the account's setting is the
  fallback for the orders that did *not* come from a channel ("PII retention days for non-sales
  channels (API, manual, and imported orders)"), and a channel's orders are not among them.
* Every other order (API, manual, file import) follows the account's setting.
* Empty retention keeps the data. An order is due when its ``order_date`` is **older** than its
  retention (an order exactly ``days`` old is not yet due), counted at the run's ``now``.
* Only closed orders are redacted (Shipped or Cancelled): a Draft, Approved or Fulfilling order
  still needs its address to be shipped, so it waits, counted as *held open*, and is redacted at
  the first run after it is shipped or cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from openoms.channels.kinds import SALES
from openoms.channels.models import Channel
from openoms.orders.models import OrderSource, OrderStatus, SalesOrder
from openoms.tenancy.models import Account

CLOSED = (OrderStatus.SHIPPED, OrderStatus.CANCELLED)


@dataclass(frozen=True)
class RetentionPolicy:
    """The account's retention (None: keep) and each sales channel's own (only those set)."""

    account_days: int | None
    channel_days: dict[int, int]

    @classmethod
    def of(cls, account: Account) -> RetentionPolicy:
        channels = Channel.objects.filter(
            account=account, type=SALES, pii_retention_days__isnull=False
        ).values_list("pk", "pii_retention_days")
        return cls(account.pii_retention_days, dict(channels))

    @property
    def keeps_everything(self) -> bool:
        return self.account_days is None and not self.channel_days

    def past_retention(self, now: datetime) -> Q | None:
        """The orders older than their retention at ``now`` (None: no retention is set)."""
        parts = [
            Q(source=OrderSource.CHANNEL, channel_id=channel_id, order_date__lt=_cutoff(now, days))
            for channel_id, days in sorted(self.channel_days.items())
        ]
        if self.account_days is not None:
            parts.append(
                ~Q(source=OrderSource.CHANNEL) & Q(order_date__lt=_cutoff(now, self.account_days))
            )
        if not parts:
            return None
        combined = parts[0]
        for part in parts[1:]:
            combined |= part
        return combined

    def due(self, account: Account, now: datetime) -> QuerySet[SalesOrder]:
        """The account's closed, not yet redacted orders older than their retention."""
        return self._unredacted(account, now).filter(status__in=CLOSED)

    def held_open(self, account: Account, now: datetime) -> QuerySet[SalesOrder]:
        """Orders older than their retention that are still open (redacted once closed)."""
        return self._unredacted(account, now).exclude(status__in=CLOSED)

    def _unredacted(self, account: Account, now: datetime) -> QuerySet[SalesOrder]:
        condition = self.past_retention(now)
        rows = SalesOrder.objects.filter(account=account, redacted_at__isnull=True)
        return rows.none() if condition is None else rows.filter(condition)


def _cutoff(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)
