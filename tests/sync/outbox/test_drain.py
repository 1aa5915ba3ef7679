"""The drain (Push Inventory Updates): one call per batch of coalesced rows, nothing lost while
in flight, retries with backoff, permanent refusals dropped with a Warning, duplicate SKUs."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.automation.models import RunStatus
from openoms.catalog.models import Product, ProductVariant
from openoms.channels.models import Channel, SkuMapping
from openoms.sync.models import ListingState, PendingPush, PushBatch
from openoms.sync.services.outbox import outbox_drain_queue
from openoms.sync.services.outbox_batches import batch_claim
from openoms.sync.services.outbox_drain import drain_state, listings_refresh
from openoms.sync.services.outbox_send import batch_send
from tests.sync.outbox.conftest import adjust, drain, drain_all, pending, push_job

pytestmark = pytest.mark.django_db


def warnings(shop) -> list[str]:
    found = Event.objects.filter(account=shop.account, level="warning").order_by("id")
    return list(found.values_list("message", flat=True))


def test_a_burst_to_one_sku_is_one_entry_in_one_call(shop, fake):
    for delta in (5, -1, 3, -2):
        adjust(shop, shop.b, "TEE", delta)
    run = drain(shop.channel)
    assert run.status == RunStatus.SUCCEEDED
    assert [(kind, entries) for kind, entries, _ in fake.calls] == [
        ("adjust", [("item-tee", "loc-2", 5, 0)])
    ]
    assert run.counts == {"sent": 1, "unchanged": 0, "skipped": 0, "failed": 0}
    assert pending(shop.channel) == {} and PushBatch.objects.count() == 0
    state = ListingState.objects.get(listing_ref="item-tee", location="loc-2")
    assert (state.known, state.last_sent) == (5, 5)
    assert push_job(shop.channel).active_run_id is None


def test_a_change_while_in_flight_is_kept(shop, fake):
    adjust(shop, shop.b, "TEE", 5)
    channel = Channel.objects.get(pk=shop.channel.pk)
    state = drain_state(channel, fake, run_id=0)
    listings_refresh(state, fake)
    batch = batch_claim(state, "adjust", 250)
    adjust(shop, shop.b, "TEE", 2)  # arrives while the batch is out
    assert batch_send(state, fake, batch)
    assert fake.held[("item-tee", "loc-2")] == 5
    assert pending(shop.channel) == {("SHOP-TEE", "loc-2"): (2, False, 2)}
    assert PendingPush.objects.get().batch_id is None


def test_a_full_in_flight_stays_full_after_a_change(shop, fake):
    adjust(shop, shop.b, "TEE", 5)
    PendingPush.objects.update(full=True)
    channel = Channel.objects.get(pk=shop.channel.pk)
    state = drain_state(channel, fake, run_id=0)
    listings_refresh(state, fake)
    batch = batch_claim(state, "set", 250)
    adjust(shop, shop.b, "TEE", -1)
    assert batch_send(state, fake, batch)
    assert fake.held[("item-tee", "loc-2")] == 5
    row = PendingPush.objects.get()
    assert (row.full, row.version, row.batch_id) == (True, 2, None)
    state = drain_state(channel, fake, run_id=0)
    batch = batch_claim(state, "set", 250)
    assert batch_send(state, fake, batch) and fake.held[("item-tee", "loc-2")] == 4


def test_a_failed_batch_waits_and_is_sent_again_with_its_key(shop, fake, settings):
    settings.OPENOMS_PUSH_RETRY_SECONDS = 0
    adjust(shop, shop.b, "MUG", 4)
    fake.fail = 1
    run = drain(shop.channel)
    assert run.counts["failed"] == 1
    row = PendingPush.objects.get()
    assert (row.attempts, row.last_error) == (1, "The store answered 503.")
    assert row.next_attempt_at is not None and row.batch_id is not None
    assert [w for w in warnings(shop) if "could not be sent" in w] == [
        "1 inventory quantities could not be sent to Demo Store: The store answered 503. "
        "They are sent again in 0 s (attempt 1)."
    ]
    drain(shop.channel)  # the run queued for the end of the backoff
    first, second = fake.calls
    assert first[2] == second[2] and first[1] == second[1]
    assert fake.held[("item-mug", "loc-2")] == 4 and pending(shop.channel) == {}


def test_a_batch_left_by_a_stopped_run_is_sent_again_with_its_key(shop, fake):
    adjust(shop, shop.a, "TEE", 3)
    channel = Channel.objects.get(pk=shop.channel.pk)
    state = drain_state(channel, fake, run_id=999_999)  # a run that no longer runs
    listings_refresh(state, fake)
    batch = batch_claim(state, "adjust", 250)
    # the call went out and was applied, the answer lost:
    fake.adjust_quantities([_delta(e) for e in batch.payload], key=batch.key)
    drain(shop.channel)
    assert [call[2] for call in fake.calls] == [batch.key, batch.key]
    assert fake.held == {("item-tee", "loc-1"): 3, ("item-tee", "loc-2"): 3}
    assert pending(shop.channel) == {} and PushBatch.objects.count() == 0


def _delta(entry):
    from openoms.connectors.types import QuantityDelta

    return QuantityDelta(entry["listing"], entry["location_ref"], entry["value"], entry["compare"])


def test_unknown_listing_and_unmapped_location_are_dropped_with_a_warning(shop, fake):
    fake.listed.pop("SHOP-MUG")
    adjust(shop, shop.b, "MUG", 2)
    PendingPush.objects.create(
        account=shop.account,
        channel=shop.channel,
        channel_sku="SHOP-TEE",
        location="loc-9",
        delta=1,
        first_queued_at=PendingPush.objects.get().first_queued_at,
        updated_at=PendingPush.objects.get().updated_at,
    )
    run = drain(shop.channel)
    assert run.counts["skipped"] == 2 and fake.calls == []
    assert pending(shop.channel) == {}
    assert sorted(w for w in warnings(shop) if "was not sent" in w) == [
        "SHOP-MUG at loc-2 was not sent to Demo Store: the channel lists no item with this SKU.",
        "SHOP-TEE at loc-9 was not sent to Demo Store: the location is not mapped.",
    ]


@pytest.mark.parametrize("update", [False, True])
def test_duplicate_skus(shop, fake, update):
    fake.listed["SHOP-TEE"] = ["item-tee", "item-tee-2"]
    Channel.objects.filter(pk=shop.channel.pk).update(update_duplicate_skus=update)
    adjust(shop, shop.a, "TEE", 6)  # loc-1 and loc-2
    run = drain(shop.channel)
    duplicate = [w for w in warnings(shop) if "listed 2 times" in w]
    if update:
        assert run.counts["sent"] == 2 and duplicate == []
        assert fake.held == {
            (item, loc): 6 for item in ("item-tee", "item-tee-2") for loc in ("loc-1", "loc-2")
        }
    else:
        assert run.counts["skipped"] == 2 and fake.calls == []
        assert duplicate == [
            "SHOP-TEE is listed 2 times on Demo Store: its quantity was not sent (Update "
            "Duplicate SKUs is No)."
        ]


def test_batches_hold_at_most_250_entries(shop, fake):
    product = Product.objects.create(account=shop.account, name="Bulk")
    for i in range(300):
        variant = ProductVariant.objects.create(account=shop.account, product=product, sku=f"S{i}")
        SkuMapping.objects.create(
            account=shop.account, channel=shop.channel, channel_sku=f"C{i}", variant=variant
        )
        fake.listed[f"C{i}"] = [f"item-{i}"]
    from tests.sync.outbox.test_enqueue import bulk

    bulk(shop, *[("B", f"S{i}", 1) for i in range(300)])  # loc-2 only
    run = drain(shop.channel)
    assert [len(entries) for _, entries, _ in fake.calls] == [250, 50]
    assert run.counts["sent"] == 300


def test_a_stale_compare_goes_again_in_a_new_batch_compared_with_the_value_read(shop, fake):
    # given the store holds 7 TEE, and sells 3 as OpenOMS's first call goes out
    fake.held[("item-tee", "loc-2")] = 7
    adjust(shop, shop.b, "TEE", 4)
    send = fake.adjust_quantities

    def sold_meanwhile(deltas, key=None):
        fake.adjust_quantities = send
        fake.held[("item-tee", "loc-2")] -= 3
        fake.stale = {"item-tee"}
        try:
            return send(deltas, key)
        finally:
            fake.stale = set()

    fake.adjust_quantities = sold_meanwhile
    # when
    run = drain(shop.channel)
    # then the delta went again, under a new key, compared with the 4 read back: 8
    calls = [(entries, key) for _, entries, key in fake.calls]
    assert [entries for entries, _ in calls] == [
        [("item-tee", "loc-2", 4, 7)],
        [("item-tee", "loc-2", 4, 4)],
    ]
    assert calls[0][1] != calls[1][1]
    assert fake.held[("item-tee", "loc-2")] == 8
    assert run.counts == {"sent": 1, "unchanged": 0, "skipped": 0, "failed": 0}
    assert pending(shop.channel) == {} and PushBatch.objects.count() == 0
    assert ListingState.objects.get(listing_ref="item-tee", location="loc-2").known == 8


def test_a_level_that_keeps_changing_on_the_store_stays_pending_as_a_full(shop, fake):
    # given the store's TEE keeps changing under every compare
    fake.stale = {"item-tee"}
    adjust(shop, shop.b, "TEE", 4)
    adjust(shop, shop.b, "MUG", 2)
    # when
    run = drain(shop.channel)
    # then the mug is sent; TEE, handed back four times (three sent again at once), is not
    # dropped: it waits, as a full, with why
    assert [entries for _, entries, _ in fake.calls][1:] == [[("item-tee", "loc-2", 4, 0)]] * 3
    assert run.counts == {"sent": 1, "unchanged": 0, "skipped": 0, "failed": 1}
    assert fake.held == {("item-mug", "loc-2"): 2}
    row = PendingPush.objects.get(channel=shop.channel, channel_sku="SHOP-TEE")
    assert (row.location, row.full, row.delta, row.attempts) == ("loc-2", True, 0, 4)
    assert row.next_attempt_at is not None and row.batch_id is None
    assert row.last_error.startswith("The channel's quantity kept changing")
    # and once the store settles, the full is sent (Available at V: 4)
    fake.stale = set()
    PendingPush.objects.filter(pk=row.pk).update(next_attempt_at=None)
    outbox_drain_queue({shop.channel.pk})
    drain_all(shop.channel)
    assert fake.held == {("item-mug", "loc-2"): 2, ("item-tee", "loc-2"): 4}
    assert pending(shop.channel) == {}
