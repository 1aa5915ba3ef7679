"""Receiving a channel's webhook: verify, deduplicate, store; processing comes later.

``webhook_receive`` answers fast (Shopify wants an answer within 5 seconds): it only checks and
stores (one ``INSERT`` that commits itself), then makes sure a run comes for the delivery. The
tenant is the channel's own: a webhook has no user.

====================================  =====  ==============================================
What arrived                          HTTP   What is kept
====================================  =====  ==============================================
unknown channel, or not of the kind   404    nothing, no event
body over the limit (2 MB)            413    nothing; a Warning (one a minute, counted)
no signing secret on the channel      401    nothing; a Warning naming the credential to set
bad signature / stale timestamp       401    nothing; a Warning (one a minute, counted)
not a JSON object, no delivery id     400    nothing; a Warning (one a minute, counted)
a delivery id already stored          200    nothing new; one Info event per delivery id,
                                             later repeats counted on the delivery
a valid new delivery                  200    the delivery, status ``received``; no event
the same to a disabled channel        200    the delivery, status ``ignored`` with a note
====================================  =====  ==============================================

A disabled channel's deliveries are verified and kept (``ignored``, never processed) and
answered 200, so the channel does not retry them for hours and nothing it sent is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from openoms.activity.models import EventLevel
from openoms.channels.events import channel_event
from openoms.channels.models import Channel
from openoms.connectors import webhooks as signatures
from openoms.core.row_insert import row_insert
from openoms.core.row_read import RowRead
from openoms.core.secrets import SecretUnreadable
from openoms.sync.models import DeliveryStatus, WebhookDelivery
from openoms.sync.services.order_inbox import order_delivery_stored
from openoms.sync.services.shipment_queue import shipment_webhook_queue
from openoms.sync.services.webhook_refusals import Refusal, refusal_record
from openoms.sync.webhook_body import MALFORMED_JSON, body_parse
from openoms.sync.webhook_sources import SOURCES, SourceSpec

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
MAX_DELIVERY_ID = 255
MAX_TOPIC = 120
DISABLED_NOTE = "The channel was disabled when this arrived: kept, and never processed."


@dataclass(frozen=True)
class Outcome:
    """The answer to a delivery: HTTP status, a stable code, a sentence, the stored row."""

    status: int
    code: str
    message: str
    delivery: WebhookDelivery | None = None


def webhook_max_bytes() -> int:
    """The largest body accepted (``OPENOMS_WEBHOOK_MAX_BODY_BYTES``, 2 MB by default)."""
    return int(getattr(settings, "OPENOMS_WEBHOOK_MAX_BODY_BYTES", DEFAULT_MAX_BYTES))


def webhook_receive(
    *,
    channel_id: int,
    source: str,
    headers: Mapping[str, str],
    raw_body: bytes,
    now: datetime | None = None,
) -> Outcome:
    """Verify, deduplicate and store one delivery to channel ``channel_id`` (see the table in
    the module's docstring)."""
    now = now or timezone.now()
    spec = SOURCES.get(source)
    channel = _channel(channel_id, spec)
    if channel is None:
        return Outcome(404, "not_found", "There is no such channel.")
    refusal, delivery = _verified_delivery(channel, spec, headers, raw_body, now)
    if delivery is not None:
        return _store(channel, spec, delivery)
    refusal_record(channel, spec, refusal, now)
    return Outcome(refusal.status, refusal.reason, refusal.detail)


def _verified_delivery(
    channel: Channel, spec: SourceSpec, headers: Mapping[str, str], raw_body: bytes, now
) -> tuple[Refusal | None, WebhookDelivery | None]:
    """The row to store, or why the delivery is refused (size, secret, signature, body)."""
    if refusal := _check(channel, spec, headers, raw_body, now):
        return refusal, None
    parsed = body_parse(raw_body)
    if parsed.refusal:
        return _body_refusal(parsed.refusal), None
    refusal, delivery = _delivery(channel, spec, headers, parsed.value, now)
    if delivery is not None and parsed.note:
        delivery.note = " ".join(filter(None, [delivery.note, parsed.note]))
    return refusal, delivery


def _channel(channel_id: int, spec: SourceSpec | None) -> Channel | None:
    if spec is None or not 0 < channel_id < 2**63:
        return None
    return CHANNEL.first((channel_id, spec.kind))


# no ordering, no account (read only when an event is recorded), one hand-written statement
# (``core.row_read``): every request reads its channel, and the ORM's query building cost more
# than the statement itself
CHANNEL = RowRead(Channel, ("id", "kind"))


def _check(
    channel: Channel, spec: SourceSpec, headers: Mapping[str, str], raw_body: bytes, now
) -> Refusal | None:
    """Why the delivery is refused before its body is read (size, secret, signature)."""
    limit = webhook_max_bytes()
    if len(raw_body) > limit:
        return Refusal(
            "payload_too_large", "too large", 413, f"its body is larger than {limit:,} bytes."
        )
    try:
        secret = str((channel.credentials or {}).get(spec.secret_credential) or "")
    except SecretUnreadable as exc:
        return Refusal("secret_unreadable", "credentials unreadable", 503, exc.message)
    if not secret.strip():
        label = _credential_label(channel, spec)
        detail = (
            f"the channel has no {label} to check its signature. Set {label} in the channel's "
            f"Main Settings → Credentials to {spec.secret_hint}."
        )
        return Refusal("no_secret", "no secret set", 401, detail)
    return _signature_refusal(channel, spec, headers, raw_body, secret, now)


def _credential_label(channel: Channel, spec: SourceSpec) -> str:
    fields = {field.name: field.label for field in channel.kind_spec.credentials}
    return fields.get(spec.secret_credential, spec.secret_credential.replace("_", " ").title())


SIGNATURE_DETAILS = {
    signatures.MISSING_HEADERS: (
        "missing headers",
        "it lacks one of the webhook-id, webhook-timestamp and webhook-signature headers.",
    ),
    signatures.BAD_TIMESTAMP: ("bad timestamp", "its webhook-timestamp is not a Unix time."),
    signatures.STALE_TIMESTAMP: (
        "stale timestamp",
        "its webhook-timestamp is more than 5 minutes away from this server's clock (a replayed "
        "delivery, or a wrong clock).",
    ),
    signatures.BAD_SECRET: (
        "secret not whsec_",
        "the channel's secret is not a Standard Webhooks secret (whsec_ followed by base64).",
    ),
}


def _signature_refusal(channel, spec, headers, raw_body, secret, now) -> Refusal | None:
    label = _credential_label(channel, spec)
    if spec.source == "shopify":
        given = signatures.header(headers, signatures.SHOPIFY_HMAC_HEADER)
        if signatures.shopify_signature_valid(raw_body, given, secret):
            return None
        reason = signatures.BAD_SIGNATURE
    else:
        reason = signatures.standard_webhook_refusal(raw_body, headers, secret, now)
        if reason is None:
            return None
    short, detail = SIGNATURE_DETAILS.get(
        reason,
        (
            "bad signature",
            f"its signature does not match its body and the channel's {label}: a forged "
            f"delivery, or {label} is not {spec.secret_hint}.",
        ),
    )
    return Refusal(reason, short, 401, detail)


def _body_refusal(reason: str) -> Refusal:
    if reason == MALFORMED_JSON:
        return Refusal(reason, "malformed JSON", 400, "its body is not valid JSON (UTF-8).")
    return Refusal(reason, "not an object", 400, "its body is JSON but not an object.")


def _delivery(
    channel: Channel, spec: SourceSpec, headers: Mapping[str, str], body: dict, now: datetime
) -> tuple[Refusal | None, WebhookDelivery | None]:
    """The row to store for a verified delivery, or why it cannot be stored."""
    delivery_id = signatures.header(headers, spec.delivery_id_header).strip()
    if not delivery_id:
        detail = f"it has no {spec.delivery_id_header} header, so it cannot be deduplicated."
        return Refusal("missing_delivery_id", "no delivery id", 400, detail), None
    topic = signatures.header(headers, spec.topic_header).strip() or _body_topic(body)
    event_id = (
        signatures.header(headers, spec.event_id_header).strip() if spec.event_id_header else ""
    )
    if (
        len(delivery_id) > MAX_DELIVERY_ID
        or len(event_id) > MAX_DELIVERY_ID
        or len(topic) > MAX_TOPIC
    ):
        detail = "its delivery id, event id or topic is longer than OpenOMS stores."
        return Refusal("header_too_long", "header too long", 400, detail), None
    delivery = WebhookDelivery(
        account_id=channel.account_id,
        channel=channel,
        source=spec.source,
        delivery_id=delivery_id,
        event_id=event_id,
        topic=topic,
        triggered_at=_triggered_at(spec, headers),
        received_at=now,
        body=body,
    )
    if not channel.is_enabled:
        delivery.status, delivery.note = DeliveryStatus.IGNORED, DISABLED_NOTE
    return None, delivery


def _body_topic(body: dict) -> str:
    """A Standard Webhooks body names its event type in ``type`` (ShipBob's ``topic``)."""
    for key in ("topic", "type"):
        if isinstance(body.get(key), str):
            return body[key].strip()
    return ""


def _triggered_at(spec: SourceSpec, headers: Mapping[str, str]) -> datetime | None:
    """When the channel says the event happened; None when it does not say (or not clearly)."""
    if spec.triggered_at_header:
        text = signatures.header(headers, spec.triggered_at_header).strip()
        try:
            moment = parse_datetime(text) if text else None
        except ValueError:
            return None
        return moment if moment is not None and moment.tzinfo is not None else None
    stamp = signatures.header(headers, signatures.STANDARD_TIMESTAMP).strip()
    return datetime.fromtimestamp(int(stamp), tz=UTC)  # verified: digits, near now


def _store(channel: Channel, spec: SourceSpec, delivery: WebhookDelivery) -> Outcome:
    """Store a new delivery (one ``INSERT``, committed by itself), then make sure its work
    comes; a delivery id stored before (the insert meets the unique key, also when a
    concurrent request stored it) is a repeat. The stored row is the durable part: if the
    process dies before the run is queued, the job's next scheduled run reads the inbox."""
    try:
        _insert(delivery)
    except IntegrityError:
        return _repeat(channel, spec, delivery)
    shipment_webhook_queue(delivery)  # a ShipBob shipment: queue Import Shipments
    order_delivery_stored(delivery)  # a Shopify order: queue Import Orders
    ignored = delivery.status == DeliveryStatus.IGNORED
    message = DISABLED_NOTE if ignored else "Stored; it will be processed."
    return Outcome(200, "ignored" if ignored else "stored", message, delivery)


def _insert(delivery: WebhookDelivery) -> None:
    """In autocommit the ``INSERT`` commits itself (no BEGIN, no COMMIT); inside a caller's
    transaction a savepoint keeps that transaction usable when the insert is refused. One
    hand-written statement (``core.row_insert``): every request stores one."""
    if connection.in_atomic_block:
        with transaction.atomic():
            row_insert(delivery)
    else:
        row_insert(delivery)


def _repeat(channel: Channel, spec: SourceSpec, delivery: WebhookDelivery) -> Outcome:
    """Count a repeat of a stored delivery (one Info event per id, at its first repeat)."""
    with transaction.atomic():
        repeat = _repeat_count(delivery)
        if repeat is None:  # not a repeat: another unique key refused the row
            raise IntegrityError(f"Webhook delivery {delivery.delivery_id} could not be stored.")
        if repeat == 1:
            channel_event(
                channel,
                EventLevel.INFO,
                _duplicate_message(spec, delivery),
                f"{spec.label} webhook",
            )
    return Outcome(200, "duplicate", "Already received: ignored.")


def _repeat_count(delivery: WebhookDelivery) -> int | None:
    """Count a repeat of an already stored delivery id and return how many repeats it has now
    (1: the first), or None when the id is new. The row is locked while counting, so "first"
    is exact when copies arrive at once."""
    stored = (
        WebhookDelivery.objects.select_for_update()
        .filter(channel_id=delivery.channel_id, delivery_id=delivery.delivery_id)
        .only("pk", "duplicates")
        .first()
    )
    if stored is None:
        return None
    WebhookDelivery.objects.filter(pk=stored.pk).update(duplicates=F("duplicates") + 1)
    return stored.duplicates + 1


def _duplicate_message(spec: SourceSpec, delivery: WebhookDelivery) -> str:
    topic = f" ({delivery.topic})" if delivery.topic else ""
    return (
        f"{spec.label} sent webhook {delivery.delivery_id}{topic} again: it was already received, "
        "so the repeat was ignored. Further repeats of it are counted on the delivery, not "
        "logged."
    )
