"""Where an order's import time goes, in process: the product's functions wrapped with timers for
the length of a ``with stage_timer() as seconds`` block (nothing else changes), then
``exclusive(seconds)``: each stage without the stages inside it. Used by
``order_ingest_sql.in_process``."""

from __future__ import annotations

import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from importlib import import_module
from unittest import mock

# (module, function, stage): each patched where it is called from; the stages nest in this order
WRAPPED = (
    ("openoms.sync.services.order_inbox", "order_batch_read", "batch reads"),
    ("openoms.sync.services.order_import_state", "orders_import", "import"),
    ("openoms.sync.services.order_import", "order_draft", "SKU translation and number"),
    ("openoms.sync.services.order_import", "sales_orders_create", "create"),
    ("openoms.orders.services.orders", "orders_allocate", "allocate"),
    ("openoms.orders.services.allocation", "levels_allocate_many", "levels and ledger"),
    ("openoms.inventory.services.allocations", "recorded", "outbox"),
    ("openoms.sync.services.order_inbox", "_mark", "inbox mark"),
)
INSIDE = {
    "import": ("SKU translation and number", "create"),
    "create": ("allocate",),
    "allocate": ("levels and ledger",),
    "levels and ledger": ("outbox",),
}


def _timed(function, stage: str, seconds: Counter):
    def wrapper(*args, **kwargs):
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[stage] += time.perf_counter() - began

    return wrapper


@contextmanager
def stage_timer():
    """Seconds spent in each stage (a Counter, filled while the block runs)."""
    seconds: Counter = Counter()
    with ExitStack() as stack:
        for module_name, name, stage in WRAPPED:
            module = import_module(module_name)
            wrapper = _timed(getattr(module, name), stage, seconds)
            stack.enter_context(mock.patch.object(module, name, wrapper))
        yield seconds


def exclusive(seconds: Counter) -> dict[str, float]:
    """Each stage's seconds without those of the stages it calls ("import" keeps its commit
    and the rest of ``order_import``; "create": the checks, order, lines, events)."""
    return {
        stage: seconds[stage] - sum(seconds[inner] for inner in INSIDE.get(stage, ()))
        for _, _, stage in WRAPPED
    }
