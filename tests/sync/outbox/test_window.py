"""The coalescing window (``OPENOMS_PUSH_WINDOW_SECONDS``): a change waits for the changes after
it, so a burst spread over the window travels in one call; a full batch goes at once; the
Sales Channel Manual Sync does not wait."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openoms.automation.models import JobRun
from openoms.sync.models import PendingPush
from openoms.sync.services.outbox import outbox_drain_queue
from tests.sync.outbox.conftest import adjust, drain, pending, push_job

pytestmark = pytest.mark.django_db
WINDOW = 60


@pytest.fixture(autouse=True)
def _window(settings):
    settings.OPENOMS_PUSH_WINDOW_SECONDS = WINDOW


def age(seconds: float) -> None:
    """Every outbox row was first queued ``seconds`` ago."""
    PendingPush.objects.update(first_queued_at=timezone.now() - timedelta(seconds=seconds))


def queued(channel) -> JobRun:
    return JobRun.objects.get(pk=push_job(channel).active_run_id)


def test_a_change_queues_the_drain_at_the_end_of_the_window(shop, fake):
    # when
    before = timezone.now()
    adjust(shop, shop.b, "TEE", 5)

    # then
    due = queued(shop.channel).due_at
    assert before + timedelta(seconds=WINDOW) <= due <= timezone.now() + timedelta(seconds=WINDOW)


def test_a_drain_before_the_window_ends_sends_nothing_and_comes_back_when_it_does(shop, fake):
    # given
    adjust(shop, shop.b, "TEE", 5)
    age(WINDOW - 10)

    # when
    run = drain(shop.channel)

    # then
    assert fake.calls == []
    assert run.counts == {"sent": 0, "unchanged": 0, "skipped": 0, "failed": 0}
    assert pending(shop.channel) == {("SHOP-TEE", "loc-2"): (5, False, 1)}
    first = PendingPush.objects.get().first_queued_at
    assert queued(shop.channel).due_at == first + timedelta(seconds=WINDOW)


def test_the_changes_of_the_window_go_in_one_call(shop, fake):
    # given
    adjust(shop, shop.b, "TEE", 5)
    adjust(shop, shop.a, "MUG", 2)
    adjust(shop, shop.b, "TEE", -1)
    age(WINDOW)

    # when
    run = drain(shop.channel)

    # then
    assert [(kind, sorted(entries)) for kind, entries, _ in fake.calls] == [
        (
            "adjust",
            [
                ("item-mug", "loc-1", 2, 0),
                ("item-mug", "loc-2", 2, 0),
                ("item-tee", "loc-2", 4, 0),
            ],
        )
    ]
    assert run.counts["sent"] == 3
    assert pending(shop.channel) == {}
    assert push_job(shop.channel).active_run_id is None


def test_young_changes_ride_with_a_ripe_one(shop, fake):
    # given: TEE's change is ripe, MUG's is not
    adjust(shop, shop.b, "TEE", 5)
    age(WINDOW)
    adjust(shop, shop.a, "MUG", 2)

    # when
    drain(shop.channel)

    # then: the call is made anyway, so MUG's changes go in it
    assert [sorted(entries) for _, entries, _ in fake.calls] == [
        [("item-mug", "loc-1", 2, 0), ("item-mug", "loc-2", 2, 0), ("item-tee", "loc-2", 5, 0)]
    ]
    assert pending(shop.channel) == {}


def test_a_change_during_the_call_waits_its_own_window(shop, fake, monkeypatch):
    # given: TEE's change is ripe; MUG's comes while TEE's call is out
    adjust(shop, shop.b, "TEE", 5)
    age(WINDOW)
    send = fake.adjust_quantities

    def meanwhile(deltas, key=None):
        monkeypatch.setattr(fake, "adjust_quantities", send)
        adjust(shop, shop.a, "MUG", 2)
        return send(deltas, key)

    monkeypatch.setattr(fake, "adjust_quantities", meanwhile)

    # when
    drain(shop.channel)

    # then: TEE went alone; MUG waits, the next run due when its window ends
    assert [entries for _, entries, _ in fake.calls] == [[("item-tee", "loc-2", 5, 0)]]
    assert set(pending(shop.channel)) == {("SHOP-MUG", "loc-1"), ("SHOP-MUG", "loc-2")}
    first = PendingPush.objects.order_by("first_queued_at").first().first_queued_at
    assert queued(shop.channel).due_at == first + timedelta(seconds=WINDOW)


def test_a_full_batch_goes_without_waiting(shop, fake):
    # given: 250 young rows of listed SKUs at loc-1
    fake.listed = {f"SHOP-{n}": [f"item-{n}"] for n in range(250)}
    now = timezone.now()
    PendingPush.objects.bulk_create(
        PendingPush(
            account=shop.account,
            channel=shop.channel,
            channel_sku=f"SHOP-{n}",
            location="loc-1",
            delta=1,
            first_queued_at=now,
            updated_at=now,
        )
        for n in range(250)
    )
    outbox_drain_queue({shop.channel.pk})

    # when
    drain(shop.channel)

    # then
    assert [(kind, len(entries)) for kind, entries, _ in fake.calls] == [("adjust", 250)]
    assert pending(shop.channel) == {}
