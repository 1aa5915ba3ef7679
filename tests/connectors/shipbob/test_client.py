"""The ShipBob client: its rate limit kept (the window waits instead of meeting 429), a 429
waited out, refusals and answers that are not ShipBob's (an HTML page, the wrong shape) turned
into clear errors. Over real HTTP where a server can say it (the emulator, a page server)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from openoms.connectors.base import ChannelAccess, ConnectorError, Notice
from openoms.connectors.shipbob import ShipBob
from openoms.connectors.shipbob.ratelimit import SlidingWindow, window_for
from openoms.connectors.types import ProductData
from tests.connectors.shipbob.emulator import FakeClock

NO_NETWORK = httpx.MockTransport(lambda request: pytest.fail(f"called {request.url}"))
HTML = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


def test_the_window_waits_before_shipbob_would_refuse(emulator):
    # given ShipBob allows 3 calls a minute (it says so in x-remaining-calls)
    emulator.control("config", {"rate_limit": 3})
    shipbob = emulator.connector()
    # when 5 calls are made
    answers = [shipbob.fulfillment_centers() for _ in range(5)]
    # then the 4th waited for the first call to leave ShipBob's window; no 429 was met
    assert answers == [[]] * 5
    assert emulator.clock.slept == [60.0]
    assert emulator.warnings() == []


def test_a_429_is_waited_out_as_x_retry_after_asks(emulator):
    # given another client of the same token used ShipBob's 2 calls of the minute 15 s ago
    emulator.control("config", {"rate_limit": 2})
    assert [emulator.api("GET", "/fulfillment-center").status_code for _ in "ab"] == [200, 200]
    emulator.clock.advance(15)
    shipbob = emulator.connector()
    # when
    centers = shipbob.fulfillment_centers()
    # then
    assert centers == []
    assert emulator.clock.slept == [45.0]
    assert emulator.warnings() == [
        "ShipBob could not list the fulfillment centers: the rate limit was reached (429); "
        "retrying in 45 s."
    ]


def test_the_window_counts_150_calls_a_minute_per_token():
    # given
    clock = FakeClock()
    window = SlidingWindow(clock=clock, sleep=clock.sleep)
    # when
    waits = [window.acquire() for _ in range(151)]
    clock.advance(30)
    window.observe(0)  # ShipBob: nothing left (another process used it)
    # then
    assert waits == [0.0] * 150 + [60.0]
    assert window.used() == 150
    assert window_for("pat-a") is window_for("pat-a") and window_for("pat-a") is not window_for("b")


def test_a_refused_token_says_so(emulator):
    shipbob = emulator.connector(api_token="not-the-token")
    with pytest.raises(ConnectorError) as refused:
        list(shipbob.fetch_products())
    assert refused.value.message == (
        "ShipBob refused the personal access token of channel 7 (401) to list the products: "
        "check the token in the channel's credentials."
    )


def test_a_missing_token_is_refused_before_any_call():
    shipbob = ShipBob(ChannelAccess({"channel_id": "1"}, "channel 9"), transport=NO_NETWORK)
    with pytest.raises(ConnectorError) as refused:
        shipbob.fulfillment_centers()
    assert refused.value.message == (
        "The ShipBob channel (channel 9) has no personal access token: enter it in the "
        "channel's credentials."
    )


@pytest.fixture
def page_server():
    """A server on 127.0.0.1 that answers every request with an HTML page and the status set
    in ``state["status"]`` (a proxy's error page, a wrong base URL)."""
    state = {"status": 200, "requests": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state["requests"] += 1
            self.send_response(state["status"])
            self.send_header("content-type", "text/html")
            self.send_header("content-length", str(len(HTML)))
            self.end_headers()
            self.wfile.write(HTML)

        def log_message(self, *args):
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def html_connector(page_server, notices: list, clock: FakeClock) -> ShipBob:
    access = ChannelAccess({"api_token": "pat"}, "channel 4", page_server["url"], notices.append)
    window = SlidingWindow(clock=clock, sleep=clock.sleep)
    return ShipBob(access, window=window, sleep=clock.sleep)


@pytest.mark.parametrize(
    ("status", "message", "requests"),
    [
        (
            200,
            "ShipBob answered the request to list the fulfillment centers with 200 and a body that "
            "is not JSON (an HTML page: '502 Bad Gateway').",
            1,
        ),
        (
            404,
            "ShipBob answered the request to list the fulfillment centers with 404 and a body that "
            "is not JSON (an HTML page: '502 Bad Gateway').",
            1,
        ),
        (
            502,
            "ShipBob could not list the fulfillment centers: ShipBob failed with 502 (an HTML page: "
            "'502 Bad Gateway') (gave up after 3 retries).",
            4,
        ),
    ],
)
def test_an_html_page_is_a_clear_error(page_server, status, message, requests):
    # given
    page_server["status"] = status
    notices: list[Notice] = []
    shipbob = html_connector(page_server, notices, FakeClock())
    # when
    with pytest.raises(ConnectorError) as failed:
        shipbob.fulfillment_centers()
    # then
    assert failed.value.message == message
    assert (page_server["requests"], len(notices)) == (requests, requests - 1)


def mock_connector(answers: dict, notices: list | None = None) -> ShipBob:
    def answer(request: httpx.Request) -> httpx.Response:
        status, body = answers[(request.method, request.url.path)]
        return httpx.Response(status, json=body)

    sink = [] if notices is None else notices
    access = ChannelAccess({"api_token": "pat"}, "channel 5", report=sink.append)
    window = SlidingWindow(clock=lambda: 0.0, sleep=lambda s: None)
    return ShipBob(access, window=window, transport=httpx.MockTransport(answer))


def test_an_answer_of_the_wrong_shape_is_a_clear_error():
    shipbob = mock_connector({("GET", "/2026-01/fulfillment-center"): (200, {"items": []})})
    with pytest.raises(ConnectorError) as failed:
        shipbob.fulfillment_centers()
    assert failed.value.message == (
        "ShipBob answered the request to list the fulfillment centers with a response that is not "
        "the shape its API declares: a list was expected."
    )


def test_a_duplicate_sku_met_while_creating_is_already_there_and_other_refusals_fail():
    # given a catalog read empty, then a create refused because the SKU appeared meanwhile
    empty = (200, {"items": [], "next": None})
    notices: list[Notice] = []
    duplicate = (422, {"variants.sku": ["A variant with SKU 'A' already exists."]})
    shipbob = mock_connector(
        {("GET", "/2026-01/product"): empty, ("POST", "/2026-01/product"): duplicate}, notices
    )
    # when
    received = shipbob.push_products([ProductData("A", "Alpha")])
    # then
    assert received == 1
    assert notices == [Notice("info", "ShipBob received 1 SKU: 0 created, 1 already there.")]
    # given a refusal of another kind
    invalid = (400, {"variants[0].weight": ["The weight must be positive."]})
    shipbob = mock_connector(
        {("GET", "/2026-01/product"): empty, ("POST", "/2026-01/product"): invalid}
    )
    with pytest.raises(ConnectorError) as failed:
        shipbob.push_products([ProductData("A", "Alpha")])
    assert failed.value.message == (
        "ShipBob refused to create a product (400): variants[0].weight: The weight must be "
        "positive."
    )
