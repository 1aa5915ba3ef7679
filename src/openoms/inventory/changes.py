"""Who hears of level changes, in the transaction that makes them.

Both level writers (the single-row services in ``services/levels.py`` and the bulk engine in
``services/level_sql.py``) call ``recorded`` once per write, after inserting their ledger rows,
with the levels whose Available quantity changed and by how much. Higher apps register a
listener at start-up (``sync`` registers the inventory sync outbox: docs/adr/0004), so a change
and what it must send to the channels commit together or not at all. An explicit registry
called by the writers, not a signal: the writers name the one place that hears them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LevelChanges:
    """The levels of one account a write changed: ``pairs`` (variant id, warehouse id) and the
    change of each one's Available quantity (``deltas``, same order), the write's trigger, and
    for an order's allocation the channel the order came from."""

    account_id: int
    trigger: str
    pairs: Sequence[tuple[int, int]]
    deltas: Sequence[int]
    source_channel_id: int | None = None


Listener = Callable[[LevelChanges], None]
_LISTENERS: list[Listener] = []


def register_listener(listener: Listener) -> None:
    """Hear every level write (once, from an app's ``ready``)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def recorded(changes: LevelChanges) -> None:
    """Tell every listener of ``changes`` (in the caller's transaction); nothing when no level's
    Available changed."""
    if not changes.pairs:
        return
    for listener in _LISTENERS:
        listener(changes)
