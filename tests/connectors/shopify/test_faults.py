"""Faults over real HTTP: 5xx, dropped answers after commit, THROTTLED, answers that are not
JSON or carry GraphQL errors, expired tokens. Every retry is a Warning; the end state is right
and nothing is applied twice."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from openoms.connectors.base import ChannelAccess, ConnectorError
from openoms.connectors.shopify.connector import ShopifyConnector
from openoms.connectors.shopify.costs import Call
from openoms.connectors.types import QuantityDelta, QuantitySet, StockLevel
from tests.connectors.shopify_emulator import SHOP, TOKEN, item_of, location_of

APP_ID, APP_SECRET = "openoms-emulator-app", "shpss_emulator_secret"  # the emulator's default app


def test_5xx_answers_are_retried_with_a_warning_each(connect, shop, emulator):
    main = location_of(shop, "Main")
    emulator.control("config", {"fail_next": 2, "fail_status": 502})
    built = connect()
    assert built.connector.push_inventory([StockLevel("SH-S", main, 11)]) == 1
    assert emulator.available(item_of(shop, "SH-S"), main) == 11
    assert built.warnings() == [
        "Shopify LocationsPage failed (HTTP 502); retrying in 0.5 s (attempt 2 of 5).",
        "Shopify LocationsPage failed (HTTP 502); retrying in 1.0 s (attempt 3 of 5).",
    ]


def test_a_dropped_answer_is_retried_with_the_same_key_and_applied_once(connect, shop, emulator):
    # given the emulator commits the next request, then closes the connection unanswered
    main = location_of(shop, "Main")
    item = item_of(shop, "SH-S")  # 5 available
    built = connect()
    emulator.control("config", {"drop_next": 1})
    # when +5 is applied
    results = built.connector.adjust_quantities([QuantityDelta(item, main, 5, compare=5)])
    # then the retry replayed the first result: 10, not 15
    assert [r.applied for r in results] == [True]
    assert emulator.available(item, main) == 10
    assert len(built.warnings()) == 1
    assert built.warnings()[0].startswith("Shopify InventoryAdjustQuantities failed (network")
    assert len(built.sent("InventoryAdjustQuantities")) == 1  # the one answer: the replay


def test_throttled_waits_for_the_bucket_and_succeeds(connect, shop, emulator):
    # given a bucket of 20 points restoring 1 a second, 14 of them just used by another client
    main = location_of(shop, "Main")
    item = item_of(shop, "SH-S")
    emulator.control("config", {"restore_rate": 1})
    emulator.data(
        "mutation Use($id: ID!) { inventoryItemUpdate(id: $id, input: {tracked: true}) "
        "{ userErrors { message } } }",
        {"id": item},
    )
    emulator.data("query Use { locations(first: 2) { nodes { id } } }")
    built = connect()
    started = emulator.clock.now()
    # when a set of 10 points goes out
    results = built.connector.set_quantities([QuantitySet(item, main, 2, compare=5)])
    # then Shopify throttled it, the connector waited for the 4 missing points and succeeded
    assert [r.applied for r in results] == [True]
    assert built.warnings() == ["Shopify throttled InventorySetQuantities; retrying in 4.0 s."]
    assert emulator.clock.now() - started == pytest.approx(4.0)
    emulator.clock.advance(20)  # a full bucket again, for the read back
    assert emulator.available(item, main) == 2


def test_graphql_errors_are_a_clear_connector_error(connect, emulator):
    built = connect()
    with pytest.raises(ConnectorError) as failed:
        built.connector.client.run(Call("Broken", "query Broken { shop { nope } }", {}, 1))
    assert failed.value.message == (
        "Shopify refused Broken: Field 'nope' doesn't exist on type 'Shop' (undefinedField)."
    )
    assert built.notices == []


class Canned(BaseHTTPRequestHandler):
    """Answers every POST with ``status`` and ``body`` (an HTML error page, broken JSON)."""

    status, body, content_type, extra = 200, b"", "text/html", {}

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(self.status)
        for name, value in self.extra.items():
            self.send_header(name, value)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def slept() -> list[float]:
    return []


@pytest.fixture
def canned(slept):
    servers = []

    def serve(status: int, body: bytes, content_type="text/html", **extra) -> ShopifyConnector:
        handler = type("Handler", (Canned,), {"status": status, "body": body, "extra": extra})
        handler.content_type = content_type
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        host, port = server.server_address[:2]
        access = ChannelAccess({"shop_domain": SHOP, "access_token": TOKEN}, "channel 7")
        connector = ShopifyConnector(
            ChannelAccess(**{**access.__dict__, "base_url": f"http://{host}:{port}"}),
            sleep=slept.append,
        )
        return connector

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def test_an_html_error_page_is_a_clear_connector_error(canned):
    connector = canned(200, b"<html><body><h1>Oops</h1></body></html>")
    with pytest.raises(ConnectorError) as failed:
        connector.locations()
    assert failed.value.message == (
        "Shopify answered LocationsPage with something that is not JSON (HTTP 200, starting "
        "'<html><body><h1>Oops</h1></body></html>'): nothing was read from it."
    )


def test_malformed_json_is_a_clear_connector_error(canned):
    connector = canned(200, b'{"data": {"locations": ', "application/json")
    with pytest.raises(ConnectorError) as failed:
        connector.locations()
    assert failed.value.message.startswith(
        "Shopify answered LocationsPage with something that is not JSON (HTTP 200"
    )


def test_a_4xx_is_permanent(canned):
    connector = canned(403, b'{"errors": "Forbidden"}', "application/json")
    with pytest.raises(ConnectorError) as failed:
        connector.locations()
    assert failed.value.message == "Shopify refused LocationsPage (HTTP 403): Forbidden."


def test_429_waits_as_long_as_retry_after_says(canned, slept):
    connector = canned(
        429, b'{"errors": "Too Many Requests"}', "application/json", **{"Retry-After": "3"}
    )
    with pytest.raises(ConnectorError) as failed:
        connector.locations()
    assert failed.value.message == (
        "Shopify LocationsPage failed 5 times (HTTP 429 Too Many Requests); gave up."
    )
    assert slept == [3.0, 3.0, 3.0, 3.0]


def test_an_unreachable_store_gives_up_after_bounded_retries():
    # a port that nothing listens on: connection refused, every time
    with ThreadingHTTPServer(("127.0.0.1", 0), Canned) as closed:
        port = closed.server_address[1]
    notices = []
    access = ChannelAccess(
        {"shop_domain": SHOP, "access_token": TOKEN},
        "channel 7",
        base_url=f"http://127.0.0.1:{port}",
        report=notices.append,
    )
    slept = []
    with pytest.raises(ConnectorError) as failed:
        ShopifyConnector(access, sleep=slept.append).locations()
    assert failed.value.message.startswith("Shopify LocationsPage failed 5 times (network error")
    assert slept == [0.5, 1.0, 2.0, 4.0]
    assert len(notices) == 4


def test_an_expired_token_is_renewed_with_client_credentials(connect, shop, emulator):
    # given a channel with the app's client id and secret (no token yet)
    main = location_of(shop, "Main")
    built = connect(access_token=None, client_id=APP_ID, client_secret=APP_SECRET)
    assert built.connector.push_inventory([StockLevel("SH-S", main, 1)]) == 1
    first = built.saved[0]["access_token"]
    # when Shopify stops accepting that token mid-run
    emulator.control("config", {"expire_token": first})
    assert built.connector.push_inventory([StockLevel("SH-S", main, 2)]) == 1
    # then a new token was obtained, stored with its expiry, and the run went on
    assert len(built.saved) == 2
    renewed = built.saved[1]
    assert renewed["access_token"] not in ("", first)
    assert renewed["client_secret"] == APP_SECRET
    expires = datetime.fromisoformat(renewed["access_token_expires_at"])
    assert expires - datetime.now(UTC) == pytest.approx(
        timedelta(seconds=86399), abs=timedelta(seconds=60)
    )
    assert emulator.available(item_of(shop, "SH-S"), main) == 2


def test_an_expired_admin_token_is_a_clear_error(connect, shop, emulator):
    emulator.control("config", {"expire_token": TOKEN})
    with pytest.raises(ConnectorError) as failed:
        connect().connector.locations()
    assert failed.value.message == (
        "Shopify refused the access token of channel 7 (HTTP 401): update the Admin API access "
        "token in the channel's credentials (or give the app's client id and secret so OpenOMS "
        "can renew it)."
    )


def test_wrong_client_credentials_are_a_clear_error(connect, emulator):
    with pytest.raises(ConnectorError) as failed:
        connect(access_token=None, client_id=APP_ID, client_secret="wrong").connector.locations()
    assert failed.value.message.startswith(
        "Shopify refused the app's client id and secret of channel 7 (HTTP 401"
    )


def test_refresh_authorization_renews_or_checks(connect, emulator):
    # with client credentials: a new token, valid for a day
    renewing = connect(access_token=None, client_id=APP_ID, client_secret=APP_SECRET)
    expires = renewing.connector.refresh_authorization()
    assert expires - datetime.now(UTC) == pytest.approx(
        timedelta(seconds=86399), abs=timedelta(seconds=60)
    )
    assert [s["access_token_expires_at"] for s in renewing.saved] == [expires.isoformat()]
    # with an admin token: checked with shop { id }, it does not expire
    plain = connect()
    assert plain.connector.refresh_authorization() is None
    assert [call.name for call, _ in plain.answered] == ["ShopCheck"]


@pytest.mark.parametrize(
    ("credentials", "message"),
    [
        (
            {"shop_domain": "my-store.example.com", "access_token": TOKEN},
            "The shop domain 'my-store.example.com' is not a Shopify store: give its myshopify "
            "domain, e.g. my-store.myshopify.com.",
        ),
        (
            {"shop_domain": SHOP},
            "The Shopify credentials of channel 7 need an Admin API access token, or the app's "
            "client id and client secret.",
        ),
        (
            {"shop_domain": SHOP, "client_id": APP_ID},
            "The Shopify credentials of channel 7 need an Admin API access token, or the app's "
            "client id and client secret.",
        ),
    ],
)
def test_incomplete_credentials_are_refused_on_first_use(credentials, message):
    connector = ShopifyConnector(ChannelAccess(credentials, "channel 7"))  # the registry's way
    with pytest.raises(ConnectorError) as refused:
        connector.locations()
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("typed", "domain"),
    [
        ("my-store", "my-store.myshopify.com"),
        ("My-Store.myshopify.com", "my-store.myshopify.com"),
        ("https://my-store.myshopify.com/admin", "my-store.myshopify.com"),
    ],
)
def test_the_shop_domain_is_normalised(typed, domain):
    connector = ShopifyConnector(ChannelAccess({"shop_domain": typed, "access_token": "t"}, "c"))
    assert (connector.domain, connector.base) == (domain, f"https://{domain}")


def test_a_new_token_refused_too_is_a_clear_error(connect, emulator):
    # given every token the app gets is refused (e.g. the app lost its installation)
    built = connect(access_token=None, client_id=APP_ID, client_secret=APP_SECRET)
    built.connector.tokens.current()
    emulator.control("config", {"token_lifetime_seconds": 0})
    emulator.control("config", {"expire_token": built.saved[-1]["access_token"]})
    # when
    with pytest.raises(ConnectorError) as failed:
        built.connector.locations()
    # then it got one new token, then gave up
    assert len(built.saved) == 2
    assert failed.value.message == (
        "Shopify refused even a new access token of channel 7 (HTTP 401): check that the app "
        "is installed on the store with the scopes OpenOMS needs."
    )
