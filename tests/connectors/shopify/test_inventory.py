"""Inventory over real HTTP against the emulator: absolute pushes by SKU, the lower layer's sets
and deltas, stale compares, refused items and unknown SKUs; read back with ordinary queries."""

from __future__ import annotations

import pytest

from openoms.connectors.shopify.inventory import Location, location_gid
from openoms.connectors.types import QuantityDelta, QuantityResult, QuantitySet, StockLevel
from tests.connectors.shopify_emulator import item_of, location_of


def test_locations_are_listed_with_their_gid_name_and_state(connect, shop):
    main, overflow = location_of(shop, "Main"), location_of(shop, "Overflow")
    assert connect().connector.locations() == [
        Location(main, "Main", True),
        Location(overflow, "Overflow", True),
    ]


def test_a_location_is_given_by_gid_or_number():
    assert location_gid("gid://shopify/Location/12") == "gid://shopify/Location/12"
    assert location_gid(" 12 ") == "gid://shopify/Location/12"
    assert location_gid("loc-1") is None
    assert location_gid("gid://shopify/Product/12") is None


def test_push_sets_exact_available_quantities(connect, shop, emulator):
    # given the shirt S at 5 (Main) and 7 (Overflow), M at 0, the mug at 3
    main, overflow = location_of(shop, "Main"), location_of(shop, "Overflow")
    built = connect()
    levels = [
        StockLevel("SH-S", main, 12),
        StockLevel("SH-M", main.rsplit("/", 1)[1], 4),  # the numeric id works too
        StockLevel("SH-S", overflow, 0),
        StockLevel("MUG", main, 3),  # unchanged: nothing to send
    ]
    # when
    accepted = built.connector.push_inventory(levels)
    # then all four hold the value sent, read back through GraphQL
    assert accepted == 4
    assert emulator.available(item_of(shop, "SH-S"), main) == 12
    assert emulator.available(item_of(shop, "SH-M"), main) == 4
    assert emulator.available(item_of(shop, "SH-S"), overflow) == 0
    assert emulator.available(item_of(shop, "MUG"), main) == 3
    assert built.notices == []


def test_unknown_and_unstocked_skus_are_warnings_not_failures(connect, shop, emulator):
    main, overflow = location_of(shop, "Main"), location_of(shop, "Overflow")
    built = connect()
    accepted = built.connector.push_inventory(
        [
            StockLevel("SH-S", main, 9),
            StockLevel("NOPE-1", main, 1),
            StockLevel("NOPE-2", overflow, 1),
            StockLevel("MUG", overflow, 2),  # the mug is not stocked at Overflow
            StockLevel("SH-M", "loc-9", 2),  # not a Shopify location id
        ]
    )
    assert accepted == 1
    assert emulator.available(item_of(shop, "SH-S"), main) == 9
    assert built.warnings() == [
        "Warehouse mapping(s) to 'loc-9' name no active location of this Shopify store (give "
        "the Location's id, e.g. gid://shopify/Location/123 or 123): their quantities were not "
        "sent.",
        "2 SKU(s) are not on the Shopify store, their quantities were not sent: NOPE-1, NOPE-2.",
        "1 SKU(s) are not stocked at the Shopify location Overflow, their quantities were not "
        "sent (stock them there in Shopify): MUG.",
    ]


def test_many_unknown_skus_are_one_warning_naming_the_first_twenty(connect, shop):
    main = location_of(shop, "Main")
    built = connect()
    skus = [f"GONE-{n:03}" for n in range(25)]
    assert built.connector.push_inventory([StockLevel(s, main, 1) for s in skus]) == 0
    assert built.warnings() == [
        "25 SKU(s) are not on the Shopify store, their quantities were not sent: "
        + ", ".join(skus[:20])
        + " and 5 more."
    ]


def test_a_stale_compare_is_read_again_and_set_not_overwritten_blindly(connect, shop, emulator):
    # given the connector believes SH-S is 1 at Main, while Shopify has 5
    main = location_of(shop, "Main")
    item = item_of(shop, "SH-S")
    built = connect()
    # when it sets 10 compared with 1
    results = built.connector.set_quantities([QuantitySet(item, main, 10, compare=1)])
    # then Shopify refused the stale compare, the connector read 5 and set 10 compared with 5
    assert results == [QuantityResult(item, main, True)]
    assert emulator.available(item, main) == 10
    sent = built.sent("InventorySetQuantities")
    assert [v["input"]["quantities"][0]["changeFromQuantity"] for v in sent] == [1, 5]
    assert sent[0]["idempotencyKey"] != sent[1]["idempotencyKey"]  # a new operation
    assert built.notices == []


def test_one_refused_item_does_not_fail_the_others(connect, shop, emulator):
    # given the mug's inventory item cannot be changed (e.g. a bundle)
    main = location_of(shop, "Main")
    mug = item_of(shop, "MUG")
    emulator.control("config", {"non_mutable_inventory_items": [mug]})
    built = connect()
    # when three quantities go in one batch
    accepted = built.connector.push_inventory(
        [StockLevel("SH-S", main, 8), StockLevel("MUG", main, 30), StockLevel("SH-M", main, 6)]
    )
    # then the two others are set, the mug keeps 3, one Warning names it
    assert accepted == 2
    assert emulator.available(item_of(shop, "SH-S"), main) == 8
    assert emulator.available(item_of(shop, "SH-M"), main) == 6
    assert emulator.available(mug, main) == 3
    assert built.warnings() == [
        f"Shopify refused the quantity of MUG at Main: The inventory item {mug} cannot be "
        "adjusted (for example the parent of a bundle) (NON_MUTABLE_INVENTORY_ITEM). The other "
        "quantities were sent."
    ]


def test_deltas_are_applied_with_their_compare(connect, shop, emulator):
    main = location_of(shop, "Main")
    item = item_of(shop, "SH-S")
    built = connect()
    results = built.connector.adjust_quantities(
        [QuantityDelta(item, main, -2, compare=5), QuantityDelta(item_of(shop, "MUG"), main, 4)]
    )
    assert [r.applied for r in results] == [True, True]
    assert emulator.available(item, main) == 3
    assert emulator.available(item_of(shop, "MUG"), main) == 7


def test_a_stale_delta_is_applied_to_the_current_value(connect, shop, emulator):
    main = location_of(shop, "Main")
    item = item_of(shop, "SH-S")
    built = connect()
    results = built.connector.adjust_quantities([QuantityDelta(item, main, -1, compare=9)])
    assert results == [QuantityResult(item, main, True)]
    assert emulator.available(item, main) == 4


def test_a_keyed_batch_hands_a_stale_entry_back_and_sends_the_rest(connect, shop, emulator):
    # given the caller's batch (its key) believes SH-S is 9 at Main, while Shopify has 5
    main = location_of(shop, "Main")
    shirt, mug = item_of(shop, "SH-S"), item_of(shop, "MUG")
    built = connect()
    # when
    results = built.connector.adjust_quantities(
        [QuantityDelta(shirt, main, -1, compare=9), QuantityDelta(mug, main, 2, compare=3)],
        key="batch-7",
    )
    # then the mug went in the batch's second round; the shirt is handed back with Shopify's 5
    assert results == [
        QuantityResult(
            shirt,
            main,
            False,
            "CHANGE_FROM_QUANTITY_STALE",
            "The changeFromQuantity does not match the persisted quantity.",
            again=True,
            current=5,
        ),
        QuantityResult(mug, main, True),
    ]
    assert (emulator.available(shirt, main), emulator.available(mug, main)) == (5, 5)
    sent = built.sent("InventoryAdjustQuantities")
    assert [v["idempotencyKey"] for v in sent] == ["batch-7.0.0", "batch-7.0.1"]
    assert built.notices == []
    # and the same batch sent again (a recovering run) replays both rounds: nothing twice
    again = built.connector.adjust_quantities(
        [QuantityDelta(shirt, main, -1, compare=9), QuantityDelta(mug, main, 2, compare=3)],
        key="batch-7",
    )
    assert again == results
    assert (emulator.available(shirt, main), emulator.available(mug, main)) == (5, 5)


@pytest.mark.parametrize("count", [251])
def test_more_than_250_quantities_go_in_batches(connect, emulator, count):
    # given 251 SKUs stocked at one location
    seeded = emulator.control(
        "seed",
        {
            "locations": [{"name": "Main"}],
            "products": [
                {
                    "title": "Pins",
                    "variants": [
                        {"sku": f"PIN-{n:03}", "option": str(n), "levels": [{"location": "Main"}]}
                        for n in range(count)
                    ],
                }
            ],
        },
    )
    main = seeded["locations"][0]["id"]
    items = [v["inventoryItemId"] for v in seeded["products"][0]["variants"]]
    built = connect()
    results = built.connector.set_quantities(
        [QuantitySet(item, main, n + 1, compare=0) for n, item in enumerate(items)]
    )
    assert sum(r.applied for r in results) == count
    assert emulator.available(items[0], main) == 1
    assert emulator.available(items[-1], main) == count


def test_a_big_push_resolves_skus_from_bulk_reads_of_the_locations(connect, shop, emulator):
    # given a push over the bulk threshold (lowered to 0 here)
    main, overflow = location_of(shop, "Main"), location_of(shop, "Overflow")
    built = connect()
    built.connector.stock.bulk_threshold = 0
    # when
    accepted = built.connector.push_inventory(
        [
            StockLevel("SH-S", main, 9),
            StockLevel("SH-S", overflow, 1),
            StockLevel("NOPE-1", main, 1),
            StockLevel("MUG", overflow, 2),  # the mug is not stocked at Overflow
        ]
    )
    # then the stocked levels are set; only the SKU the bulk reads did not find was looked up
    assert accepted == 2
    assert emulator.available(item_of(shop, "SH-S"), main) == 9
    assert emulator.available(item_of(shop, "SH-S"), overflow) == 1
    names = [call.name for call, _ in built.answered]
    assert names.count("BulkOperationRunQuery") == 2
    assert built.sent("InventoryBySku") == [{"q0": 'sku:"NOPE-1"', "l0": main, "l1": overflow}]
    assert built.sent("InventorySetQuantities")[0]["input"]["quantities"] == [
        {
            "inventoryItemId": item_of(shop, "SH-S"),
            "locationId": main,
            "quantity": 9,
            "changeFromQuantity": 5,
        },
        {
            "inventoryItemId": item_of(shop, "SH-S"),
            "locationId": overflow,
            "quantity": 1,
            "changeFromQuantity": 7,
        },
    ]
    assert built.warnings() == [
        "1 SKU(s) are not on the Shopify store, their quantities were not sent: NOPE-1.",
        "1 SKU(s) are not stocked at the Shopify location Overflow, their quantities were not "
        "sent (stock them there in Shopify): MUG.",
    ]


def test_a_level_that_stays_stale_is_reported_not_chased_forever(connect, shop, emulator):
    # given re-reads that never catch up with Shopify (it says 5, the reads say 99)
    main = location_of(shop, "Main")
    item = item_of(shop, "SH-S")
    built = connect()
    built.connector.inventory.available = lambda pairs: dict.fromkeys(pairs, 99)
    # when
    [result] = built.connector.set_quantities([QuantitySet(item, main, 10, compare=1, label="S")])
    # then four tries, the level untouched, one Warning
    assert (result.applied, result.code) == (False, "CHANGE_FROM_QUANTITY_STALE")
    assert len(built.sent("InventorySetQuantities")) == 4
    assert emulator.available(item, main) == 5
    assert built.warnings() == [
        f"Shopify refused the quantity of S at {main}: The changeFromQuantity does not match the "
        "persisted quantity (CHANGE_FROM_QUANTITY_STALE; it kept changing). The other "
        "quantities were sent."
    ]


PREVIOUS_FAILED = (
    "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED",
    "A previous request with this idempotency key failed. Retry with a new idempotency key.",
)


def test_a_keyed_round_whose_key_failed_before_is_handed_back_whole(connect, shop, emulator):
    # given Shopify answers a failed key's second use with IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED,
    # and the first attempt of the batch's first round (a stale shirt) loses its answer
    emulator.control("config", {"failed_key_replay": "previous_attempt_failed", "drop_next": 1})
    main = location_of(shop, "Main")
    shirt, mug = item_of(shop, "SH-S"), item_of(shop, "MUG")
    built = connect()
    # when
    results = built.connector.adjust_quantities(
        [QuantityDelta(shirt, main, -1, compare=9), QuantityDelta(mug, main, 2, compare=3)],
        key="batch-9",
    )
    # then: the client's retry got the refusal; nothing applied, both handed back with the
    # values Shopify holds, and the key is not sent again
    assert results == [
        QuantityResult(shirt, main, False, *PREVIOUS_FAILED, again=True, current=5),
        QuantityResult(mug, main, False, *PREVIOUS_FAILED, again=True, current=3),
    ]
    assert (emulator.available(shirt, main), emulator.available(mug, main)) == (5, 3)
    sent = built.sent("InventoryAdjustQuantities")
    assert [v["idempotencyKey"] for v in sent] == ["batch-9.0.0"]
    [retried] = built.notices  # the client's retry of the lost answer, nothing else
    assert "network error" in retried.message and "retrying" in retried.message


def test_a_keyed_batch_sent_again_after_a_failed_first_attempt_is_handed_back(
    connect, shop, emulator
):
    # given a keyed batch whose only entry was stale (its round had user errors)
    emulator.control("config", {"failed_key_replay": "previous_attempt_failed"})
    main, shirt = location_of(shop, "Main"), item_of(shop, "SH-S")
    built = connect()
    entries = [QuantitySet(shirt, main, 8, compare=9)]
    first = built.connector.set_quantities(entries, key="batch-10")
    # when the same batch is sent again with its key (a recovering run)
    again = built.connector.set_quantities(entries, key="batch-10")
    # then: handed back each time, never a whole-input failure, nothing set
    assert [(r.code, r.again, r.current) for r in first] == [
        ("CHANGE_FROM_QUANTITY_STALE", True, 5)
    ]
    assert again == [QuantityResult(shirt, main, False, *PREVIOUS_FAILED, again=True, current=5)]
    assert emulator.available(shirt, main) == 5


def test_an_unkeyed_round_whose_key_failed_before_goes_again_with_a_new_key(
    connect, shop, emulator
):
    # given the first attempt (a stale compare) loses its answer; the client's retry is refused
    emulator.control("config", {"failed_key_replay": "previous_attempt_failed", "drop_next": 1})
    main, shirt = location_of(shop, "Main"), item_of(shop, "SH-S")
    built = connect()
    # when
    results = built.connector.set_quantities([QuantitySet(shirt, main, 10, compare=1)])
    # then: a new key, the stale compare read again, the value set
    assert results == [QuantityResult(shirt, main, True)]
    assert emulator.available(shirt, main) == 10
    keys = [v["idempotencyKey"] for v in built.sent("InventorySetQuantities")]
    assert len(keys) == len(set(keys)) == 3  # refused retry, stale round, applied round
