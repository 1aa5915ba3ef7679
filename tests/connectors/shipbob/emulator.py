"""The ShipBob emulator for the connector's tests: a server on 127.0.0.1 (port 0) in a thread,
sharing a fake clock with the connector (its rate-limit window and its pauses advance the clock:
no test sleeps), its control API, and a connector pointed at it that records its notices."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
import pytest

from openoms.connectors.base import ChannelAccess, Notice
from openoms.connectors.shipbob import ShipBob
from openoms.connectors.shipbob.ratelimit import SlidingWindow
from openoms_emulator.shipbob.app import Config
from openoms_emulator.shipbob.contract import Contract
from openoms_emulator.shipbob.server import RunningEmulator, serve_in_thread

TOKEN = "connector-test-pat"
CHANNEL_ID = "1"
FC_EAST, FC_WEST = 10, 11
_CONTRACT: list[Contract] = []
_HTTP = httpx.Client(timeout=5)  # the tests' own calls (control API, another client)


class FakeClock:
    """Seconds that move only when something waits (``sleep``) or a test advances them."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@dataclass
class Emulator:
    running: RunningEmulator
    clock: FakeClock
    notices: list[Notice] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.running.url

    def control(self, name: str, body: dict | None = None) -> dict:
        """Call ``/_emulator/<name>`` (POST with a body, else GET); its JSON answer."""
        url = f"{self.url}/_emulator/{name}"
        response = _HTTP.post(url, json=body) if body is not None else _HTTP.get(url)
        assert response.status_code == 200, response.text
        return response.json()

    def api(self, method: str, path: str, **kwargs) -> httpx.Response:
        """A raw ShipBob call with the test token (another client of the same account)."""
        headers = {"Authorization": f"Bearer {TOKEN}", **kwargs.pop("headers", {})}
        return _HTTP.request(method, f"{self.url}/2026-01{path}", headers=headers, **kwargs)

    def connector(
        self, limit: int = 150, transport: httpx.BaseTransport | None = None, **credentials
    ) -> ShipBob:
        """A connector on this emulator with its own rate-limit window on the fake clock (and
        ``transport`` between them, when given)."""
        access = ChannelAccess(
            credentials={"api_token": TOKEN, "channel_id": CHANNEL_ID, **credentials},
            channel_ref="channel 7",
            base_url=self.url,
            report=self.notices.append,
        )
        window = SlidingWindow(limit=limit, clock=self.clock, sleep=self.clock.sleep)
        return ShipBob(access, window=window, sleep=self.clock.sleep, transport=transport)

    def seed(self, **body) -> dict[str, int]:
        """Seed the emulator; SKU → inventory id of the products created."""
        created = self.control("seed", body)
        return {p["sku"]: p["inventory_id"] for p in created["products"]}

    def warnings(self) -> list[str]:
        return [n.message for n in self.notices if n.level == "warning"]

    def violations(self) -> list:
        return self.control("state")["contract_violations"]


def emulator_contract() -> Contract:
    if not _CONTRACT:
        _CONTRACT.append(Contract.load())
    return _CONTRACT[0]


@pytest.fixture(scope="module")
def emulator_server():
    """One emulator per test module (starting and stopping one costs half a second)."""
    clock = FakeClock()
    running = serve_in_thread(Config(tokens=[TOKEN]), clock=clock, contract=emulator_contract())
    yield running, clock
    running.stop()


@pytest.fixture
def emulator(emulator_server):
    """The module's emulator, reset: empty state, default limits, no faults, clock at 1000."""
    running, clock = emulator_server
    clock.now, clock.slept = 1000.0, []
    emulator = Emulator(running, clock)
    emulator.control("reset", {})
    emulator.control("config", {"tokens": [TOKEN], "rate_limit": 150, "rate_window_seconds": 60})
    return emulator


def seed_two_centers(emulator: Emulator) -> dict[str, int]:
    """Two fulfillment centers; MUG-1 (20 east, 5 west), TEE-S (7 west), CAP (none)."""
    return emulator.seed(
        fulfillment_centers=[
            {"id": FC_EAST, "name": "Cicero (IL)"},
            {"id": FC_WEST, "name": "Moreno Valley (CA)"},
        ],
        products=[
            {"name": "Enamel Mug", "sku": "MUG-1"},
            {"name": "Tee", "variants": [{"sku": "TEE-S", "name": "S"}]},
            {"name": "Canvas Cap", "sku": "CAP"},
        ],
        inventory=[
            {"sku": "MUG-1", "fulfillment_center_id": FC_EAST, "on_hand": 20},
            {"sku": "MUG-1", "fulfillment_center_id": FC_WEST, "on_hand": 5},
            {"sku": "TEE-S", "fulfillment_center_id": FC_WEST, "on_hand": 7},
        ],
    )
