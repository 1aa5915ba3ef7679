"""``read_memo``: a memoized reader reads once per block and argument, every time outside."""

from __future__ import annotations

import pytest

from openoms.core.read_memo import memoized, read_memo

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
