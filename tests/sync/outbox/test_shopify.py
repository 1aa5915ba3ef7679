"""The drain against the Shopify emulator, read back with ordinary GraphQL: deltas with their
compare, a batch sent again with its key applied once, the manual sync's fulls and counts."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.channels.models import Channel, SkuMapping, WarehouseMapping
from openoms.connectors.base import ChannelAccess
from openoms.connectors.shopify.connector import ShopifyConnector
from openoms.inventory.models import InventoryLevel
from openoms.sync.models import PendingPush, PushBatch
from openoms.sync.services import outbox_send
from openoms.sync.services.outbox_batches import batch_claim
from openoms.sync.services.outbox_drain import drain_state, listings_refresh
from openoms.sync.services.outbox_send import batch_send
from tests.connectors.shopify_emulator import SHOP, TOKEN, item_of, location_of
from tests.inventory.stock import enable, make_variants, make_warehouse
from tests.sync.outbox.conftest import Shop, adjust, drain
from tests.sync.runs import sync_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(emulator) -> dict:
    """Main holds SH-S (5) and MUG (3)."""
    return emulator.control(
        "seed",
        {
            "locations": [{"name": "Main"}],
            "products": [
                {
                    "title": "Shirt",
                    "handle": "shirt",
                    "variants": [
                        {
                            "sku": "SH-S",
                            "price": "20.00",
                            "levels": [{"location": "Main", "available": 5}],
                        }
                    ],
                },
                {
                    "title": "Mug",
                    "handle": "mug",
                    "variants": [
                        {
                            "sku": "MUG",
                            "price": "9.00",
                            "levels": [{"location": "Main", "available": 3}],
                        }
                    ],
                },
            ],
        },
    )


@pytest.fixture
def store(tenant, emulator, seeded):
    """A beta Shopify channel in Real-Time Adjustment: A → Main; TEE → SH-S, MUG → MUG; TEE 5
    and MUG 3 at A (in step with the store)."""
    account = tenant.account
    a = make_warehouse(account.organization, "A")
    enable(account, a)
    variants = make_variants(account, "TEE", "MUG")
    for sku, total in (("TEE", 5), ("MUG", 3)):
        InventoryLevel.objects.create(
            account=account, variant=variants[sku], warehouse=a, total=total
        )
    channel = Channel.objects.create(
        account=account,
        type="sales",
        kind="shopify",
        name="Shopify Store",
        credentials={"shop_domain": SHOP, "access_token": TOKEN},
        api_base_url=emulator.url,
        inventory_sync_mode="real_time",
    )
    main = location_of(seeded, "Main")
    WarehouseMapping.objects.create(channel=channel, warehouse=a, external_id=main)
    for channel_sku, sku in (("SH-S", "TEE"), ("MUG", "MUG")):
        SkuMapping.objects.create(
            account=account, channel=channel, channel_sku=channel_sku, variant=variants[sku]
        )
    return Channel.objects.select_related("account").get(pk=channel.pk), a, variants, main


def connector(emulator) -> ShopifyConnector:
    access = ChannelAccess({"shop_domain": SHOP, "access_token": TOKEN}, "channel", emulator.url)
    return ShopifyConnector(access)


def test_changes_reach_the_store_as_one_adjustment_each(store, emulator, seeded):
    channel, a, variants, main = store
    shop = Shop(channel.account, channel, a, None, variants)
    adjust(shop, a, "TEE", 3)
    adjust(shop, a, "TEE", -1)
    adjust(shop, a, "MUG", -2)
    run = drain(channel)
    assert (run.status, run.counts) == (
        "succeeded",
        {"sent": 2, "unchanged": 0, "skipped": 0, "failed": 0},
    )
    assert emulator.available(item_of(seeded, "SH-S"), main) == 7
    assert emulator.available(item_of(seeded, "MUG"), main) == 1
    assert PendingPush.objects.count() == 0


def test_a_batch_sent_again_with_its_key_is_applied_once(store, emulator, seeded):
    channel, a, variants, main = store
    shop = Shop(channel.account, channel, a, None, variants)
    adjust(shop, a, "TEE", 4)
    shopify = connector(emulator)
    state = drain_state(channel, shopify, run_id=999_999)  # a run that stopped
    listings_refresh(state, shopify)
    batch = batch_claim(state, "adjust", 250)
    # the call went out and Shopify applied it; the worker died before completing the batch
    lost = drain_state(channel, shopify, run_id=999_999)
    original = PushBatch.objects.get(pk=batch.pk)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outbox_send, "batch_complete", lambda *args: None)
        assert batch_send(lost, shopify, original)
    assert emulator.available(item_of(seeded, "SH-S"), main) == 9
    # the recovering run sends the batch again, with its key
    run = drain(channel)
    assert run.counts["sent"] == 1
    assert emulator.available(item_of(seeded, "SH-S"), main) == 9
    assert PushBatch.objects.count() == 0 and PendingPush.objects.count() == 0
    shopify.close()


def test_a_killed_worker_whose_batch_met_a_stale_compare_is_recovered_once(store, emulator, seeded):
    """The batch's first round is refused (a storefront sale moved SH-S under the compare), its
    second applies MUG, then the worker dies before completing. The recovering run sends the
    batch again with its key: Shopify replays both rounds (MUG once, no key reused with other
    values) and the stale shirt goes in a new batch compared with the value read."""
    channel, a, variants, main = store
    shop = Shop(channel.account, channel, a, None, variants)
    adjust(shop, a, "TEE", 4)
    adjust(shop, a, "MUG", -2)
    shopify = connector(emulator)
    lost = drain_state(channel, shopify, run_id=999_999)  # a run that stopped
    listings_refresh(lost, shopify)
    batch = batch_claim(lost, "adjust", 250)
    emulator.control("orders", {"line_items": [{"sku": "SH-S", "quantity": 1}]})  # 5 → 4
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outbox_send, "batch_complete", lambda *args: None)
        assert batch_send(lost, shopify, PushBatch.objects.get(pk=batch.pk))
    assert emulator.available(item_of(seeded, "MUG"), main) == 1
    assert emulator.available(item_of(seeded, "SH-S"), main) == 4
    # when the recovering run drains
    run = drain(channel)
    # then each change is applied once: the shirt's +4 onto the 4 left, the mug's -2
    assert (run.status, run.counts["sent"], run.counts["failed"]) == ("succeeded", 2, 0)
    assert emulator.available(item_of(seeded, "SH-S"), main) == 8
    assert emulator.available(item_of(seeded, "MUG"), main) == 1
    assert PushBatch.objects.count() == 0 and PendingPush.objects.count() == 0
    assert not Event.objects.filter(account=channel.account, level="warning").exists()
    shopify.close()


def test_the_manual_sync_sends_fulls_and_counts_unchanged(store, emulator, seeded):
    channel, _, variants, main = store
    InventoryLevel.objects.filter(variant=variants["TEE"]).update(total=8)  # not through a writer
    run = sync_now(channel, "export_inventory")
    assert (run.status, run.counts) == (
        "succeeded",
        {"sent": 1, "unchanged": 1, "skipped": 0, "failed": 0},
    )
    assert run.summary == "Export Inventory to Shopify Store: 1 sent, 1 unchanged, 0 skipped."
    assert emulator.available(item_of(seeded, "SH-S"), main) == 8
    assert emulator.available(item_of(seeded, "MUG"), main) == 3


def test_a_key_whose_first_attempt_failed_is_handed_back_and_sent_with_a_new_key(
    store, emulator, seeded
):
    """The batch's first round meets a stale compare (a storefront sale) and its answer is lost;
    the client's retry under the same key gets IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED. Every entry
    is handed back with the store's value, the batch is done with, and the rows go again at once
    in a new batch (a new key) as absolute values — Shopify cannot say what a lost attempt
    applied — not a whole-batch failure waiting its backoff with a key it will never accept."""
    channel, a, variants, main = store
    shop = Shop(channel.account, channel, a, None, variants)
    adjust(shop, a, "TEE", 4)
    adjust(shop, a, "MUG", -2)
    shopify = connector(emulator)
    state = drain_state(channel, shopify, run_id=999_999)
    listings_refresh(state, shopify)
    batch = PushBatch.objects.get(pk=batch_claim(state, "adjust", 250).pk)
    emulator.control("orders", {"line_items": [{"sku": "SH-S", "quantity": 1}]})  # 5 → 4
    emulator.control("config", {"failed_key_replay": "previous_attempt_failed", "drop_next": 1})
    # when the batch is sent
    assert batch_send(state, shopify, batch)
    # then nothing applied, no batch left, both rows due at once with the store's values known
    assert emulator.available(item_of(seeded, "SH-S"), main) == 4
    assert emulator.available(item_of(seeded, "MUG"), main) == 3
    assert PushBatch.objects.count() == 0
    rows = PendingPush.objects.order_by("pk")
    assert [(r.batch_id, r.next_attempt_at, r.full, r.delta) for r in rows] == [
        (None, None, True, 0),
        (None, None, True, 0),
    ]
    # when the next drain runs
    run = drain(channel)
    # then the store holds OpenOMS's Available, set under a new key
    assert (run.status, run.counts["sent"], run.counts["failed"]) == ("succeeded", 2, 0)
    assert emulator.available(item_of(seeded, "SH-S"), main) == 9
    assert emulator.available(item_of(seeded, "MUG"), main) == 1
    assert PushBatch.objects.count() == 0 and PendingPush.objects.count() == 0
    assert not Event.objects.filter(account=channel.account, level="warning").exists()
    shopify.close()


def test_a_recovered_batch_whose_first_rounds_key_failed_applies_each_change_once(
    store, emulator, seeded
):
    # given the killed-worker story of the test above it, with Shopify refusing the failed key
    channel, a, variants, main = store
    shop = Shop(channel.account, channel, a, None, variants)
    adjust(shop, a, "TEE", 4)
    adjust(shop, a, "MUG", -2)
    shopify = connector(emulator)
    lost = drain_state(channel, shopify, run_id=999_999)
    listings_refresh(lost, shopify)
    batch = batch_claim(lost, "adjust", 250)
    emulator.control("orders", {"line_items": [{"sku": "SH-S", "quantity": 1}]})  # 5 → 4
    emulator.control("config", {"failed_key_replay": "previous_attempt_failed"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outbox_send, "batch_complete", lambda *args: None)
        assert batch_send(lost, shopify, PushBatch.objects.get(pk=batch.pk))
    # when the recovering run drains
    drain(channel)
    # then no change is applied twice: Shopify could not say what the lost attempt applied, so
    # both rows went again as absolute values — OpenOMS's Available (the storefront sale reaches
    # OpenOMS with its order)
    assert emulator.available(item_of(seeded, "SH-S"), main) == 9
    assert emulator.available(item_of(seeded, "MUG"), main) == 1
    assert PushBatch.objects.count() == 0 and PendingPush.objects.count() == 0
    shopify.close()
