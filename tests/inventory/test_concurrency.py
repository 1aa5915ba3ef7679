"""Parallel writers on PostgreSQL: the exact sum, and a ledger that adds up, movement by movement."""

import random
import threading
import time

from django.db import connection, transaction

from openoms.inventory.models import InventoryLevel, InventoryMovement
from openoms.inventory.services.bulk import LevelRow, levels_bulk_set
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.inventory.services.levels import level_adjust, level_set
from openoms.inventory.triggers import Trigger
from tests.concurrency import POSTGRES_RACE, in_parallel

pytestmark = POSTGRES_RACE

THREADS = 8


def chain(level) -> list[tuple[int, int]]:
    return list(level.movements.order_by("id").values_list("change", "resulting"))


def test_eight_clients_adding_and_removing_end_with_the_exact_sum(stock):
    # given: no level yet, so the clients also race to create it
    def adjust(_):
        for i in range(60):
            level_adjust(
                actor=stock.actor,
                account=stock.account,
                warehouse="A",
                variant="SKU-1",
                delta=-1 if i % 6 == 5 else 1,
                trigger=Trigger.API_SINGLE_ROW_UPDATE,
            )

    # when
    _, errors = in_parallel(adjust, THREADS)
    # then
    assert errors == []
    level = InventoryLevel.objects.get()
    assert level.total == THREADS * 40
    movements = chain(level)
    assert len(movements) == THREADS * 60
    running = 0
    for change, resulting in movements:
        running += change
        assert resulting == running
    assert running == level.total


def test_eight_clients_adding_one_each_time_give_every_resulting_value_once(stock):
    # when
    def add(_):
        for _ in range(50):
            level_adjust(
                actor=stock.actor,
                account=stock.account,
                warehouse="B",
                variant="SKU-2",
                delta=1,
                trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
            )

    _, errors = in_parallel(add, THREADS)
    # then
    assert errors == []
    level = InventoryLevel.objects.get()
    assert level.total == THREADS * 50
    assert sorted(r for _, r in chain(level)) == list(range(1, THREADS * 50 + 1))


def test_parallel_bulk_updates_on_overlapping_levels_keep_the_ledger_exact(stock):
    # given: the same 3 SKUs x 2 warehouses, in a different order in each request
    pairs = [(w, s) for w in ("A", "B") for s in ("SKU-1", "SKU-2", "SKU-3")]

    def bulk(i):
        rng = random.Random(i)
        for _ in range(10):
            order = rng.sample(pairs, len(pairs))
            rows = [LevelRow(n, w, s, rng.randint(0, 50)) for n, (w, s) in enumerate(order, 1)]
            levels_bulk_set(actor=stock.actor, account=stock.account, rows=rows)

    # when
    _, errors = in_parallel(bulk, 4)
    # then
    assert errors == []
    assert ledger_mismatches() == []
    assert InventoryLevel.objects.count() == 6
    for level in InventoryLevel.objects.all():
        running = 0
        for change, resulting in chain(level):
            running += change
            assert resulting == running
    assert InventoryMovement.objects.filter(resulting__lt=0).count() == 0


def wait_until_blocked(timeout: float = 10.0) -> None:
    """Until another backend waits for a lock (the bulk write, on the uncommitted level)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the bulk write never waited for the other writer")


def test_a_level_created_meanwhile_is_updated_and_the_ledger_follows(stock):
    # given: another writer has created the level (total 5) and not committed yet
    created, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def other_writer():
        try:
            with transaction.atomic():
                level_set(
                    actor=stock.actor,
                    account=stock.account,
                    warehouse="A",
                    variant="SKU-1",
                    total=5,
                    trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
                )
                created.set()
                release.wait(10)
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connection.close()

    outcome = {}

    def bulk_writer():
        try:
            rows = [LevelRow(1, "A", "SKU-1", 8), LevelRow(2, "B", "SKU-1", 3)]
            outcome["result"] = levels_bulk_set(actor=stock.actor, account=stock.account, rows=rows)
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connection.close()

    other = threading.Thread(target=other_writer)
    other.start()
    assert created.wait(10)
    # when: the bulk write starts (it finds no level, so it creates one and waits for the other
    # writer's row), then the other writer commits
    bulk = threading.Thread(target=bulk_writer)
    bulk.start()
    wait_until_blocked()
    release.set()
    other.join(10)
    bulk.join(10)
    # then
    assert errors == []
    assert outcome["result"].counts() == {
        "updated": 2,
        "unchanged": 0,
        "rejected": 0,
        "created": 1,
    }
    assert [(o.line, o.status, o.created) for o in outcome["result"].outcomes] == [
        (1, "updated", False),
        (2, "updated", True),
    ]
    level = InventoryLevel.objects.get(warehouse__code="A")
    assert level.total == 8
    assert list(level.movements.order_by("id").values_list("change", "resulting", "trigger")) == [
        (5, 5, Trigger.ADJUST_INVENTORY_MANUALLY),
        (3, 8, Trigger.API_BULK_UPDATE),
    ]
    assert InventoryMovement.objects.filter(level__warehouse__code="B").count() == 1
    assert ledger_mismatches() == []
