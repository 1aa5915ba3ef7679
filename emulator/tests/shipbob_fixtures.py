"""Fixtures of the ShipBob emulator tests: a server on 127.0.0.1 (port 0) in a thread, a fake
clock, and a tiny HTTP client (stdlib only: the emulator's tests need neither Django nor
OpenOMS)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

from openoms_emulator.shipbob.app import Config
from openoms_emulator.shipbob.contract import Contract
from openoms_emulator.shipbob.server import RunningEmulator, serve_in_thread

TOKEN = "test-pat"
CHANNEL = "1"
FC_EAST, FC_WEST = 10, 11
_CONTRACT: list[Contract] = []


def contract() -> Contract:
    if not _CONTRACT:
        _CONTRACT.append(Contract.load())
    return _CONTRACT[0]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Reply:
    status: int
    body: object
    headers: dict[str, str]


class Client:
    def __init__(self, running: RunningEmulator, token: str | None = TOKEN) -> None:
        self.running = running
        self.url = running.url
        self.token = token

    def call(
        self, method: str, path: str, body=None, headers=None, token: str | None = ""
    ) -> Reply:
        sent = {"content-type": "application/json"}
        token = self.token if token == "" else token
        if token is not None and not path.startswith("/_emulator/"):
            sent["authorization"] = f"Bearer {token}"
        sent.update(headers or {})
        data = (
            None
            if body is None
            else (body if isinstance(body, bytes) else json.dumps(body).encode())
        )
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw, status, got = response.read(), response.status, response.headers
        except urllib.error.HTTPError as exc:
            raw, status, got = exc.read(), exc.code, exc.headers
        return Reply(
            status, json.loads(raw) if raw else None, {k.lower(): v for k, v in got.items()}
        )

    def get(self, path: str, **kw) -> Reply:
        return self.call("GET", path, **kw)

    def post(self, path: str, body=None, **kw) -> Reply:
        return self.call("POST", path, body, **kw)

    def control(self, name: str, body=None) -> Reply:
        reply = self.call("POST" if body is not None else "GET", f"/_emulator/{name}", body)
        return reply

    def create_order(self, reference: str, lines: list[tuple[str, int]], **extra) -> Reply:
        return self.post(
            "/2026-01/order",
            order_body(reference, lines, **extra),
            headers={"shipbob_channel_id": CHANNEL},
        )

    def levels(self, inventory_id: int) -> dict[int, dict]:
        reply = self.get(f"/2026-01/inventory-level/locations?InventoryIds={inventory_id}")
        assert reply.status == 200, reply.body
        (item,) = reply.body["items"]
        return {loc["location_id"]: loc for loc in item["locations"]}


def order_body(reference: str, lines: list[tuple[str, int]], **extra) -> dict:
    return {
        "reference_id": reference,
        "shipping_method": "Standard",
        "type": "DTC",
        "recipient": {
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "address": {
                "address1": "1 Main St",
                "city": "Austin",
                "state": "TX",
                "country": "US",
                "zip_code": "78701",
            },
        },
        "products": [{"reference_id": sku, "name": sku, "quantity": q} for sku, q in lines],
        **extra,
    }


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def running(clock):
    server = serve_in_thread(Config(tokens=[TOKEN]), clock=clock, contract=contract())
    yield server
    server.stop()


@pytest.fixture
def client(running) -> Client:
    return Client(running)


@pytest.fixture
def seeded(client) -> dict[str, int]:
    """Two fulfillment centers, MUG-1 (20 east, 5 west) and TEE-1 (none): sku -> inventory id."""
    reply = client.control(
        "seed",
        {
            "fulfillment_centers": [
                {"id": FC_EAST, "name": "Cicero (IL)"},
                {"id": FC_WEST, "name": "Moreno Valley (CA)"},
            ],
            "products": [{"name": "Mug", "sku": "MUG-1"}, {"name": "Tee", "sku": "TEE-1"}],
            "inventory": [
                {"sku": "MUG-1", "fulfillment_center_id": FC_EAST, "on_hand": 20},
                {"sku": "MUG-1", "fulfillment_center_id": FC_WEST, "on_hand": 5},
            ],
        },
    )
    assert reply.status == 200, reply.body
    return {p["sku"]: p["inventory_id"] for p in reply.body["products"]}


def no_violations(client: Client) -> None:
    state = client.control("state").body
    assert state["contract_violations"] == []
