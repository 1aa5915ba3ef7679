"""Fault knobs and the control API, and one smoke test of the real ``openoms-emulator`` process."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from openoms_emulator.shopify.server import GRAPHQL_PATH

from . import shopify_fixtures as fx
from .shopify_fixtures import ADJUST, quantities

# pytest fixtures, shared through the module (not a conftest the ShipBob tests would see)
client, clock, running, shop, shopify_schema = (
    fx.client,
    fx.clock,
    fx.running,
    fx.shop,
    fx.shopify_schema,
)


def adjust_variables(shop: dict, key: str, delta: int = 2) -> dict:
    item = shop["products"][0]["variants"][0]["inventoryItemId"]
    change = {
        "inventoryItemId": item,
        "locationId": shop["locations"][0]["id"],
        "delta": delta,
        "changeFromQuantity": None,
    }
    return {"input": {"name": "available", "reason": "correction", "changes": [change]}, "key": key}


def level(client, shop) -> int:
    item = shop["products"][0]["variants"][0]["inventoryItemId"]
    return quantities(client, item, shop["locations"][0]["id"])["available"]


def test_injected_5xx_answers_without_applying(client, shop):
    client.control("config", {"fail_next": 2, "fail_status": 502})
    assert client.gql(ADJUST, adjust_variables(shop, "k")) == (502, {"errors": "Bad Gateway"})
    assert client.gql(ADJUST, adjust_variables(shop, "k")) == (502, {"errors": "Bad Gateway"})
    assert level(client, shop) == 5
    assert client.gql(ADJUST, adjust_variables(shop, "k"))[0] == 200
    assert level(client, shop) == 7


def test_a_dropped_response_was_committed_and_a_retry_with_the_same_key_replays(client, shop):
    client.control("config", {"drop_next": 1})
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        client.gql(ADJUST, adjust_variables(shop, "retry-me"))
    assert level(client, shop) == 7  # committed, though the client saw no answer
    replay = client.data(ADJUST, adjust_variables(shop, "retry-me"))["inventoryAdjustQuantities"]
    assert replay["userErrors"] == []
    assert replay["inventoryAdjustmentGroup"]["changes"][0] == {
        "name": "available",
        "delta": 2,
        "quantityAfterChange": 7,
    }
    assert level(client, shop) == 7  # applied once


def test_latency_is_added_to_every_answer(client):
    client.control("config", {"latency_ms": 150})
    started = time.monotonic()
    assert client.gql("{ shop { name } }")[0] == 200
    assert time.monotonic() - started >= 0.15


def test_control_api_refuses_bad_config_and_resets_state(client, shop):
    status, body = client.request("POST", "/_emulator/config", {"colour": "red"})
    assert status == 400 and "unknown config keys ['colour']" in body["error"]
    assert client.request("POST", "/_emulator/config", {"plan": "gold"})[0] == 400
    assert client.request("POST", "/_emulator/config", {"fail_status": 404})[0] == 400
    assert client.request("POST", "/_emulator/nothing", {})[0] == 404
    status, state = client.request("GET", "/_emulator/state")
    assert status == 200 and [p["handle"] for p in state["products"]] == ["shirt"]
    assert state["config"]["plan"] == "standard" and state["config"]["bucket_size"] == 2000.0
    client.control("config", {"plan": "plus", "latency_ms": 5})
    client.control("reset")
    assert client.data("{ products(first: 5) { nodes { id } } }") == {"products": {"nodes": []}}
    config = client.request("GET", "/_emulator/state")[1]["config"]
    assert (config["plan"], config["latency_ms"]) == ("standard", 0)


def test_the_console_script_serves_the_schema(tmp_path):
    script = Path(sys.executable).with_name("openoms-emulator")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "openoms_emulator.cli"]
    process = subprocess.Popen(
        [*command, "shopify", "--port", "0", "--token", "shpat_smoke"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        banner = process.stdout.readline()
        assert "schema built in" in banner, (
            banner,
            process.stderr.read() if process.poll() else "",
        )
        url = banner.split()[2]
        assert url.endswith(GRAPHQL_PATH)
        request = urllib.request.Request(
            url,
            data=json.dumps({"query": "{ shop { name } }"}).encode(),
            headers={"Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_smoke"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = json.loads(response.read())
        assert body["data"] == {"shop": {"name": "OpenOMS emulated shop"}}
        assert body["extensions"]["cost"]["requestedQueryCost"] == 1
    finally:
        process.terminate()
        process.wait(timeout=10)
