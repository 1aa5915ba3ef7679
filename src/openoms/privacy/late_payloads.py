"""Webhooks that arrive after their order was redacted (Shopify sends ``orders/updated`` when
OpenOMS reports a fulfillment; a 3PL reports a delivery days later) carry the personal data
again. Every run looks at the deliveries received since the job last succeeded (less a margin)
that were not scrubbed yet, and scrubs by key those about a redacted order: its sales channel's
order id, or its shipment's 3PL order id or number. The order's own values are gone by then,
so the body's personal keys and address objects are what is replaced.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from openoms.orders.models import SalesOrder, Shipment
from openoms.privacy.payloads import SCRUBBED_KEY, delivery_scrub
from openoms.privacy.scrub import Needles
from openoms.privacy.stores import COPY_MARGIN
from openoms.sync.models import WebhookDelivery
from openoms.tenancy.models import Account

CHUNK = 200
ORDER_GID = "gid://shopify/Order/"


def late_deliveries_scrub(account: Account, since: datetime | None) -> int:
    """Scrub the recent deliveries about redacted orders (see the module); → how many."""
    if since is None:  # never succeeded: each batch found its orders' deliveries itself
        return 0
    rows = WebhookDelivery.objects.filter(
        account=account, received_at__gte=since - COPY_MARGIN
    ).exclude(body__has_key=SCRUBBED_KEY)
    changed, last = 0, 0
    while chunk := list(
        rows.filter(pk__gt=last).order_by("pk").only("pk", "channel_id", "body", "note")[:CHUNK]
    ):
        last = chunk[-1].pk
        about = _about_redacted(account, chunk)
        changed += sum(delivery_scrub(d, Needles.none()) for d in chunk if d.pk in about)
    return changed


def _refs(delivery: WebhookDelivery) -> set[str]:
    """What a delivery's body may name its order by: ids (also as Shopify order ids) and the
    3PL's reference."""
    body = delivery.body if isinstance(delivery.body, dict) else {}
    found = set()
    for key in ("admin_graphql_api_id", "id", "order_id", "reference_id"):
        value = body.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            found.add(str(value))
            if str(value).isdigit() and key != "reference_id":
                found.add(f"{ORDER_GID}{value}")
    return found


def _about_redacted(account: Account, deliveries: list[WebhookDelivery]) -> set[int]:
    refs = {d.pk: _refs(d) for d in deliveries}
    channels = {d.channel_id for d in deliveries}
    every = set().union(*refs.values())
    orders = SalesOrder.objects.filter(
        account=account,
        redacted_at__isnull=False,
        channel_id__in=channels,
        external_ref__in=every,
    ).values_list("channel_id", "external_ref")
    shipments = Shipment.objects.filter(
        Q(external_ref__in=every) | Q(number__in=every),
        account=account,
        order__redacted_at__isnull=False,
        fulfillment_channel_id__in=channels,
    ).values_list("fulfillment_channel_id", "external_ref", "number")
    known = set(orders)
    for channel_id, external_ref, number in shipments:
        known |= {(channel_id, external_ref), (channel_id, number)}
    return {d.pk for d in deliveries if any((d.channel_id, ref) in known for ref in refs[d.pk])}
