"""Webhooks signed with the Standard Webhooks scheme, sent by a background thread with retries,
verified here independently (the ``standardwebhooks`` library and by hand)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks import Webhook

from . import shipbob_fixtures as sb
from .shipbob_fixtures import CHANNEL, no_violations, order_body

# pytest fixtures, shared through the module (not a conftest the Shopify tests would see)
client, clock, running, seeded = sb.client, sb.clock, sb.running, sb.seeded

SECRET = "whsec_" + base64.b64encode(b"emulator-webhook-secret-32-bytes").decode()


class Receiver:
    def __init__(self, fail_first: int = 0) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.fail_first = fail_first
        self.arrived = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                failing = outer.fail_first > 0
                outer.fail_first -= 1
                self.send_response(500 if failing else 204)
                self.end_headers()
                if not failing:
                    outer.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                    outer.arrived.set()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/shipbob"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, count: int, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.received) >= count, (
            f"{len(self.received)} webhook(s) arrived, {count} expected"
        )


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.server.shutdown()
    r.server.server_close()


def verify_by_hand(headers: dict[str, str], body: bytes, secret: str) -> bool:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(f"v1,{expected}", sig) for sig in headers["webhook-signature"].split()
    )


def test_order_shipped_is_signed_and_verifies(client, seeded, receiver):
    sub = client.control(
        "webhooks", {"url": receiver.url, "topics": ["order.shipped"], "secret": SECRET}
    )
    assert sub.status == 200 and sub.body["secret"] == SECRET
    order = client.create_order("SO-1", [("MUG-1", 2)]).body
    shipped = client.control(
        "ship", {"order_id": order["id"], "tracking": {"carrier": "UPS", "tracking_number": "1Z9"}}
    ).body
    receiver.wait(1)
    headers, body = receiver.received[0]
    assert headers["x-webhook-topic"] == "order.shipped"
    assert headers["webhook-id"].startswith("msg_")
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60
    payload = Webhook(SECRET).verify(body, headers)  # raises when the signature is wrong
    assert payload["id"] == shipped["shipment_id"] and payload["order_id"] == order["id"]
    assert payload["tracking"]["tracking_number"] == "1Z9"
    assert verify_by_hand(headers, body, SECRET)
    assert not verify_by_hand(headers, body.replace(b"1Z9", b"1Z8"), SECRET)
    assert not verify_by_hand(
        headers, body, "whsec_" + base64.b64encode(b"another-secret").decode()
    )
    no_violations(client)


def test_cancelled_and_tracking_updated_topics_and_generated_secret(client, seeded, receiver):
    sub = client.control(
        "webhooks",
        {
            "url": receiver.url,
            "topics": ["order.shipment.cancelled", "order.shipment.tracking.updated"],
        },
    ).body
    assert sub["secret"].startswith("whsec_")
    first = client.create_order("SO-1", [("MUG-1", 1)]).body
    client.post(f"/2026-01/order/{first['id']}:cancel")
    second = client.create_order("SO-2", [("MUG-1", 1)]).body
    shipment_id = client.control("ship", {"order_id": second["id"]}).body[
        "shipment_id"
    ]  # not subscribed
    client.control(
        "tracking", {"shipment_id": shipment_id, "tracking": {"tracking_number": "NEW-1"}}
    )
    receiver.wait(2)
    topics = sorted(
        (h["x-webhook-topic"], Webhook(sub["secret"]).verify(b, h)["id"])
        for h, b in receiver.received
    )
    assert topics == [
        ("order.shipment.cancelled", first["shipments"][0]["id"]),
        ("order.shipment.tracking.updated", shipment_id),
    ]
    read = client.get(f"/2026-01/shipment/{shipment_id}").body
    assert read["tracking"]["tracking_number"] == "NEW-1"


def delivered(client, timeout: float = 10) -> list[dict]:
    """The emulator's deliveries once each is recorded as delivered (it records the answer
    after the receiver has the body)."""
    deadline = time.monotonic() + timeout
    deliveries = client.control("webhooks").body
    while not all(d["delivered"] for d in deliveries) and time.monotonic() < deadline:
        time.sleep(0.02)
        deliveries = client.control("webhooks").body
    return deliveries


def test_failed_delivery_is_retried_with_the_same_id(client, seeded):
    receiver = Receiver(fail_first=1)
    try:
        client.control(
            "webhooks", {"url": receiver.url, "topics": ["order.shipped"], "secret": SECRET}
        )
        order = client.create_order("SO-1", [("MUG-1", 1)]).body
        client.control("ship", {"order_id": order["id"]})
        receiver.wait(1)
        (delivery,) = delivered(client)
        assert delivery["attempts"] == ["HTTPError: HTTP Error 500: Internal Server Error", "204"]
        assert (
            delivery["delivered"] is True
            and delivery["id"] == receiver.received[0][0]["webhook-id"]
        )
        Webhook(SECRET).verify(receiver.received[0][1], receiver.received[0][0])
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()


def test_subscriptions_through_the_public_webhook_endpoint(client, seeded, receiver):
    reply = client.post(
        "/2026-01/webhook", {"url": receiver.url, "topics": ["order.shipped"], "secret": SECRET}
    )
    assert reply.status == 200 and reply.body["secret"] == SECRET
    listed = client.get("/2026-01/webhook").body["items"]
    assert [s["id"] for s in listed] == [reply.body["id"]] and "secret" not in listed[0]
    assert (
        client.post(
            "/2026-01/webhook", {"url": receiver.url, "topics": ["order.teleported"]}
        ).status
        == 400
    )
    assert (
        client.post(
            "/2026-01/webhook",
            {"url": receiver.url, "topics": ["order.shipped"], "secret": "plain"},
        ).status
        == 422
    )
    assert client.call("DELETE", f"/2026-01/webhook/{reply.body['id']}").status == 204
    assert client.get("/2026-01/webhook").body["items"] == []
    order = client.post(
        "/2026-01/order",
        order_body("SO-9", [("MUG-1", 1)]),
        headers={"shipbob_channel_id": CHANNEL},
    ).body
    client.control("ship", {"order_id": order["id"]})
    time.sleep(0.3)
    assert receiver.received == []  # unsubscribed
    assert json.loads(json.dumps(client.control("webhooks").body)) == []
