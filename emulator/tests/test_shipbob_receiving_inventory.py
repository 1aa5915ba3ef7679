"""Receiving orders (WROs) received partly then fully on command, moving the stock read back
through /inventory-level/locations; products created and listed; paginated inventory."""

from __future__ import annotations

from . import shipbob_fixtures as sb
from .shipbob_fixtures import FC_EAST, FC_WEST, no_violations

# pytest fixtures, shared through the module (not a conftest the Shopify tests would see)
client, clock, running, seeded = sb.client, sb.clock, sb.running, sb.seeded


def wro_body(items: list[tuple[int, int]], fc: int = FC_WEST) -> dict:
    return {
        "fulfillment_center": {"id": fc},
        "package_type": "Package",
        "box_packaging_type": "OneSkuPerBox",
        "expected_arrival_date": "2026-02-01T09:00:00Z",
        "purchase_order_number": "PO-7",
        "boxes": [
            {"tracking_number": f"BOX-{i}", "box_items": [{"inventory_id": inv, "quantity": q}]}
            for i, (inv, q) in enumerate(items)
        ],
    }


def test_wro_received_partly_then_fully_moves_inventory(client, seeded):
    mug = seeded["MUG-1"]
    created = client.post("/2026-01/receiving", wro_body([(mug, 10)]))
    assert created.status == 201
    wro = created.body
    assert (wro["status"], wro["purchase_order_number"], wro["fulfillment_center"]["id"]) == (
        "Awaiting",
        "PO-7",
        FC_WEST,
    )
    west = client.levels(mug)[FC_WEST]
    assert (west["on_hand_quantity"], west["awaiting_quantity"]) == (5, 10)

    part = client.control(
        "receive", {"wro_id": wro["id"], "lines": [{"inventory_id": mug, "quantity": 4}]}
    )
    assert (part.status, part.body["status"]) == (200, "Processing")
    read = client.get(f"/2026-01/receiving/{wro['id']}").body
    assert read["status"] == "Processing"
    assert [
        (q["expected_quantity"], q["received_quantity"]) for q in read["inventory_quantities"]
    ] == [(10, 4)]
    west = client.levels(mug)[FC_WEST]
    assert (west["on_hand_quantity"], west["awaiting_quantity"], west["fulfillable_quantity"]) == (
        9,
        6,
        9,
    )
    assert client.levels(mug)[FC_EAST]["on_hand_quantity"] == 20  # the other center is untouched

    full = client.control("receive", {"wro_id": wro["id"]})
    assert full.body["status"] == "Completed"
    read = client.get(f"/2026-01/receiving/{wro['id']}").body
    assert [h["status"] for h in read["status_history"]] == ["Awaiting", "Processing", "Completed"]
    west = client.levels(mug)[FC_WEST]
    assert (west["on_hand_quantity"], west["awaiting_quantity"]) == (15, 0)
    totals = client.get(f"/2026-01/inventory-level?InventoryIds={mug}").body["items"][0]
    assert (totals["total_on_hand_quantity"], totals["total_fulfillable_quantity"]) == (35, 35)
    assert client.control("receive", {"wro_id": wro["id"]}).status == 409
    no_violations(client)


def test_receiving_more_than_expected_or_unknown_items_is_refused(client, seeded):
    mug = seeded["MUG-1"]
    wro = client.post("/2026-01/receiving", wro_body([(mug, 2)])).body
    assert (
        client.control(
            "receive", {"wro_id": wro["id"], "lines": [{"inventory_id": mug, "quantity": 3}]}
        ).status
        == 409
    )
    assert client.levels(mug)[FC_WEST]["on_hand_quantity"] == 5
    reply = client.post("/2026-01/receiving", wro_body([(424242, 1)]))
    assert reply.status == 400 and "424242" in reply.body["boxes[0].box_items[0].inventory_id"][0]
    assert client.post("/2026-01/receiving", wro_body([(mug, 1)], fc=99)).status == 400
    missing = wro_body([(mug, 1)])
    del missing["package_type"]
    assert client.post("/2026-01/receiving", missing).status == 400
    assert client.get("/2026-01/receiving/999").status == 404
    assert [w["id"] for w in client.get("/2026-01/receiving").body] == [wro["id"]]
    no_violations(client)


def test_products_created_listed_and_filtered(client, seeded):
    reply = client.post(
        "/2026-01/product",
        {
            "name": "Cap",
            "type_id": "1",
            "variants": [{"sku": "CAP-1", "name": "Cap", "weight": 4.5}],
        },
    )
    assert reply.status == 201
    cap = reply.body
    assert (
        cap["variants"][0]["sku"] == "CAP-1" and cap["variants"][0]["inventory"]["on_hand_qty"] == 0
    )
    listed = client.get("/2026-01/product?SKU=CAP-1").body["items"]
    assert [p["id"] for p in listed] == [cap["id"]]
    assert client.get(f"/2026-01/product/{cap['id']}").body == cap
    assert client.get("/2026-01/product/999").status == 404
    dup = client.post("/2026-01/product", {"name": "Cap again", "variants": [{"sku": "CAP-1"}]})
    assert dup.status == 422
    assert len(client.get("/2026-01/product").body["items"]) == 3
    bad = client.post("/2026-01/product", {"name": "X", "type_id": 3})
    assert bad.status == 400
    no_violations(client)


def test_inventory_pages_follow_the_next_urls(client, seeded):
    client.control(
        "seed", {"products": [{"name": f"Item {i}", "sku": f"IT-{i}"} for i in range(5)]}
    )
    seen, path, pages = [], "/2026-01/inventory-level/locations?PageSize=3", 0
    while path:
        body = client.get(path).body
        seen += [item["sku"] for item in body["items"]]
        path, pages = body["next"], pages + 1
    assert pages == 3
    assert seen == ["MUG-1", "TEE-1"] + [f"IT-{i}" for i in range(5)]
    by_location = client.get(f"/2026-01/inventory-level/locations?LocationId={FC_WEST}").body[
        "items"
    ]
    assert [(i["sku"], [loc["location_id"] for loc in i["locations"]]) for i in by_location] == [
        ("MUG-1", [FC_WEST])
    ]
    assert client.get("/2026-01/inventory-level/locations?PageSize=0").status == 400
    one = client.get(f"/2026-01/inventory-level/{seeded['MUG-1']}/locations").body
    assert {loc["location_id"]: loc["on_hand_quantity"] for loc in one["locations"]} == {
        FC_EAST: 20,
        FC_WEST: 5,
    }
    centers = client.get("/2026-01/fulfillment-center").body
    assert [c["id"] for c in centers] == [FC_EAST, FC_WEST]
    no_violations(client)
