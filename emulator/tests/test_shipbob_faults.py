"""Fault knobs: 5xx for the next N requests (nothing done), responses dropped after the change
is committed (the order exists although the client heard nothing), latency."""

from __future__ import annotations

import http.client
import time
import urllib.error

import pytest

from . import shipbob_fixtures as sb
from .shipbob_fixtures import no_violations

# pytest fixtures, shared through the module (not a conftest the Shopify tests would see)
client, clock, running, seeded = sb.client, sb.clock, sb.running, sb.seeded


def test_fail_next_gives_5xx_without_doing_anything(client, seeded):
    client.control("config", {"fail_next": 2, "fail_status": 503})
    assert client.create_order("SO-1", [("MUG-1", 1)]).status == 503
    assert client.create_order("SO-1", [("MUG-1", 1)]).status == 503
    created = client.create_order("SO-1", [("MUG-1", 1)])
    assert created.status == 201  # the two failures created nothing: no 422 here
    assert len(client.get("/2026-01/order").body) == 1


def test_declared_500_shape_is_used_when_the_operation_has_one(client, seeded):
    order = client.create_order("SO-1", [("MUG-1", 1)]).body
    client.control("config", {"fail_next": 1})
    reply = client.post(f"/2026-01/order/{order['id']}:cancel")
    assert (reply.status, reply.body) == (500, {"": ["Server Error"]})
    no_violations(client)


def test_dropped_response_after_commit_leaves_the_order_created(client, seeded):
    client.control("config", {"drop_next": 1})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        client.create_order("SO-1", [("MUG-1", 1)])
    (order,) = client.get("/2026-01/order?ReferenceIds=SO-1").body
    assert order["reference_id"] == "SO-1"
    retry = client.create_order("SO-1", [("MUG-1", 1)])
    assert retry.status == 422  # a client retrying learns it was already sent
    assert len(client.get("/2026-01/order").body) == 1


def test_latency(client):
    client.control("config", {"latency_ms": 200})
    started = time.monotonic()
    assert client.get("/2026-01/fulfillment-center").status == 200
    assert time.monotonic() - started >= 0.2
    client.control("reset", {})
    assert client.control("config").body["latency_ms"] == 0


def test_control_api_refuses_bad_input(client):
    assert client.control("config", {"no_such_knob": 1}).status == 400
    assert client.control("ship", {}).status == 400
    assert client.control("ship", {"order_id": 5}).status == 400
    assert client.call("POST", "/_emulator/nope", {}).status == 404
    assert client.call("POST", "/_emulator/seed", b"[1]").status == 400
