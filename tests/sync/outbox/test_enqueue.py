"""The outbox is written by the level writers, in their transaction, coalesced per (channel SKU,
location), by the trigger table and the channel's mode; a change queues the channel's drain."""

from __future__ import annotations

import pytest
from django.db import transaction

from openoms.automation.models import JobRun, RunStatus
from openoms.channels.models import Channel
from openoms.inventory.services.bulk import LevelRow, levels_bulk_set
from openoms.inventory.triggers import Trigger
from openoms.sync.models import PendingPush
from openoms.sync.services.outbox import outbox_catch_up, outbox_enqueue_full
from tests.sync.outbox.conftest import adjust, pending, push_job
from tests.sync.runs import SYSTEM

pytestmark = pytest.mark.django_db


def bulk(shop, *rows, trigger=Trigger.API_BULK_UPDATE):
    return levels_bulk_set(
        actor=SYSTEM,
        account=shop.account,
        rows=[LevelRow(i, code, sku, total) for i, (code, sku, total) in enumerate(rows)],
        trigger=trigger,
    )


def test_a_change_and_its_outbox_rows_commit_together(shop):
    adjust(shop, shop.a, "TEE", 5)
    # A at loc-1 and (as a member of V) at loc-2
    assert pending(shop.channel) == {
        ("SHOP-TEE", "loc-1"): (5, False, 1),
        ("SHOP-TEE", "loc-2"): (5, False, 1),
    }


def test_a_rolled_back_change_leaves_no_row(shop):
    with pytest.raises(RuntimeError), transaction.atomic():
        adjust(shop, shop.b, "MUG", 4)
        assert pending(shop.channel) == {("SHOP-MUG", "loc-2"): (4, False, 1)}
        raise RuntimeError("the caller fails after the write")
    assert pending(shop.channel) == {}


def test_changes_coalesce_deltas_add_and_each_bumps_the_version(shop):
    adjust(shop, shop.b, "TEE", 5)
    adjust(shop, shop.b, "TEE", -2)
    adjust(shop, shop.b, "TEE", 4)
    assert pending(shop.channel) == {("SHOP-TEE", "loc-2"): (7, False, 3)}


def test_a_full_wins_over_deltas(shop):
    Channel.objects.filter(pk=shop.channel.pk).update(
        inventory_sync_mode="sync_with_fulfillment_channel"
    )
    adjust(shop, shop.b, "TEE", 5, trigger=Trigger.FULFILLMENT_CHANNEL_RECURRING_JOB)
    Channel.objects.filter(pk=shop.channel.pk).update(inventory_sync_mode="real_time")
    adjust(shop, shop.b, "TEE", 2)
    row = PendingPush.objects.get(channel=shop.channel)
    assert (row.full, row.version) == (True, 2)


def test_the_bulk_engine_enqueues_in_one_write(shop):
    result = bulk(shop, ("A", "TEE", 3), ("B", "MUG", 2), ("A", "CAP", 9))
    assert result.counts()["updated"] == 3
    # API bulk in Real-Time: deltas; CAP is unmapped: nothing
    assert pending(shop.channel) == {
        ("SHOP-TEE", "loc-1"): (3, False, 1),
        ("SHOP-TEE", "loc-2"): (3, False, 1),
        ("SHOP-MUG", "loc-2"): (2, False, 1),
    }
    bulk(shop, ("A", "TEE", 1))
    assert pending(shop.channel)[("SHOP-TEE", "loc-1")] == (1, False, 2)


def test_do_not_synchronize_enqueues_nothing_but_the_manual_sync_fulls(shop):
    Channel.objects.filter(pk=shop.channel.pk).update(inventory_sync_mode="do_not_sync")
    adjust(shop, shop.a, "TEE", 5)
    bulk(shop, ("B", "MUG", 2))
    assert pending(shop.channel) == {}
    assert outbox_enqueue_full(Channel.objects.get(pk=shop.channel.pk)) == 4
    assert set(pending(shop.channel).values()) == {(0, True, 1)}


def test_a_disabled_channel_gets_nothing(shop):
    Channel.objects.filter(pk=shop.channel.pk).update(is_enabled=False)
    adjust(shop, shop.a, "TEE", 5)
    assert pending(shop.channel) == {}


def test_stable_channels_follow_the_account_setting(shop):
    Channel.objects.filter(pk=shop.channel.pk).update(is_beta=False)
    account = shop.account
    account.enable_inventory_real_time_updates = False
    account.save(update_fields=["enable_inventory_real_time_updates"])
    adjust(shop, shop.a, "TEE", 5)
    assert pending(shop.channel) == {}
    account.enable_inventory_real_time_updates = True
    account.save(update_fields=["enable_inventory_real_time_updates"])
    adjust(shop, shop.a, "TEE", 1)
    assert pending(shop.channel)[("SHOP-TEE", "loc-1")] == (1, False, 1)


def test_a_change_queues_one_drain_run_in_its_transaction(shop):
    adjust(shop, shop.a, "TEE", 5)
    job = push_job(shop.channel)
    run = JobRun.objects.get(pk=job.active_run_id)
    assert (run.status, run.job_type, run.actor_label) == (
        RunStatus.QUEUED,
        "push_inventory_updates",
        "Inventory changes",
    )
    adjust(shop, shop.a, "TEE", 1)
    assert JobRun.objects.filter(job=job).count() == 1


def test_catch_up_enqueues_what_differs_from_what_was_last_sent(shop, fake):
    from tests.sync.outbox.conftest import drain

    adjust(shop, shop.a, "TEE", 5)
    drain(shop.channel)
    assert pending(shop.channel) == {}
    Channel.objects.filter(pk=shop.channel.pk).update(inventory_sync_mode="do_not_sync")
    adjust(shop, shop.b, "MUG", 3)
    # TEE was sent (5 at loc-1 and loc-2); MUG never: its two locations differ (0 and 3 vs none)
    assert outbox_catch_up(Channel.objects.get(pk=shop.channel.pk)) == 2
    assert set(pending(shop.channel)) == {("SHOP-MUG", "loc-1"), ("SHOP-MUG", "loc-2")}
