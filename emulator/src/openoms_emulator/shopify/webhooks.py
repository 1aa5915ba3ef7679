"""Webhook subscriptions (``webhookSubscriptionCreate/Delete``, ``webhookSubscriptions``) and their
deliveries: the JSON body POSTed to the callback URL from a background thread with Shopify's
headers (``X-Shopify-Topic``, ``X-Shopify-Hmac-SHA256`` = base64 HMAC-SHA256 of the raw body keyed
with the subscribing app's client secret, ``X-Shopify-Shop-Domain``, ``X-Shopify-Webhook-Id`` unique
per delivery, ``X-Shopify-Event-Id`` shared by the subscriptions of one event,
``X-Shopify-Triggered-At``, ``X-Shopify-API-Version``). A delivery answered with anything but 2xx
(or not answered) is retried ``retries`` times, ``retry_delay_ms`` apart (Shopify: 8 times over 4
hours; here fast). Knobs: ``duplicate`` (each delivery sent twice, same webhook id) and
``bad_signature`` (signed with a wrong key)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..retry_queue import RetryQueue
from .graph import paginate, resolves
from .queries import find
from .records import WebhookSubscription

API_VERSION = "2026-04"
SHOP_DOMAIN = "demo.myshopify.com"
TOPIC_PATHS = {
    "ORDERS_CREATE": "orders/create",
    "ORDERS_UPDATED": "orders/updated",
    "ORDERS_CANCELLED": "orders/cancelled",
    "ORDERS_EDITED": "orders/edited",
    "ORDERS_FULFILLED": "orders/fulfilled",
    "ORDERS_PARTIALLY_FULFILLED": "orders/partially_fulfilled",
    "FULFILLMENTS_CREATE": "fulfillments/create",
    "INVENTORY_LEVELS_UPDATE": "inventory_levels/update",
}


def topic_path(topic: str) -> str:
    """``ORDERS_CREATE`` -> ``orders/create`` (the header's spelling)."""
    if topic in TOPIC_PATHS:
        return TOPIC_PATHS[topic]
    resource, _, action = topic.lower().rpartition("_")
    return f"{resource}/{action}"


def sign(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


@dataclass
class Delivery:
    webhook_id: str
    event_id: str
    topic: str  # e.g. orders/create
    url: str
    secret: str
    body: bytes
    triggered_at: str
    outcomes: list[str] = field(default_factory=list)  # the status code or error of each attempt
    delivered: bool = False
    done: bool = False

    def describe(self) -> dict:
        return {
            "webhook_id": self.webhook_id,
            "event_id": self.event_id,
            "topic": self.topic,
            "uri": self.url,
            "triggered_at": self.triggered_at,
            "attempts": len(self.outcomes),
            "outcomes": list(self.outcomes),
            "status": "delivered" if self.delivered else ("failed" if self.done else "pending"),
            "body": json.loads(self.body),
        }


@dataclass
class WebhookSettings:
    retries: int = 3
    retry_delay_ms: int = 100
    timeout_seconds: float = 5.0
    duplicate: bool = False
    bad_signature: bool = False


class WebhookDispatcher:
    """Queues deliveries for each event and sends them from one background thread."""

    def __init__(self, emulator) -> None:
        self.emulator = emulator
        self.lock = threading.Condition()
        self.settings = WebhookSettings()
        self.log: list[Delivery] = []
        self._outstanding = 0
        self._sender: RetryQueue[Delivery] = RetryQueue(self._send, "shopify-webhooks")

    def reset(self) -> None:
        with self.lock:
            self.settings = WebhookSettings()
            self.log = []

    # -- events (called with the store lock held) -------------------------------------------
    def emit(self, store, topic: str, payload: dict) -> list[Delivery]:
        subscriptions = [s for s in store.webhook_subscriptions.values() if s.topic == topic]
        if not subscriptions:
            return []
        event_id, triggered_at = str(uuid.uuid4()), self.emulator.now_iso()
        body = json.dumps(payload, separators=(",", ":")).encode()
        deliveries = []
        with self.lock:
            copies = 2 if self.settings.duplicate else 1
            secret_of = (lambda s: "not-" + s.secret) if self.settings.bad_signature else None
            for subscription in subscriptions:
                webhook_id = str(uuid.uuid4())
                for _ in range(copies):
                    secret = secret_of(subscription) if secret_of else subscription.secret
                    delivery = Delivery(
                        webhook_id,
                        event_id,
                        topic_path(topic),
                        subscription.callback_url,
                        secret,
                        body,
                        triggered_at,
                    )
                    deliveries.append(delivery)
            self.log.extend(deliveries)
            self._outstanding += len(deliveries)
            self._sender.start()
        for delivery in deliveries:
            self._sender.put(delivery)
        return deliveries

    # -- state for the control API and tests ---------------------------------------------------
    def describe(self) -> list[dict]:
        with self.lock:
            return [delivery.describe() for delivery in self.log]

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until every queued delivery is delivered or gave up (True) or ``timeout``."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while self._outstanding:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.lock.wait(remaining)
            return True

    def stop(self) -> None:
        self._sender.stop()

    # -- the thread ----------------------------------------------------------------------------
    def _attempt(self, delivery: Delivery) -> None:
        """One POST (http.client keeps the headers' spelling, as Shopify sends them)."""
        parts = urlsplit(delivery.url)
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection = connection_class(parts.netloc, timeout=self.settings.timeout_seconds)
            try:
                connection.request("POST", path, body=delivery.body, headers=_headers(delivery))
                status = connection.getresponse().status
            finally:
                connection.close()
            outcome, ok = str(status), 200 <= status < 300
        except Exception as error:  # any failure is retried; the outcome is listed
            outcome, ok = f"{type(error).__name__}: {error}", False
        with self.lock:
            delivery.outcomes.append(outcome)
            delivery.delivered = ok

    def _finish(self, delivery: Delivery) -> None:
        with self.lock:
            delivery.done = True
            self._outstanding -= 1
            self.lock.notify_all()

    def _send(self, delivery: Delivery) -> float | None:
        """One attempt; the seconds until the next, or None when delivered or given up."""
        self._attempt(delivery)
        if delivery.delivered or len(delivery.outcomes) > self.settings.retries:
            self._finish(delivery)
            return None
        return self.settings.retry_delay_ms / 1000


def _headers(delivery: Delivery) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-Shopify-Topic": delivery.topic,
        "X-Shopify-Hmac-SHA256": sign(delivery.secret, delivery.body),
        "X-Shopify-Shop-Domain": SHOP_DOMAIN,
        "X-Shopify-Webhook-Id": delivery.webhook_id,
        "X-Shopify-Event-Id": delivery.event_id,
        "X-Shopify-Triggered-At": delivery.triggered_at,
        "X-Shopify-API-Version": API_VERSION,
        "User-Agent": "Shopify-Captain-Hook",
    }


def emit(info_or_context, topic: str, payload: dict) -> None:
    """Fire ``topic`` with ``payload`` from a resolver (``info``) or a control call (context)."""
    context = getattr(info_or_context, "context", info_or_context)
    context.emulator.webhooks.emit(context.store, topic, payload)


# -- GraphQL -------------------------------------------------------------------------------------
def _error(field: list[str], message: str) -> dict:
    return {"field": field, "message": message}


def _url_error(store, topic: str, url: str | None) -> dict | None:
    path = ["webhookSubscription", "callbackUrl"]
    if not url:
        return _error(path, "Address can't be blank")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return _error(path, "Address is invalid")
    if any(
        s.topic == topic and s.callback_url == url for s in store.webhook_subscriptions.values()
    ):
        return _error(path, "Address for this topic has already been taken")
    return None


@resolves("Mutation", "webhookSubscriptionCreate")
def subscription_create(_, info, args):
    context = info.context
    data, topic = args["webhookSubscription"], args["topic"]
    error = _url_error(context.store, topic, data.get("callbackUrl"))
    if error is not None:
        return {"webhookSubscription": None, "userErrors": [error]}
    now = context.emulator.now_iso()
    subscription = WebhookSubscription(
        id=context.store.next_id(),
        topic=topic,
        callback_url=data["callbackUrl"],
        format=data.get("format") or "JSON",
        secret=context.emulator.app_secret(context.token),
        filter=data.get("filter"),
        include_fields=list(data.get("includeFields") or ()),
        created_at=now,
        updated_at=now,
    )
    context.store.webhook_subscriptions[subscription.id] = subscription
    return {"webhookSubscription": subscription, "userErrors": []}


@resolves("Mutation", "webhookSubscriptionDelete")
def subscription_delete(_, info, args):
    store = info.context.store
    subscription = find(store, args["id"], "WebhookSubscription")
    if subscription is None:
        return {
            "deletedWebhookSubscriptionId": None,
            "userErrors": [_error(["id"], "Webhook subscription does not exist")],
        }
    del store.webhook_subscriptions[subscription.id]
    return {"deletedWebhookSubscriptionId": subscription.gid, "userErrors": []}


@resolves("QueryRoot", "webhookSubscriptions")
def subscriptions(_, info, args):
    topics = set(args.get("topics") or ())
    url, fmt = args.get("callbackUrl"), args.get("format")
    found = [
        s
        for s in info.context.store.webhook_subscriptions.values()
        if (not topics or s.topic in topics)
        and (url is None or s.callback_url == url)
        and (fmt is None or s.format == fmt)
    ]
    return paginate(sorted(found, key=lambda s: s.id), args)


@resolves("QueryRoot", "webhookSubscription")
def subscription(_, info, args):
    return find(info.context.store, args["id"], "WebhookSubscription")


@resolves("WebhookSubscription", "endpoint")
def subscription_endpoint(source, info, args):
    return {"__typename": "WebhookHttpEndpoint", "callbackUrl": source.callback_url}


@resolves("WebhookSubscription", "apiVersion")
def subscription_api_version(source, info, args):
    return {"handle": API_VERSION, "displayName": API_VERSION, "supported": True}
