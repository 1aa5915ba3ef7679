"""Property: after any sequence of set / adjust / bulk writes, levels are what a simple model says
and every level equals the sum of its movements."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openoms.core.errors import ValidationFailed
from openoms.inventory.services.bulk import LevelRow, levels_bulk_set
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.inventory.services.levels import level_adjust, level_set
from openoms.inventory.triggers import Trigger
from tests.inventory.stock import levels_by_key

PAIRS = [(w, s) for w in ("A", "B") for s in ("SKU-1", "SKU-2")]
pair = st.sampled_from(PAIRS)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("set"), pair, st.integers(0, 30)),
        st.tuples(st.just("adjust"), pair, st.integers(-10, 10)),
        st.tuples(st.just("bulk"), st.lists(st.tuples(pair, st.integers(-2, 30)), max_size=6)),
    ),
    max_size=12,
)
MANUAL = Trigger.ADJUST_INVENTORY_MANUALLY


def apply(stock, model: dict, operation) -> None:
    """Do ``operation`` through the service and to ``model`` ((warehouse, sku) → total)."""
    kind, *args = operation
    target = {"actor": stock.actor, "account": stock.account}
    if kind == "set":
        (warehouse, sku), total = args
        level_set(**target, warehouse=warehouse, variant=sku, total=total, trigger=MANUAL)
        model[(warehouse, sku)] = total
    elif kind == "adjust":
        (warehouse, sku), delta = args
        current = model.get((warehouse, sku), 0)
        try:
            level_adjust(**target, warehouse=warehouse, variant=sku, delta=delta, trigger=MANUAL)
        except ValidationFailed:
            assert current + delta < 0
            return
        if delta:
            model[(warehouse, sku)] = current + delta
    else:
        rows = [LevelRow(n, w, s, t) for n, ((w, s), t) in enumerate(args[0], start=1)]
        levels_bulk_set(**target, rows=rows)
        seen: set = set()
        for row in rows:
            if (row.warehouse, row.sku) not in seen and row.total >= 0:
                model[(row.warehouse, row.sku)] = row.total
            seen.add((row.warehouse, row.sku))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations)
def test_levels_follow_the_model_and_always_equal_their_ledger(stock, ops):
    # given: whatever earlier examples left
    model = levels_by_key(stock.account)
    # when
    for operation in ops:
        apply(stock, model, operation)
    # then
    assert levels_by_key(stock.account) == model
    assert ledger_mismatches() == []
