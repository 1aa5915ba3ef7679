"""Redacting the personal data of sales orders older than their retention (docs/privacy.md).

``pii_redact_account`` works through the account's due orders (``policy.RetentionPolicy``) in
batches of ``OPENOMS_PII_REDACTION_BATCH`` (200) by id, each batch in one transaction: lock the
orders, scrub every registered store's copies of their data (``stores.pii_stores``) while the
orders still hold the values to look for, then replace the orders' customer name, e-mail, phone
and every ship-to and bill-to value with the marker and set ``redacted_at``. Memory stays
bounded by the batch; a run killed mid-way loses only its open batch (rolled back), and the next
run finds the rest still due. A redacted order is never due again, so a re-run redacts nothing
more. After the batches, uploaded order files holding redacted orders are deleted
(``files.py``) and webhooks that came after their order's redaction are scrubbed
(``late_payloads.py``). Quantities, SKUs, prices, dates and statuses are never touched.

Redaction is irreversible: nothing keeps the replaced values.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openoms.orders.models import SalesOrder
from openoms.privacy.files import order_files_purge
from openoms.privacy.late_payloads import late_deliveries_scrub
from openoms.privacy.policy import RetentionPolicy
from openoms.privacy.scrub import MARKER, scrub_text
from openoms.privacy.stores import RedactionBatch, pii_stores
from openoms.tenancy.models import Account

DEFAULT_BATCH = 200


@dataclass
class RedactionReport:
    """What one run did: orders ``redacted``; orders past their retention ``held_open``
    (not shipped or cancelled yet); stored copies scrubbed (``copies``: rows, ``late_copies``:
    webhooks received after their order's redaction); uploaded files deleted."""

    redacted: int = 0
    held_open: int = 0
    copies: int = 0
    late_copies: int = 0
    files_deleted: int = 0
    retention_set: bool = True

    def counts(self) -> dict[str, int]:
        return {key: value for key, value in asdict(self).items() if key != "retention_set"}


def batch_size() -> int:
    return max(1, int(getattr(settings, "OPENOMS_PII_REDACTION_BATCH", DEFAULT_BATCH)))


def pii_redact_account(
    *, account: Account, now: datetime | None = None, since: datetime | None = None
) -> RedactionReport:
    """Redact ``account``'s due orders and their copies (see the module). ``since``: when the
    job last succeeded (the late webhooks are looked for from then)."""
    now = now or timezone.now()
    policy = RetentionPolicy.of(account)
    report = RedactionReport(retention_set=not policy.keeps_everything)
    due = policy.due(account, now)
    last = 0
    while True:
        with transaction.atomic():
            orders = list(
                due.filter(pk__gt=last)
                .order_by("pk")
                .select_for_update(of=("self",))[: batch_size()]
            )
            if not orders:
                break
            report.copies += _redact(account, orders, now)
        report.redacted += len(orders)
        last = orders[-1].pk
    report.held_open = policy.held_open(account, now).count()
    report.files_deleted = order_files_purge(account)
    report.late_copies = late_deliveries_scrub(account, since)
    return report


def _redact(account: Account, orders: list[SalesOrder], now: datetime) -> int:
    """Scrub the stores' copies of ``orders``, then the orders; → copies changed."""
    batch = RedactionBatch.of(account, orders)
    copies = sum(store(batch) for _, store in pii_stores())
    rows = SalesOrder.objects.filter(pk__in=batch.order_ids)
    for field in ("customer_name", "email", "phone"):
        rows.exclude(**{field: ""}).update(**{field: MARKER})
    by_change: dict[str, list[int]] = defaultdict(list)
    for order in orders:
        values = {
            "ship_to": _marked_address(order.ship_to),
            "bill_to": _marked_address(order.bill_to),
            "last_error": scrub_text(order.last_error, batch.needles),
            "reference_number": scrub_text(order.reference_number, batch.needles),
        }
        by_change[json.dumps(values, sort_keys=True)].append(order.pk)
    for change, ids in by_change.items():  # the same keys are filled on most orders
        SalesOrder.objects.filter(pk__in=ids).update(**json.loads(change), redacted_at=now)
    return copies


def _marked_address(address: object) -> dict:
    if not isinstance(address, dict):
        return {}
    return {key: MARKER if value else value for key, value in address.items()}
