"""Personal access tokens, and ShipBob's 150 requests per minute per token (sliding window)."""

from __future__ import annotations

from openoms_emulator.shipbob.app import Config
from openoms_emulator.shipbob.server import serve_in_thread

from . import shipbob_fixtures as sb
from .shipbob_fixtures import TOKEN, Client, contract

# pytest fixtures, shared through the module (not a conftest the Shopify tests would see)
client, clock, running = sb.client, sb.clock, sb.running


def test_missing_or_wrong_token_is_401(client):
    assert client.get("/2026-01/fulfillment-center", token=None).status == 401
    reply = client.get("/2026-01/fulfillment-center", token="wrong")
    assert reply.status == 401 and "denied" in reply.body["message"]
    assert client.get("/2026-01/fulfillment-center").status == 200


def test_tokens_are_configurable(client):
    client.control("config", {"tokens": ["new-pat"]})
    assert client.get("/2026-01/fulfillment-center").status == 401
    assert client.get("/2026-01/fulfillment-center", token="new-pat").status == 200


def test_150_calls_a_minute_then_429_until_the_window_slides(client, clock):
    first = client.get("/2026-01/fulfillment-center")
    assert first.headers["x-remaining-calls"] == "149"
    clock.now += 30  # the other 149 calls come half a minute later
    for expected_remaining in range(148, -1, -1):
        reply = client.get("/2026-01/fulfillment-center")
        assert (reply.status, reply.headers["x-remaining-calls"]) == (200, str(expected_remaining))
    refused = client.get("/2026-01/fulfillment-center")
    assert refused.status == 429
    assert refused.headers["x-remaining-calls"] == "0"
    assert refused.headers["x-retry-after"] == "30"  # when the first call leaves the window
    clock.now += 29
    assert client.get("/2026-01/fulfillment-center").status == 429
    clock.now += 1  # the first call slid out: exactly one call is free again
    reply = client.get("/2026-01/fulfillment-center")
    assert (reply.status, reply.headers["x-remaining-calls"]) == (200, "0")
    assert client.get("/2026-01/fulfillment-center").status == 429
    clock.now += 30  # the other 149 slid out too
    assert client.get("/2026-01/fulfillment-center").headers["x-remaining-calls"] == "148"


def test_refused_calls_do_not_count_and_tokens_have_their_own_window(client, clock):
    client.control("config", {"rate_limit": 3, "tokens": ["a", "b"]})
    for _ in range(3):
        assert client.get("/2026-01/fulfillment-center", token="a").status == 200
    for _ in range(5):
        assert client.get("/2026-01/fulfillment-center", token="a").status == 429
    assert client.get("/2026-01/fulfillment-center", token="b").status == 200
    clock.now += 60
    assert client.get("/2026-01/fulfillment-center", token="a").headers["x-remaining-calls"] == "2"


def test_control_clock_advance_works_without_an_injected_clock():
    server = serve_in_thread(Config(tokens=[TOKEN], rate_limit=1), contract=contract())
    try:
        c = Client(server)
        assert c.get("/2026-01/fulfillment-center").status == 200
        assert c.get("/2026-01/fulfillment-center").status == 429
        assert c.control("clock", {"advance": 61}).status == 200
        assert c.get("/2026-01/fulfillment-center").status == 200
    finally:
        server.stop()
