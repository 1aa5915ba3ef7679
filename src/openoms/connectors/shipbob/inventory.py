"""ShipBob's stock by fulfillment center (``GET /inventory-level/locations``, every page) and its
fulfillment centers (``GET /fulfillment-center``).

On hand is ``on_hand_quantity``: "Total quantity physically present at this location" — units
committed to orders not yet shipped included (they are still on the shelf; ShipBob's
``fulfillable_quantity`` is on hand minus committed), units still awaited on receiving orders
excluded (``awaiting_quantity``). That is OpenOMS's Total at the warehouse.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from openoms.connectors.shipbob.client import (
    ShipBobClient,
    expect_list,
    expect_object,
    shape_error,
)
from openoms.connectors.types import StockLevel

PAGE_SIZE = 250
LEVELS, CENTERS = "read the inventory levels by fulfillment center", "list the fulfillment centers"


def fetch_inventory(
    client: ShipBobClient, skus: Sequence[str], locations: Sequence[str]
) -> Iterator[StockLevel]:
    """The on-hand count of every ShipBob item at each asked fulfillment center (its id, the
    warehouse mapping's external id); an item ShipBob lists but not at an asked center has 0
    there (ShipBob lists only centers that hold, await or owe it). ShipBob cannot filter by
    SKU: items OpenOMS did not ask about are reported too, and the caller sorts them out. With
    no asked center (none mapped), every center ShipBob lists is reported."""
    del skus  # ShipBob lists everything; the caller translates and filters
    centers = [location for location in locations if location.strip().isdigit()]
    # Not filtered by LocationId: an item ShipBob no longer holds at a center would vanish from
    # the answer, and OpenOMS would keep its old count there instead of 0.
    for item in client.pages(LEVELS, "/inventory-level/locations", {"PageSize": PAGE_SIZE}):
        yield from _item_levels(item, centers)


def _item_levels(item: dict, centers: list[str]) -> Iterator[StockLevel]:
    sku = item.get("sku")
    if not sku:
        return
    on_hand: dict[str, int] = {}
    for location in item.get("locations") or []:
        location = expect_object(LEVELS, location)
        quantity, center = location.get("on_hand_quantity"), location.get("location_id")
        if not isinstance(quantity, int) or not isinstance(center, int):
            raise shape_error(LEVELS, "a location without location_id or on_hand_quantity")
        on_hand[str(center)] = on_hand.get(str(center), 0) + quantity
    for center in centers or list(on_hand):
        yield StockLevel(str(sku), center, on_hand.get(center, 0))


def fulfillment_centers(client: ShipBobClient) -> list[tuple[str, str]]:
    """(id, name) of each fulfillment center the account can use, as ShipBob lists them."""
    reply = client.call(CENTERS, "GET", "/fulfillment-center")
    centers = []
    for center in expect_list(CENTERS, reply.body):
        center = expect_object(CENTERS, center)
        if not isinstance(center.get("id"), int):
            raise shape_error(CENTERS, "a fulfillment center without an id")
        centers.append((str(center["id"]), str(center.get("name") or center["id"])))
    return centers
