"""Settings read once per batch: inside ``with read_memo():`` a ``@memoized`` reader answers a
repeated call (same arguments) with what it read the first time; outside, it reads every time.

For work that handles many items in a row with the same configuration — the Import Orders run
importing a batch of orders reads the account's warehouses, carrier list and mappings, the
channels that hear a level change and their SKU mappings, once per batch instead of once per
order (``memoized_each``: a reader of many keys, such as variants, reads each key once). A change of such a
setting applies from the next batch (a batch lasts about a second). Only readers whose answer
cannot make a write wrong when it is a batch old are memoized; every check that guards a write
(stock, uniqueness, a job's active run) still reads the database under its lock.

The memo belongs to the block's context (a ``ContextVar``): threads and requests never share it.
Readers take hashable arguments (ids, codes) and return values their callers do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_MEMO: ContextVar[dict | None] = ContextVar("openoms_read_memo", default=None)


@contextmanager
def read_memo() -> Iterator[None]:
    """Memoize the ``@memoized`` readers for the block (a nested block shares the outer one)."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def memoized(reader: Callable[P, R]) -> Callable[P, R]:
    """The reader, answering from the memo inside a ``read_memo`` block (see the module)."""

    @wraps(reader)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _MEMO.get()
        if memo is None:
            return reader(*args, **kwargs)
        key = (reader, args, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = reader(*args, **kwargs)
        return memo[key]

    return wrapper


_ABSENT = object()


def memoized_each(reader: Callable[..., dict]) -> Callable[..., dict]:
    """A reader of many keys at once, ``reader(*args, keys) -> {key: value}`` (a key it does
    not answer has no value), memoized key by key inside a ``read_memo`` block: a call reads
    only the keys no earlier call of the block read (with the same ``args``)."""

    @wraps(reader)
    def wrapper(*args, keys: list) -> dict:
        memo = _MEMO.get()
        if memo is None:
            return reader(*args, keys)
        known = memo.setdefault((reader, args), {})
        if missing := [key for key in keys if key not in known]:
            found = reader(*args, missing)
            known.update((key, found.get(key, _ABSENT)) for key in missing)
        return {key: known[key] for key in keys if known[key] is not _ABSENT}

    return wrapper
