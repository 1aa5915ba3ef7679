"""Webhook subscriptions and deliveries signed with the Standard Webhooks scheme
(``webhook-id``, ``webhook-timestamp``, ``webhook-signature: v1,<base64 HMAC-SHA256 of
"id.timestamp.body">`` keyed with the base64-decoded part of the ``whsec_`` secret), plus
``x-webhook-topic``. A background thread sends them and retries failures."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
import urllib.request
import uuid
from dataclasses import dataclass, field

from ..retry_queue import RetryQueue
from .state import ApiError, Store, Subscription

# The file's Webhooks.Topics, plus the tracking topic ShipBob documents for 2026 webhooks.
TOPICS = (
    "order.shipped",
    "order.shipment.delivered",
    "order.shipment.exception",
    "order.shipment.on_hold",
    "order.shipment.cancelled",
    "order.shipment.tracking.updated",
)


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def subscribe(
    store: Store, url: str, topics: list[str], secret: str | None, description: str | None = None
) -> Subscription:
    unknown = [t for t in topics if t not in TOPICS]
    if unknown or not topics:
        raise ApiError(422, {"topics": [f"Unsupported topics {unknown}; known: {list(TOPICS)}."]})
    if secret is not None:
        try:
            if not secret.startswith("whsec_"):
                raise ValueError
            base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        except (ValueError, binascii.Error):
            raise ApiError(422, {"secret": ["The secret must be 'whsec_' + base64."]}) from None
    sub = Subscription(str(uuid.uuid4()), url, secret or new_secret(), list(topics), description)
    store.subscriptions[sub.id] = sub
    return sub


@dataclass
class Delivery:
    url: str
    secret: str
    topic: str
    body: bytes
    msg_id: str = field(default_factory=lambda: "msg_" + uuid.uuid4().hex)
    attempts: list[str] = field(default_factory=list)  # outcome of each attempt
    delivered: bool = False


class Dispatcher:
    """Sends queued deliveries; a failed one is retried after each of ``retry_delays`` seconds
    (the same ``webhook-id`` on every attempt, a fresh timestamp and signature)."""

    def __init__(self, retry_delays: tuple[float, ...] = (0.2, 1.0, 3.0), timeout: float = 5.0):
        self.retry_delays = retry_delays
        self.timeout = timeout
        self.log: list[Delivery] = []
        self._sender: RetryQueue[Delivery] = RetryQueue(self._send, "shipbob-webhooks")
        self._sender.start()

    def enqueue(self, sub: Subscription, topic: str, payload: dict) -> Delivery:
        body = json.dumps(payload, separators=(",", ":")).encode()
        delivery = Delivery(sub.url, sub.secret, topic, body)
        self.log.append(delivery)
        self._sender.put(delivery)
        return delivery

    def stop(self) -> None:
        self._sender.stop()

    def _attempt(self, delivery: Delivery) -> None:
        timestamp = int(time.time())
        request = urllib.request.Request(  # noqa: S310 - URLs are registered by the tests/demo
            delivery.url,
            data=delivery.body,
            method="POST",
            headers={
                "content-type": "application/json",
                "webhook-id": delivery.msg_id,
                "webhook-timestamp": str(timestamp),
                "webhook-signature": sign(
                    delivery.secret, delivery.msg_id, timestamp, delivery.body
                ),
                "x-webhook-topic": delivery.topic,
                "user-agent": "ShipBob-Webhooks-Emulator/2026-01",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                delivery.attempts.append(str(response.status))
                delivery.delivered = 200 <= response.status < 300
        except Exception as exc:  # any failure is retried; the outcome is kept for /state
            delivery.attempts.append(f"{type(exc).__name__}: {exc}")

    def _send(self, delivery: Delivery) -> float | None:
        """One attempt; the seconds until the next, or None when delivered or out of retries."""
        self._attempt(delivery)
        tries = len(delivery.attempts)
        if not delivery.delivered and tries <= len(self.retry_delays):
            return self.retry_delays[tries - 1]
        return None
