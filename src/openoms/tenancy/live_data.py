"""How much live data an account holds, asked of the apps that own it.

Tenancy sits below the catalog, channels and orders, so it cannot query them. Each of those apps
registers a counter here when Django starts (``AppConfig.ready``); tenancy reads the totals to
decide, for example, whether a Master Product Source change needs a confirmation. This is a read,
never a reaction: nothing is written through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openoms.tenancy.models import Account

_COUNTERS: dict[str, Callable[[Account], int]] = {}
# A label shown in brackets after another one ("5 products (16 SKUs)"): label -> the one it details.
_DETAILS: dict[str, str] = {}


def register_counter(
    label: str, counter: Callable[[Account], int], *, detail_of: str | None = None
) -> None:
    """Register ``counter(account) -> int`` under a plural label such as "products";
    ``detail_of``: the label this one is shown after, in brackets (SKUs after products)."""
    _COUNTERS[label] = counter
    if detail_of:
        _DETAILS[label] = detail_of


def unregister_counter(label: str) -> None:
    _COUNTERS.pop(label, None)


def live_data_counts(account: Account) -> dict[str, int]:
    """Non-zero counts by label, e.g. ``{"products": 120}``."""
    counts = {label: counter(account) for label, counter in _COUNTERS.items()}
    return {label: count for label, count in counts.items() if count}


def _counted(label: str, count: int) -> str:
    return f"{count} {label[:-1] if count == 1 and label.endswith('s') else label}"


def describe_counts(counts: dict[str, int]) -> str:
    """``{"products": 5, "SKUs": 16, "channels": 1}`` as "5 products (16 SKUs), 1 channel"."""
    parts = []
    for label, count in counts.items():
        if _DETAILS.get(label) in counts:
            continue
        details = [_counted(d, n) for d, n in counts.items() if _DETAILS.get(d) == label]
        bracket = f" ({', '.join(details)})" if details else ""
        parts.append(_counted(label, count) + bracket)
    return ", ".join(parts)


@contextmanager
def counter_replaced(label: str, counter: Callable[[Account], int]) -> Iterator[None]:
    """Use ``counter`` for ``label`` inside the block, then restore what was there (for tests)."""
    previous = _COUNTERS.get(label)
    register_counter(label, counter)
    try:
        yield
    finally:
        if previous is None:
            unregister_counter(label)
        else:
            _COUNTERS[label] = previous
