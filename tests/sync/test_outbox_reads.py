"""Reading the inventory outbox (``sync/selectors/outbox.py``): the rows by status with why and
when due, the preview of a switch into a sending mode, the explain of one channel SKU; each
scoped to the actor's tenant.

The store is ``make_store``'s: location "loc-1" fed by A, "loc-2" by virtual V (A + B); its
Available: SHOP-TEE-S 6 at loc-1 and 10 at loc-2, SHOP-MUG 0 at loc-1 (-3) and 5 at loc-2.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from openoms.channels.models import Channel
from openoms.core.errors import NotFound
from openoms.sync.outbox_models import ListingState, PendingPush, PushBatch
from openoms.sync.selectors.outbox import (
    NEVER_READ,
    PreviewRow,
    inventory_explain,
    inventory_preview,
    outbox_counts,
    outbox_rows,
)
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.sync.conftest import make_channel
from tests.sync.test_inventory_export_job import make_store

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)
ITEM_TEE, ITEM_MUG = "gid://shopify/InventoryItem/1", "gid://shopify/InventoryItem/2"


def pending(
    channel: Channel, sku: str, location: str, *, minutes: int = 0, **values
) -> PendingPush:
    """An outbox row queued ``minutes`` after T0 (a delta of 0 unless given)."""
    at = T0 + timedelta(minutes=minutes)
    return PendingPush.objects.create(
        account=channel.account,
        channel=channel,
        channel_sku=sku,
        location=location,
        first_queued_at=at,
        updated_at=at,
        **values,
    )


def in_batch(channel: Channel, key: str, *rows: PendingPush) -> PushBatch:
    """A batch sent at T0 + 5 min holding ``rows``."""
    batch = PushBatch.objects.create(
        account=channel.account,
        channel=channel,
        key=key,
        kind="set",
        sent_at=T0 + timedelta(minutes=5),
    )
    PendingPush.objects.filter(pk__in=[row.pk for row in rows]).update(batch=batch)
    return batch


def state(channel: Channel, listing: str, sku: str, location: str, known, **values) -> ListingState:
    return ListingState.objects.create(
        account=channel.account,
        channel=channel,
        listing_ref=listing,
        channel_sku=sku,
        location=location,
        known=known,
        **values,
    )


def three_rows(channel: Channel) -> None:
    """A pending delta, a failed full (2 attempts, due at T0 + 10 min) and one in flight."""
    pending(channel, "SHOP-TEE-S", "loc-1", delta=-2)
    pending(
        channel,
        "SHOP-MUG",
        "loc-1",
        minutes=1,
        full=True,
        attempts=2,
        next_attempt_at=T0 + timedelta(minutes=10),
        last_error="Shopify answered 503 (Service Unavailable).",
    )
    in_batch(channel, "batch-1", pending(channel, "SHOP-TEE-S", "loc-2", minutes=2, delta=4))


@pytest.fixture
def viewer(tenant) -> Actor:
    return Actor.for_user(tenant.user(Role.ACCOUNT_USER))


@pytest.fixture
def store(tenant) -> Channel:
    return make_store(tenant.account)


def listed(rows) -> list[tuple[str, str, str]]:
    return [(row.channel_sku, row.location, row.status) for row in rows]


def test_the_outbox_lists_each_row_with_its_status_oldest_first(viewer, store):
    three_rows(store)
    assert listed(outbox_rows(viewer, store)) == [
        ("SHOP-TEE-S", "loc-1", "pending"),
        ("SHOP-MUG", "loc-1", "failed"),
        ("SHOP-TEE-S", "loc-2", "in_flight"),
    ]
    assert outbox_counts(viewer, store) == {"pending": 1, "in_flight": 1, "failed": 1}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("pending", [("SHOP-TEE-S", "loc-1", "pending")]),
        ("failed", [("SHOP-MUG", "loc-1", "failed")]),
        ("in_flight", [("SHOP-TEE-S", "loc-2", "in_flight")]),
    ],
)
def test_the_outbox_filters_by_status(viewer, store, status, expected):
    three_rows(store)
    assert listed(outbox_rows(viewer, store, status=status)) == expected


def test_the_outbox_searches_channel_skus_case_insensitively(viewer, store):
    three_rows(store)
    assert listed(outbox_rows(viewer, store, search=" mug ")) == [("SHOP-MUG", "loc-1", "failed")]
    assert listed(outbox_rows(viewer, store, status="pending", search="tee")) == [
        ("SHOP-TEE-S", "loc-1", "pending")
    ]


def test_another_channels_rows_are_not_listed(viewer, tenant, store):
    other = make_channel(tenant.second_account, "Other Store")
    pending(other, "SHOP-TEE-S", "loc-1", delta=1)
    assert list(outbox_rows(viewer, store)) == []
    assert outbox_counts(viewer, store) == {"pending": 0, "in_flight": 0, "failed": 0}


def test_another_tenants_actor_reaches_nothing(other_tenant, store):
    stranger = Actor.for_user(other_tenant.user(Role.ACCOUNT_USER))
    three_rows(store)
    for read in (
        lambda: outbox_rows(stranger, store),
        lambda: outbox_counts(stranger, store),
        lambda: inventory_preview(stranger, store),
        lambda: inventory_explain(stranger, store, "SHOP-TEE-S"),
    ):
        with pytest.raises(NotFound, match=r"^Account not found\.$"):
            read()


def test_the_preview_compares_available_with_what_the_channel_holds(viewer, store):
    state(store, ITEM_TEE, "SHOP-TEE-S", "loc-1", 6)  # holds its Available already
    state(store, ITEM_TEE, "SHOP-TEE-S", "loc-2", 3)  # 10 to send
    state(store, ITEM_MUG, "SHOP-MUG", "loc-1", 4)  # -3 available: goes to 0
    # SHOP-MUG at loc-2: never sent nor read

    preview = inventory_preview(viewer, store)

    assert preview.changes == [
        PreviewRow("SHOP-MUG", "loc-1", ITEM_MUG, 4, 0),
        PreviewRow("SHOP-TEE-S", "loc-2", ITEM_TEE, 3, 10),
    ]
    assert preview.to_zero == [PreviewRow("SHOP-MUG", "loc-1", ITEM_MUG, 4, 0)]
    assert (preview.checked, preview.unchanged, preview.unknown) == (4, 1, 1)
    assert preview.note == ""


def test_the_preview_of_a_duplicate_sku_shows_each_listing(viewer, store):
    state(store, ITEM_TEE, "SHOP-TEE-S", "loc-1", 6)
    state(store, "gid://shopify/InventoryItem/9", "SHOP-TEE-S", "loc-1", 1)

    preview = inventory_preview(viewer, store)

    assert preview.changes == [
        PreviewRow("SHOP-TEE-S", "loc-1", "gid://shopify/InventoryItem/9", 1, 6)
    ]
    assert (preview.checked, preview.unchanged, preview.unknown) == (5, 1, 3)


def test_the_preview_says_when_nothing_is_known_of_the_channel(viewer, store):
    preview = inventory_preview(viewer, store)
    assert (preview.checked, preview.changes, preview.unchanged, preview.unknown) == (4, [], 0, 4)
    assert preview.note == NEVER_READ


def test_explain_shows_mode_levels_last_sent_and_pending(viewer, store):
    sent_at = T0 - timedelta(hours=1)
    state(store, ITEM_TEE, "SHOP-TEE-S", "loc-1", 7, last_sent=7, last_sent_at=sent_at)
    state(
        store,
        ITEM_TEE,
        "SHOP-TEE-S",
        "loc-2",
        12,
        last_sent=12,
        last_sent_at=sent_at,
        last_error="Shopify refused the quantity (ITEM_NOT_STOCKED_AT_LOCATION).",
        last_error_at=T0,
    )
    three_rows(store)

    explain = inventory_explain(viewer, store, "SHOP-TEE-S")

    assert (explain.channel_sku, explain.sku) == ("SHOP-TEE-S", "TEE-S")
    assert (explain.mode, explain.mode_label) == (
        "sync_with_fulfillment_channel",
        "Synchronize With Fulfillment Channel",
    )
    loc1, loc2 = explain.locations
    assert (loc1.location, loc1.warehouse.warehouse_code, loc1.warehouse.is_virtual) == (
        "loc-1",
        "A",
        False,
    )
    assert [(lv.code, lv.total, lv.allocated, lv.on_hold, lv.available) for lv in loc1.levels] == [
        ("A", 10, 3, 1, 6)
    ]
    assert (loc1.available, loc1.to_send) == (6, 6)
    assert [(s.listing_ref, s.last_sent, s.last_sent_at) for s in loc1.listings] == [
        (ITEM_TEE, 7, sent_at)
    ]
    assert (loc1.pending.delta, loc1.pending.full, loc1.pending.batch) == (-2, False, None)
    assert (loc2.location, loc2.warehouse.warehouse_code, loc2.warehouse.is_virtual) == (
        "loc-2",
        "V",
        True,
    )
    assert [(lv.code, lv.available) for lv in loc2.levels] == [("A", 6), ("B", 4)]
    assert (loc2.total, loc2.allocated, loc2.on_hold, loc2.available) == (14, 3, 1, 10)
    assert loc2.listings[0].last_error.startswith("Shopify refused")
    assert (loc2.pending.delta, loc2.pending.batch.key) == (4, "batch-1")


def test_explain_of_a_negative_available_sends_zero_and_shows_the_failure(viewer, store):
    three_rows(store)
    loc1, loc2 = inventory_explain(viewer, store, "SHOP-MUG").locations
    assert (loc1.available, loc1.to_send, loc1.listings) == (-3, 0, [])
    assert (loc1.pending.full, loc1.pending.attempts) == (True, 2)
    assert loc1.pending.next_attempt_at == T0 + timedelta(minutes=10)
    assert loc1.pending.last_error == "Shopify answered 503 (Service Unavailable)."
    assert (loc2.available, loc2.pending) == (5, None)


def test_explain_of_an_unmapped_channel_sku_is_not_found(viewer, store):
    with pytest.raises(NotFound, match=r"^NOPE has no SKU mapping on Demo Store\.$"):
        inventory_explain(viewer, store, "NOPE")


def test_explain_of_a_stable_channel_gives_the_accounts_rule(viewer, tenant, store):
    Channel.objects.filter(pk=store.pk).update(is_beta=False)
    stable = Channel.objects.select_related("account").get(pk=store.pk)
    explain = inventory_explain(viewer, stable, "SHOP-TEE-S")
    assert (explain.mode, explain.mode_label) == (
        "stable_real_time",
        "Stable channel, the account's Enable Inventory Real-Time Updates is Yes: adjustments "
        "are sent on manual changes, channel updates and order allocations.",
    )
