"""``read_memo``: a memoized reader reads once per block and argument, every time outside."""

from __future__ import annotations

import pytest

from openoms.core.read_memo import memoized, memoized_each, read_memo

READS: list[tuple] = []


@memoized
def reader(key: int, *, flag: bool = False) -> tuple:
    READS.append((key, flag))
    return (key, flag, len(READS))


@pytest.fixture(autouse=True)
def _fresh():
    READS.clear()


def test_outside_a_block_every_call_reads():
    assert reader(1) == (1, False, 1)
    assert reader(1) == (1, False, 2)
    assert READS == [(1, False), (1, False)]


def test_inside_a_block_each_argument_is_read_once():
    with read_memo():
        first = [reader(1), reader(2), reader(1), reader(1, flag=True), reader(2)]
    assert first == [(1, False, 1), (2, False, 2), (1, False, 1), (1, True, 3), (2, False, 2)]
    assert READS == [(1, False), (2, False), (1, True)]


def test_a_nested_block_shares_the_outer_memo_and_a_new_block_reads_again():
    with read_memo():
        reader(1)
        with read_memo():
            reader(1)
        reader(1)
    with read_memo():
        reader(1)
    assert READS == [(1, False), (1, False)]


def test_the_memo_ends_with_its_block_even_when_it_raises():
    with pytest.raises(RuntimeError), read_memo():
        reader(1)
        raise RuntimeError("stop")
    reader(1)
    assert READS == [(1, False), (1, False)]


MANY_READS: list[tuple] = []


@memoized_each
def many(prefix: str, keys: list[int]) -> dict[int, str]:
    MANY_READS.append((prefix, tuple(keys)))
    return {key: f"{prefix}{key}" for key in keys if key % 2}  # even keys have no value


def test_a_reader_of_many_keys_reads_each_key_once_per_block():
    MANY_READS.clear()
    with read_memo():
        assert many("a", keys=[1, 2, 3]) == {1: "a1", 3: "a3"}
        assert many("a", keys=[3, 4, 5]) == {3: "a3", 5: "a5"}
        assert many("a", keys=[1, 2, 5]) == {1: "a1", 5: "a5"}
        assert many("b", keys=[1]) == {1: "b1"}
    assert MANY_READS == [("a", (1, 2, 3)), ("a", (4, 5)), ("b", (1,))]


def test_a_reader_of_many_keys_reads_every_time_outside_a_block():
    MANY_READS.clear()
    assert many("a", keys=[1, 2]) == {1: "a1"}
    assert many("a", keys=[1, 2]) == {1: "a1"}
    assert MANY_READS == [("a", (1, 2)), ("a", (1, 2))]
