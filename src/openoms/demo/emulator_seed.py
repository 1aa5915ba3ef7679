"""What the demo puts into the Shopify and ShipBob emulators, through their ``/_emulator/``
control APIs (plain HTTP: OpenOMS never imports the emulator package).

The emulated store sells the Northwind Apparel catalog under the same SKUs at two locations
(Toronto DC, fed by OpenOMS's TOR-1, and ShipBob Chicago, fed by CHI-1), with quantities that
differ from OpenOMS's, so the first Export Inventory visibly changes them. The emulated ShipBob
account holds the same SKUs at one fulfillment center with stock that OpenOMS does not know yet,
so the first Import Inventory visibly brings it in. Both emulators are reset first, so the seed
is the same on every start and the ids they hand out are too (``LiveTargets.default``).
"""

from __future__ import annotations

import httpx

from openoms.demo.catalog import PRODUCTS, variant_skus
from openoms.demo.live_channels import (
    LIVE_ACCOUNT,
    SHIPBOB_CENTER,
    SHOPIFY_LOCATIONS,
    LiveTargets,
)

TIMEOUT_S = 10


class EmulatorSeedFailed(Exception):
    """An emulator refused the demo's seed, or could not be reached; the message says which."""


def apparel_skus() -> list[tuple[str, list[tuple[str, str]]]]:
    """(product title, [(variant name, SKU)]) of the account the live channels belong to."""
    return [
        (name, list(zip(variant_names, variant_skus(stem, variant_names), strict=True)))
        for name, _, stem, variant_names, _, _ in PRODUCTS[LIVE_ACCOUNT]
    ]


def shopify_seed() -> dict:
    """The store: its locations, then the products with a level at each location."""
    locations = [name for name, _ in SHOPIFY_LOCATIONS.values()]
    products, index = [], 0
    for title, variants in apparel_skus():
        rows = []
        for variant_name, sku in variants:
            levels = [
                {"location": location, "available": (index * 5 + spot * 17 + 3) % 45}
                for spot, location in enumerate(locations)
            ]
            rows.append({"sku": sku, "option": variant_name, "levels": levels})
            index += 1
        products.append({"title": title, "option_name": "Variant", "variants": rows})
    return {"locations": [{"name": name} for name in locations], "products": products}


def shipbob_seed() -> dict:
    """The 3PL account: its fulfillment center, the products and their on-hand counts there."""
    center_id, center_name = SHIPBOB_CENTER
    products, inventory, index = [], [], 0
    for title, variants in apparel_skus():
        products.append(
            {"name": title, "variants": [{"sku": sku, "name": name} for name, sku in variants]}
        )
        for _, sku in variants:
            quantity = 12 + (index * 11) % 70
            inventory.append({"sku": sku, "fulfillment_center_id": center_id, "on_hand": quantity})
            index += 1
    center = {"id": center_id, "name": center_name, "city": "Chicago", "state": "IL"}
    return {"fulfillment_centers": [center], "products": products, "inventory": inventory}


def _post(client: httpx.Client, url: str, body: dict, what: str) -> dict:
    try:
        response = client.post(url, json=body)
    except httpx.HTTPError as exc:
        raise EmulatorSeedFailed(f"Cannot reach the {what} at {url}: {exc}") from exc
    if response.status_code != 200:
        raise EmulatorSeedFailed(
            f"The {what} refused {url} (HTTP {response.status_code}): {response.text[:300]}"
        )
    return response.json()


def control_post(url: str, body: dict, what: str) -> dict:
    """One call of an emulator's control API (``EmulatorSeedFailed`` when refused)."""
    with httpx.Client(timeout=TIMEOUT_S) as client:
        return _post(client, url, body, what)


def seed_emulators(shopify_url: str, shipbob_url: str) -> LiveTargets:
    """Reset and seed both emulators; → where the live channels point and the ids the emulators
    gave the Shopify locations (read back, so the warehouse mappings always match)."""
    with httpx.Client(timeout=TIMEOUT_S) as client:
        _post(client, f"{shopify_url}/_emulator/reset", {}, "Shopify emulator")
        created = _post(client, f"{shopify_url}/_emulator/seed", shopify_seed(), "Shopify emulator")
        _post(client, f"{shipbob_url}/_emulator/reset", {}, "ShipBob emulator")
        _post(client, f"{shipbob_url}/_emulator/seed", shipbob_seed(), "ShipBob emulator")
    by_name = {location["name"]: location["id"] for location in created["locations"]}
    locations = {code: by_name[name] for code, (name, _) in SHOPIFY_LOCATIONS.items()}
    return LiveTargets(shopify_url, shipbob_url, locations)
