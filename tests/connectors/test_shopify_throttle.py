"""The Shopify connector's pacing: it never sends a request the bucket cannot cover, follows the
bucket Shopify reports, and waits exactly the time the bucket needs after THROTTLED."""

import threading

import pytest

from openoms.connectors.shopify.throttle import CostBucket


class Clock:
    def __init__(self):
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def status(available: float, maximum: float = 2000, restore: float = 100) -> dict:
    return {
        "requestedQueryCost": 10,
        "actualQueryCost": 10,
        "throttleStatus": {
            "maximumAvailable": maximum,
            "currentlyAvailable": available,
            "restoreRate": restore,
        },
    }


@pytest.fixture
def clock() -> Clock:
    return Clock()


def bucket(clock: Clock, **fields) -> CostBucket:
    return CostBucket(clock=clock, sleep=clock.sleep, **fields)


def test_a_full_bucket_sends_at_once_then_paces_at_the_restore_rate(clock):
    # given the Standard plan's full bucket (2,000 points, 100 restored per second)
    paced = bucket(clock)
    # when 200 mutations of 10 points go out, then 10 more
    first = [paced.acquire(10) for _ in range(200)]
    more = [paced.acquire(10) for _ in range(10)]
    # then the first 200 cost no wait, each next one a tenth of a second
    assert sum(first) == 0
    assert more == pytest.approx([0.1] * 10)
    assert clock.now == pytest.approx(1.0)


def test_the_reported_bucket_is_followed(clock):
    # given a Plus store reporting 500 of 20,000 points, restoring 1,000 per second
    paced = bucket(clock)
    paced.settle(status(500, maximum=20000, restore=1000))
    # when a request of 1,000 points goes out
    waited = paced.acquire(1000)
    # then it waited for the missing 500 points at 1,000 per second
    assert waited == pytest.approx(0.5)
    assert (paced.maximum, paced.restore_rate) == (20000, 1000)


def test_throttled_says_how_long_the_bucket_needs(clock):
    paced = bucket(clock)
    assert paced.throttled(250, status(50)) == pytest.approx(2.0)
    assert paced.throttled(10, status(50)) == 0


def test_a_response_without_cost_changes_nothing(clock):
    paced = bucket(clock)
    paced.acquire(100)
    paced.settle(None)
    paced.settle({"requestedQueryCost": 1})
    assert paced.available == pytest.approx(1900)


def test_a_cost_above_the_bucket_waits_for_a_full_bucket_only(clock):
    paced = bucket(clock, available=0.0)
    assert paced.acquire(5000) == pytest.approx(20.0)


def test_threads_share_the_bucket_without_overdrawing_it(clock):
    # given a real clock would race: use the fake one under a lock-free test of totals
    paced = bucket(clock)
    lock = threading.Lock()
    waits: list[float] = []

    def worker():
        for _ in range(50):
            with lock:  # the fake clock is not thread-safe; the bucket's own lock is what we test
                waits.append(paced.acquire(10))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 200 x 10 points = exactly the full bucket: nobody waited, nothing overdrawn
    assert sum(waits) == 0
    assert paced.available == pytest.approx(0)


def test_a_negative_cost_is_refused(clock):
    with pytest.raises(ValueError):
        bucket(clock).acquire(-1)
