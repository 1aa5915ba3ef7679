"""Webhook subscriptions and signed deliveries: headers, HMAC with the app's secret, event and
webhook ids, retries, the duplicate and bad-signature knobs, and the delivery log."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from openoms_emulator.shopify.oauth import DEFAULT_APPS

from . import shopify_fixtures as fx

client, clock, running, shopify_schema = fx.client, fx.clock, fx.running, fx.shopify_schema

SECRET = next(iter(DEFAULT_APPS.values()))
SUBSCRIBE = """mutation S($topic: WebhookSubscriptionTopic!, $url: URL!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: {callbackUrl: $url, format: JSON}) {
    webhookSubscription { id topic callbackUrl format apiVersion { handle }
      endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } }
    userErrors { field message }
  }
}"""
LIST = """{ webhookSubscriptions(first: 10) { nodes { id topic callbackUrl } } }"""
DELETE = """mutation D($id: ID!) { webhookSubscriptionDelete(id: $id) {
  deletedWebhookSubscriptionId userErrors { field message } } }"""


class Receiver:
    """A local endpoint that records every POST and answers the queued statuses (then 200)."""

    def __init__(self) -> None:
        self.received: list[tuple[Message, bytes]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((self.headers, body))  # case-insensitive
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def by_topic(self, topic: str) -> list[tuple[Message, bytes]]:
        return [(h, b) for h, b in self.received if h["X-Shopify-Topic"] == topic]


@pytest.fixture
def receiver():
    endpoint = Receiver()
    yield endpoint
    endpoint.server.shutdown()
    endpoint.server.server_close()


@pytest.fixture
def stocked(client) -> dict:
    client.control("config", {"webhooks_retry_delay_ms": 0})
    return client.control(
        "seed",
        {
            "locations": [{"name": "Main"}],
            "products": [
                {
                    "title": "Mug",
                    "variants": [
                        {
                            "sku": "MUG",
                            "price": "8.00",
                            "levels": [{"location": "Main", "available": 5}],
                        }
                    ],
                }
            ],
        },
    )


def subscribe(client, topic: str, url: str) -> dict:
    return client.data(SUBSCRIBE, {"topic": topic, "url": url})["webhookSubscriptionCreate"]


def order(client) -> dict:
    return client.control(
        "orders",
        {
            "line_items": [{"sku": "MUG", "quantity": 2}],
            "customer": {"email": "bo@example.com", "first_name": "Bo", "last_name": "Ek"},
            "shipping_address": {
                "first_name": "Bo",
                "last_name": "Ek",
                "city": "Lund",
                "country_code": "SE",
            },
        },
    )


def wait(client) -> list[dict]:
    answer = client.control("webhooks/wait", {"timeout": 10})
    assert answer["idle"] is True
    return answer["deliveries"]


def signature(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def test_an_order_is_delivered_signed_with_shopifys_headers(client, stocked, receiver):
    created = subscribe(client, "ORDERS_CREATE", receiver.url)
    assert created["userErrors"] == []
    subscription = created["webhookSubscription"]
    assert subscription["apiVersion"] == {"handle": "2026-04"}
    assert subscription["endpoint"] == {
        "__typename": "WebhookHttpEndpoint",
        "callbackUrl": receiver.url,
    }
    subscribe(client, "INVENTORY_LEVELS_UPDATE", receiver.url)
    placed = order(client)
    deliveries = wait(client)
    assert [(d["topic"], d["status"], d["attempts"]) for d in deliveries] == [
        ("orders/create", "delivered", 1),
        ("inventory_levels/update", "delivered", 1),
    ]
    [(headers, body)] = receiver.by_topic("orders/create")
    assert headers["X-Shopify-Hmac-SHA256"] == signature(SECRET, body)
    assert headers["X-Shopify-Shop-Domain"] == "demo.myshopify.com"
    assert headers["X-Shopify-API-Version"] == "2026-04"
    assert headers["X-Shopify-Webhook-Id"] == deliveries[0]["webhook_id"]
    assert headers["X-Shopify-Triggered-At"].endswith("Z")
    payload = json.loads(body)
    assert payload["admin_graphql_api_id"] == placed["id"] and payload["name"] == "#1001"
    assert [(li["sku"], li["quantity"], li["price"]) for li in payload["line_items"]] == [
        ("MUG", 2, "8.00")
    ]
    assert payload["shipping_address"]["country_code"] == "SE"
    assert payload["shipping_lines"] == [  # the default shipping line
        {
            "title": "Standard Shipping",
            "code": "Standard Shipping",
            "price": "0.00",
            "source": "shopify",
        }
    ]
    assert payload["customer"]["email"] == "bo@example.com"
    [(_, level_body)] = receiver.by_topic("inventory_levels/update")
    assert json.loads(level_body)["available"] == 3


def test_the_checkouts_shipping_line_is_in_the_order_body(client, stocked, receiver):
    # given
    subscribe(client, "ORDERS_CREATE", receiver.url)
    line = {"title": "Standard Shipping", "code": "STANDARD", "price": "5.00"}
    # when
    client.control(
        "orders", {"line_items": [{"sku": "MUG", "quantity": 1}], "shipping_lines": [line]}
    )
    wait(client)
    # then
    [(_, body)] = receiver.by_topic("orders/create")
    assert json.loads(body)["shipping_lines"] == [{**line, "source": "shopify"}]


def test_one_event_shares_its_event_id_across_subscriptions(client, stocked, receiver):
    subscribe(client, "ORDERS_CREATE", receiver.url)
    subscribe(client, "ORDERS_CREATE", receiver.url + "/second")
    order(client)
    first, second = wait(client)
    assert first["event_id"] == second["event_id"]
    assert first["webhook_id"] != second["webhook_id"]


def test_a_failed_delivery_is_retried_with_the_same_webhook_id(client, stocked, receiver):
    subscribe(client, "ORDERS_CREATE", receiver.url)
    receiver.statuses = [500, 503]
    order(client)
    [delivery] = wait(client)
    assert (delivery["status"], delivery["outcomes"]) == ("delivered", ["500", "503", "200"])
    assert len({h["X-Shopify-Webhook-Id"] for h, _ in receiver.received}) == 1


def test_a_delivery_gives_up_after_the_configured_retries(client, stocked, receiver):
    client.control("config", {"webhooks_retries": 1})
    subscribe(client, "ORDERS_CREATE", receiver.url)
    receiver.statuses = [500, 500, 500]
    order(client)
    [delivery] = wait(client)
    assert (delivery["status"], delivery["outcomes"]) == ("failed", ["500", "500"])


def test_duplicate_and_bad_signature_knobs(client, stocked, receiver):
    client.control("config", {"webhooks_duplicate": True, "webhooks_bad_signature": True})
    subscribe(client, "ORDERS_CREATE", receiver.url)
    order(client)
    assert len(wait(client)) == 2
    (first_headers, body), (second_headers, _) = receiver.received
    assert first_headers["X-Shopify-Webhook-Id"] == second_headers["X-Shopify-Webhook-Id"]
    assert first_headers["X-Shopify-Hmac-SHA256"] != signature(SECRET, body)


def test_a_token_of_a_configured_app_signs_with_that_apps_secret(client, stocked, receiver):
    client.control("config", {"apps": [{"client_id": "mine", "client_secret": "shh"}]})
    token = client.request(
        "POST",
        "/admin/oauth/access_token",
        b"grant_type=client_credentials&client_id=mine&client_secret=shh",
        {"Content-Type": "application/x-www-form-urlencoded"},
    )[1]["access_token"]
    status, body = client.gql(
        SUBSCRIBE, {"topic": "ORDERS_UPDATED", "url": receiver.url}, token=token
    )
    assert status == 200 and body["data"]["webhookSubscriptionCreate"]["userErrors"] == []
    placed = order(client)
    client.control("orders/edit", {"id": placed["id"], "note": "gift"})
    wait(client)
    [(headers, raw)] = receiver.by_topic("orders/updated")
    assert headers["X-Shopify-Hmac-SHA256"] == signature("shh", raw)
    assert json.loads(raw)["note"] == "gift"


def test_subscriptions_are_listed_refused_and_deleted(client, receiver):
    created = subscribe(client, "ORDERS_CREATE", receiver.url)["webhookSubscription"]
    assert subscribe(client, "ORDERS_CREATE", receiver.url) == {
        "webhookSubscription": None,
        "userErrors": [
            {
                "field": ["webhookSubscription", "callbackUrl"],
                "message": "Address for this topic has already been taken",
            }
        ],
    }
    [error] = subscribe(client, "ORDERS_CREATE", "ftp://example.com/x")["userErrors"]
    assert error["message"] == "Address is invalid"
    assert client.data(LIST)["webhookSubscriptions"]["nodes"] == [
        {"id": created["id"], "topic": "ORDERS_CREATE", "callbackUrl": receiver.url}
    ]
    deleted = client.data(DELETE, {"id": created["id"]})["webhookSubscriptionDelete"]
    assert deleted == {"deletedWebhookSubscriptionId": created["id"], "userErrors": []}
    assert client.data(LIST)["webhookSubscriptions"]["nodes"] == []
    again = client.data(DELETE, {"id": created["id"]})["webhookSubscriptionDelete"]
    assert again["userErrors"] == [
        {"field": ["id"], "message": "Webhook subscription does not exist"}
    ]


def test_an_inventory_mutation_fires_inventory_levels_update_once(client, stocked, receiver):
    subscribe(client, "INVENTORY_LEVELS_UPDATE", receiver.url)
    item = stocked["products"][0]["variants"][0]["inventoryItemId"]
    location = stocked["locations"][0]["id"]
    variables = {"input": fx.set_input(item, location, 9), "key": "set-9"}
    client.data(fx.SET, variables)
    client.data(fx.SET, variables)  # a replay applies nothing and fires nothing
    [delivery] = wait(client)
    body = delivery["body"]
    assert (body["inventory_item_id"], body["location_id"], body["available"]) == (
        int(item.rsplit("/", 1)[1]),
        int(location.rsplit("/", 1)[1]),
        9,
    )
    assert body["updated_at"].endswith("+00:00")
    assert body["admin_graphql_api_id"].startswith("gid://shopify/InventoryLevel/")
