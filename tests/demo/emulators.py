"""The two emulators in threads on 127.0.0.1 (port 0), as ``openoms demo`` runs them as
processes, and reading the Shopify store back through ordinary GraphQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from openoms.demo.live_channels import SHIPBOB_TOKEN, SHOPIFY_TOKEN
from openoms_emulator.shipbob.app import Config
from openoms_emulator.shipbob.server import RunningEmulator, serve_in_thread
from openoms_emulator.shopify.app import ShopifyEmulator
from openoms_emulator.shopify.server import GRAPHQL_PATH, Running, start_in_thread

LEVELS_QUERY = """
query Levels($after: String) {
  inventoryItems(first: 25, after: $after) {
    nodes {
      sku
      inventoryLevels(first: 5) { nodes { location { id } quantities(names: ["available"]) { quantity } } }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""


@dataclass
class Emulators:
    shopify: Running
    shipbob: RunningEmulator

    def shopify_product_count(self) -> int:
        response = httpx.post(
            self.shopify.url + GRAPHQL_PATH,
            json={"query": "{ products(first: 250) { nodes { id } } }"},
            headers={"X-Shopify-Access-Token": SHOPIFY_TOKEN},
            timeout=10,
        )
        return len(response.json()["data"]["products"]["nodes"])

    def shopify_levels(self) -> dict[tuple[str, str], int]:
        """(SKU, location GID) → available, read with GraphQL queries as a client would."""
        found, after = {}, None
        while True:
            response = httpx.post(
                self.shopify.url + GRAPHQL_PATH,
                json={"query": LEVELS_QUERY, "variables": {"after": after}},
                headers={"X-Shopify-Access-Token": SHOPIFY_TOKEN},
                timeout=10,
            )
            page = response.json()["data"]["inventoryItems"]
            for item in page["nodes"]:
                for level in item["inventoryLevels"]["nodes"]:
                    quantity = level["quantities"][0]["quantity"]
                    found[(item["sku"], level["location"]["id"])] = quantity
            if not page["pageInfo"]["hasNextPage"]:
                return found
            after = page["pageInfo"]["endCursor"]


@contextmanager
def emulators_running() -> Iterator[Emulators]:
    shopify = start_in_thread(ShopifyEmulator(tokens=(SHOPIFY_TOKEN,)))
    shipbob = serve_in_thread(Config(tokens=[SHIPBOB_TOKEN]))
    try:
        yield Emulators(shopify, shipbob)
    finally:
        shopify.stop()
        shipbob.stop()
