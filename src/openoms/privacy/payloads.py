"""The stores of the apps below ``privacy`` that can hold a sales order's personal data, each a
``PiiStore`` (see ``stores.py``), registered by ``register_payload_stores``:

* **webhook deliveries** (``sync``): the bodies and notes of the order's own sales-channel
  webhooks (matched by the channel's order id) and of its shipments' fulfillment-channel
  webhooks (matched by the 3PL's order id or the shipment's number), processed, failed or not;
* **order import state** (``sync``): what the order's channel import keeps of waiting orders;
* **shipments and channel fulfillments** (``orders``): tracking, lines and last errors;
* **events** (``activity``): the order's own events, and any event written since the order was
  taken in whose message holds one of its values;
* **file imports** (``activity``): the rows of ``SO_Import_Orders.csv`` imports kept as issues
  (a row of the order becomes its order number and the marker) and any issue reason or file
  error holding one of its values. The uploaded files themselves are ``files.py``'s.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from openoms.activity.models import Event, FileImport, FileImportIssue
from openoms.core.csv_files import csv_line
from openoms.orders.models import ChannelFulfillment, OrderSource, Shipment
from openoms.orders.order_csv import IMPORT_KIND
from openoms.privacy.scrub import MARKER, Needles, scrub_json, scrub_text
from openoms.privacy.stores import RedactionBatch, register_pii_store
from openoms.sync.models import OrderImportState, WebhookDelivery

# Added to a webhook body once it is scrubbed, so it is never looked at again.
SCRUBBED_KEY = "openoms_redacted"
CHUNK = 200
ORDER = "sales_order"  # the entity type of an order's events


def rows_scrub(
    rows: QuerySet, needles: Needles, *, json_fields: Iterable[str] = (), text: Iterable[str] = ()
) -> int:
    """Scrub the ``json_fields`` and ``text`` fields of ``rows``, the changed rows written back
    ``CHUNK`` at a time; → how many rows changed."""
    json_fields, text = tuple(json_fields), tuple(text)
    fields = (*json_fields, *text)
    changed: list = []
    count = 0
    for row in rows.only("pk", *fields).iterator(chunk_size=CHUNK):
        values = {name: scrub_json(getattr(row, name), needles) for name in json_fields}
        values |= {name: scrub_text(getattr(row, name), needles) for name in text}
        if all(value == getattr(row, name) for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(row, name, value)
        changed.append(row)
        if len(changed) == CHUNK:
            count += _written(changed, fields)
    return count + _written(changed, fields)


def _written(rows: list, fields: tuple[str, ...]) -> int:
    """Write ``rows`` back (one query), then forget them; → how many."""
    if not rows:
        return 0
    type(rows[0]).objects.bulk_update(rows, fields)
    count = len(rows)
    rows.clear()
    return count


def delivery_scrub(delivery: WebhookDelivery, needles: Needles) -> int:
    """Scrub one webhook delivery's body (by key and by value) and note; → 1 if it changed."""
    body = scrub_json(delivery.body, needles)
    if isinstance(body, dict):
        body[SCRUBBED_KEY] = True
    note = scrub_text(delivery.note, needles)
    if (body, note) == (delivery.body, delivery.note):
        return 0
    WebhookDelivery.objects.filter(pk=delivery.pk).update(body=body, note=note)
    return 1


def shopify_number(gid: str) -> int | None:
    """The number at the end of a Shopify GraphQL id (the REST ``id``), if it has one."""
    tail = gid.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


def webhook_deliveries_scrub(batch: RedactionBatch) -> int:
    """The order's webhooks, from its sales channel and its shipments' fulfillment channels."""
    changed = 0
    for channel_id, match in _delivery_matches(batch).items():
        rows = WebhookDelivery.objects.filter(
            channel_id=channel_id, received_at__gte=batch.oldest
        ).filter(match)
        for delivery in rows.only("pk", "body", "note").iterator(chunk_size=CHUNK):
            changed += delivery_scrub(delivery, batch.needles)
    return changed


def _delivery_matches(batch: RedactionBatch) -> dict[int, Q]:
    """Channel id → what its deliveries about the batch's orders carry."""
    refs: dict[int, set] = {}
    for order in batch.orders:
        if order.source == OrderSource.CHANNEL and order.channel_id and order.external_ref:
            found = refs.setdefault(order.channel_id, set())
            found.add(order.external_ref)
            number = shopify_number(order.external_ref)
            if number is not None:
                found.update({number, str(number)})
    matches = {
        channel_id: Q(body__admin_graphql_api_id__in=list(values))
        | Q(body__id__in=list(values))
        | Q(body__order_id__in=list(values))
        for channel_id, values in refs.items()
    }
    shipments = Shipment.objects.filter(
        order_id__in=batch.order_ids, fulfillment_channel__isnull=False
    ).values_list("fulfillment_channel_id", "number", "external_ref")
    for channel_id, number, external_ref in shipments:
        match = Q(body__reference_id=number)
        if external_ref:
            ids = [external_ref, int(external_ref)] if external_ref.isdigit() else [external_ref]
            match |= Q(body__order_id__in=ids)
        matches[channel_id] = matches[channel_id] | match if channel_id in matches else match
    return matches


def order_import_states_scrub(batch: RedactionBatch) -> int:
    channels = {order.channel_id for order in batch.orders if order.channel_id}
    rows = OrderImportState.objects.filter(channel_id__in=channels)
    return rows_scrub(rows, batch.needles, json_fields=["waiting"])


def shipments_scrub(batch: RedactionBatch) -> int:
    shipments = Shipment.objects.filter(order_id__in=batch.order_ids)
    reports = ChannelFulfillment.objects.filter(shipment__order_id__in=batch.order_ids)
    return rows_scrub(
        shipments, batch.needles, json_fields=["tracking"], text=["last_error"]
    ) + rows_scrub(reports, batch.needles, json_fields=["lines", "tracking"], text=["last_error"])


def events_scrub(batch: RedactionBatch) -> int:
    """The orders' own events, and the others (not about an order) written since the orders
    were taken in that quote one of their values; another order's events wait for it."""
    events = Event.objects.filter(account=batch.account)
    own = events.filter(entity_type=ORDER, entity_id__in=[str(pk) for pk in batch.order_ids])
    changed = rows_scrub(own, batch.needles, text=["message", "entity_label"])
    if batch.needles.regex:
        quoting = events.filter(created_at__gte=batch.oldest).exclude(entity_type=ORDER)
        quoting = quoting.filter(message__iregex=batch.needles.regex)
        changed += rows_scrub(quoting, batch.needles, text=["message", "entity_label"])
    return changed


def file_imports_scrub(batch: RedactionBatch) -> int:
    """Rows of the orders kept as import issues, and values in issue reasons and file errors."""
    imports = FileImport.objects.filter(account=batch.account, kind=IMPORT_KIND)
    prefixes = {_row_start(order.order_number): order.order_number for order in batch.orders}
    condition = Q(row_excerpt__regex="^(?:" + "|".join(map(re.escape, prefixes)) + ")")
    if batch.needles.regex:
        condition |= Q(row_excerpt__iregex=batch.needles.regex)
        condition |= Q(reason__iregex=batch.needles.regex)
    changed = 0
    issues = FileImportIssue.objects.filter(file_import__in=imports).filter(condition)
    for issue in issues.only("pk", "row_excerpt", "reason").iterator(chunk_size=CHUNK):
        number = prefixes.get(_row_start(_first_field(issue.row_excerpt)))
        excerpt = (
            _row_start(number) + MARKER
            if number is not None
            else scrub_text(issue.row_excerpt, batch.needles)
        )
        reason = scrub_text(issue.reason, batch.needles)
        if (excerpt, reason) != (issue.row_excerpt, issue.reason):
            FileImportIssue.objects.filter(pk=issue.pk).update(row_excerpt=excerpt, reason=reason)
            changed += 1
    if batch.needles.regex:
        failed = imports.filter(error__iregex=batch.needles.regex)
        changed += rows_scrub(failed, batch.needles, text=["error"])
    return changed


def _row_start(number: str) -> str:
    """How a CSV row whose first field is ``number`` starts ("1001," or '"10,01",')."""
    return csv_line([number, ""]).rstrip("\r\n")


def _first_field(excerpt: str) -> str:
    return next(csv.reader([excerpt]), [""])[0] if excerpt else ""


def register_payload_stores() -> None:
    """Declare the stores above (from ``PrivacyConfig.ready``)."""
    register_pii_store("webhook_deliveries", webhook_deliveries_scrub)
    register_pii_store("order_import_states", order_import_states_scrub)
    register_pii_store("shipments", shipments_scrub)
    register_pii_store("events", events_scrub)
    register_pii_store("file_imports", file_imports_scrub)
