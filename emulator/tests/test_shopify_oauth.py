"""Client credentials tokens: ``POST /admin/oauth/access_token`` and their expiry on the clock."""

from __future__ import annotations

from openoms_emulator.shopify.errors import INVALID_TOKEN
from openoms_emulator.shopify.oauth import DEFAULT_APPS, DEFAULT_SCOPE

from . import shopify_fixtures as fx

client, clock, running, shopify_schema = fx.client, fx.clock, fx.running, fx.shopify_schema

TOKEN_PATH = "/admin/oauth/access_token"
DEFAULT_ID, DEFAULT_SECRET = next(iter(DEFAULT_APPS.items()))
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def form(client_id: str, secret: str, grant: str = "client_credentials") -> bytes:
    return f"grant_type={grant}&client_id={client_id}&client_secret={secret}".encode()


def test_the_default_app_gets_a_token_that_the_graphql_endpoint_accepts(client):
    status, body = client.request("POST", TOKEN_PATH, form(DEFAULT_ID, DEFAULT_SECRET), FORM)
    assert status == 200
    assert set(body) == {"access_token", "scope", "expires_in"}
    assert body["access_token"].startswith("shpat_") and len(body["access_token"]) == 38
    assert (body["scope"], body["expires_in"]) == (DEFAULT_SCOPE, 86399)
    status, answer = client.gql("{ shop { name } }", token=body["access_token"])
    assert (status, answer["data"]) == (200, {"shop": {"name": "OpenOMS emulated shop"}})


def test_a_configured_app_exchanges_json_and_a_wrong_secret_is_refused(client):
    client.control("config", {"apps": [{"client_id": "app-1", "client_secret": "s3cret"}]})
    json_body = {
        "grant_type": "client_credentials",
        "client_id": "app-1",
        "client_secret": "s3cret",
    }
    status, body = client.request(
        "POST", TOKEN_PATH, json_body, {"Content-Type": "application/json"}
    )
    assert status == 200 and body["expires_in"] == 86399
    assert client.request("POST", TOKEN_PATH, form("app-1", "wrong"), FORM) == (
        401,
        {
            "error": "invalid_client",
            "error_description": "Client authentication failed due to unknown client or "
            "invalid client secret.",
        },
    )
    # the default app was replaced by the configured list
    assert client.request("POST", TOKEN_PATH, form(DEFAULT_ID, DEFAULT_SECRET), FORM)[0] == 401
    status, body = client.request("POST", TOKEN_PATH, form("app-1", "s3cret", "password"), FORM)
    assert (status, body["error"]) == (400, "unsupported_grant_type")
    status, body = client.request("POST", TOKEN_PATH, b"grant_type=client_credentials", FORM)
    assert (status, body["error"]) == (400, "invalid_request")


def test_an_issued_token_expires_on_the_emulators_clock(client, clock):
    client.control("config", {"token_lifetime_seconds": 60})
    body = client.request("POST", TOKEN_PATH, form(DEFAULT_ID, DEFAULT_SECRET), FORM)[1]
    token = body["access_token"]
    assert body["expires_in"] == 60
    clock.advance(59)
    assert client.gql("{ shop { name } }", token=token)[0] == 200
    clock.advance(1)
    assert client.gql("{ shop { name } }", token=token) == (401, {"errors": INVALID_TOKEN})
    renewed = client.request("POST", TOKEN_PATH, form(DEFAULT_ID, DEFAULT_SECRET), FORM)[1]
    assert renewed["access_token"] != token
    assert client.gql("{ shop { name } }", token=renewed["access_token"])[0] == 200


def test_expire_token_also_revokes_an_issued_token(client):
    token = client.request("POST", TOKEN_PATH, form(DEFAULT_ID, DEFAULT_SECRET), FORM)[1][
        "access_token"
    ]
    client.control("config", {"expire_token": token})
    assert client.gql("{ shop { name } }", token=token) == (401, {"errors": INVALID_TOKEN})
    assert client.gql("{ shop { name } }")[0] == 200  # the static token is untouched


def test_tokens_of_one_app_share_its_cost_bucket(client):
    tokens = [
        client.request("POST", TOKEN_PATH, form(DEFAULT_ID, DEFAULT_SECRET), FORM)[1][
            "access_token"
        ]
        for _ in range(2)
    ]
    first = client.gql("{ shop { name } }", token=tokens[0])[1]["extensions"]["cost"]
    second = client.gql("{ shop { name } }", token=tokens[1])[1]["extensions"]["cost"]
    assert first["throttleStatus"]["currentlyAvailable"] == 1999
    assert second["throttleStatus"]["currentlyAvailable"] == 1998
    static = client.gql("{ shop { name } }")[1]["extensions"]["cost"]
    assert static["throttleStatus"]["currentlyAvailable"] == 1999  # a static token is its own
