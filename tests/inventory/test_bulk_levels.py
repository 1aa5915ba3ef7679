"""levels_bulk_set: one outcome per row in order, reject_row / reject_all, duplicates, the limit."""

import pytest

from openoms.core.errors import NotFound, ValidationFailed
from openoms.inventory.models import InventoryLevel, InventoryMovement
from openoms.inventory.services.bulk import NOT_APPLIED, BulkResult, LevelRow, RowOutcome
from openoms.inventory.services.bulk import levels_bulk_set as bulk_set
from openoms.inventory.triggers import Trigger
from tests.inventory.stock import levels_by_key, set_level, snapshot

UNKNOWN_D = "Unknown warehouse 'D' (not enabled for this account)."


def rows(*values):
    return [LevelRow(line, *value) for line, value in enumerate(values, start=1)]


def test_reject_row_applies_the_good_rows_and_reports_each_row_in_order(stock):
    # given
    set_level(stock.account, stock.variants["SKU-1"], stock.warehouses["A"], 5)
    set_level(stock.account, stock.variants["SKU-2"], stock.warehouses["A"], 9)
    # when
    result = bulk_set(
        actor=stock.actor,
        account=stock.account,
        rows=rows(
            ("A", "SKU-1", 8),
            ("D", "SKU-1", 1),
            ("A", "SKU-2", "9"),
            ("B", "SKU-3", 4),
            ("B", "NOPE", -1),
            ("WH-V", "SKU-1", 1),
            ("B", "SKU-1", 0),
        ),
    )
    # then
    assert result == BulkResult(
        [
            RowOutcome(1, "updated"),
            RowOutcome(2, "rejected", UNKNOWN_D),
            RowOutcome(3, "unchanged"),
            RowOutcome(4, "updated", created=True),
            RowOutcome(5, "rejected", "Unknown SKU 'NOPE'. The total must be 0 or more; got -1."),
            RowOutcome(
                6,
                "rejected",
                "WH-V is a virtual warehouse: set stock on its physical members (A, B).",
            ),
            RowOutcome(7, "unchanged", created=True),
        ],
        applied=True,
    )
    assert result.counts() == {"updated": 2, "unchanged": 2, "rejected": 3, "created": 2}
    assert levels_by_key(stock.account) == {
        ("A", "SKU-1"): 8,
        ("A", "SKU-2"): 9,
        ("B", "SKU-3"): 4,
        ("B", "SKU-1"): 0,
    }


def test_the_ledger_gets_one_movement_per_changed_row(stock):
    # given
    set_level(stock.account, stock.variants["SKU-1"], stock.warehouses["A"], 5)
    # when
    bulk_set(
        actor=stock.actor,
        account=stock.account,
        rows=rows(("A", "SKU-1", 2), ("B", "SKU-2", 6), ("B", "SKU-3", 0)),
        reference="batch 7",
    )
    # then
    movements = InventoryMovement.objects.filter(trigger=Trigger.API_BULK_UPDATE).order_by("id")
    assert [
        (m.level.warehouse.code, m.level.variant.sku, m.change, m.resulting) for m in movements
    ] == [("A", "SKU-1", -3, 2), ("B", "SKU-2", 6, 6)]
    assert {(m.reference, m.actor, m.actor_label) for m in movements} == {
        ("batch 7", stock.actor.user, stock.actor.label)
    }


def test_reject_all_applies_nothing_when_one_row_is_bad(stock):
    # given
    set_level(stock.account, stock.variants["SKU-1"], stock.warehouses["A"], 5)
    before = snapshot()
    # when
    result = bulk_set(
        actor=stock.actor,
        account=stock.account,
        rows=rows(("A", "SKU-1", 8), ("D", "SKU-1", 1), ("B", "SKU-2", 3)),
        on_error="reject_all",
    )
    # then
    assert result == BulkResult(
        [
            RowOutcome(1, "rejected", NOT_APPLIED),
            RowOutcome(2, "rejected", UNKNOWN_D),
            RowOutcome(3, "rejected", NOT_APPLIED),
        ],
        applied=False,
    )
    assert snapshot() == before


def test_reject_all_applies_everything_when_every_row_is_good(stock):
    # when
    result = bulk_set(
        actor=stock.actor,
        account=stock.account,
        rows=rows(("A", "SKU-1", 8), ("B", "SKU-2", 3)),
        on_error="reject_all",
    )
    # then
    assert result.applied is True
    assert [o.status for o in result.outcomes] == ["updated", "updated"]
    assert levels_by_key(stock.account) == {("A", "SKU-1"): 8, ("B", "SKU-2"): 3}


def test_a_repeated_warehouse_and_sku_is_rejected_on_its_later_rows(stock):
    # when
    result = bulk_set(
        actor=stock.actor,
        account=stock.account,
        rows=rows(("A", "SKU-1", 1), ("a", "SKU-1", 2), ("B", "SKU-1", 3), ("A", "SKU-1", 4)),
    )
    # then
    duplicate = "Duplicate of line 1: each warehouse and SKU may appear once."
    assert result.outcomes == [
        RowOutcome(1, "updated", created=True),
        RowOutcome(2, "rejected", duplicate),
        RowOutcome(3, "updated", created=True),
        RowOutcome(4, "rejected", duplicate),
    ]
    assert levels_by_key(stock.account) == {("A", "SKU-1"): 1, ("B", "SKU-1"): 3}


def test_another_tenants_sku_and_warehouse_are_unknown(stock):
    # when
    result = bulk_set(
        actor=stock.actor, account=stock.account, rows=rows(("C", "THEIRS", 1), ("A", "THEIRS", 1))
    )
    # then
    assert result.outcomes == [
        RowOutcome(
            1,
            "rejected",
            "Unknown warehouse 'C' (not enabled for this account). Unknown SKU 'THEIRS'.",
        ),
        RowOutcome(2, "rejected", "Unknown SKU 'THEIRS'."),
    ]
    assert snapshot() == ([], 0)


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ((None, "SKU-1", 1), "The warehouse is required."),
        (
            ("w" * 40, "SKU-1", 1),
            f"Unknown warehouse '{'W' * 30}…' (not enabled for this account).",
        ),
        (("A", None, 1), "The SKU is required."),
        (("A", 12, 1), "The SKU is required."),
        (("A", "SKU-1", 1.5), "The total must be a whole number; got 1.5."),
        (("A", "SKU-1", ""), "The total is required."),
        (("A", "SKU-1", False), "The total must be a whole number; got False."),
        (("A", "SKU-1", [1]), "The total must be a whole number; got [1]."),
    ],
)
def test_malformed_values_are_rejected_with_a_reason(stock, row, error):
    # when
    result = bulk_set(actor=stock.actor, account=stock.account, rows=rows(row))
    # then
    assert result.outcomes == [RowOutcome(1, "rejected", error)]
    assert snapshot() == ([], 0)


def test_more_than_10000_rows_are_refused_before_anything_is_read(stock):
    # given
    many = [LevelRow(i, "A", "SKU-1", 1) for i in range(10_001)]
    # when
    with pytest.raises(ValidationFailed) as refused:
        bulk_set(actor=stock.actor, account=stock.account, rows=many)
    # then
    assert refused.value.errors == {
        "rows": "Send at most 10,000 rows per request; this one has 10,001."
    }
    assert snapshot() == ([], 0)


def test_an_unknown_on_error_is_refused(stock):
    # when / then
    with pytest.raises(ValidationFailed) as refused:
        bulk_set(actor=stock.actor, account=stock.account, rows=[], on_error="skip")
    assert refused.value.errors == {"on_error": "Use reject_row or reject_all."}


def test_another_tenants_account_is_not_found(stock, other_tenant):
    # when / then
    with pytest.raises(NotFound):
        bulk_set(actor=stock.actor, account=other_tenant.account, rows=rows(("C", "THEIRS", 1)))
    assert snapshot() == ([], 0)


def test_ten_thousand_rows_in_one_call(stock):
    # given: 10,000 variants, half of them already stocked in A
    from openoms.catalog.models import ProductVariant

    product = stock.variants["SKU-1"].product
    ProductVariant.objects.bulk_create(
        ProductVariant(account=stock.account, product=product, sku=f"BULK-{i:05}")
        for i in range(5000)
    )
    first = rows(*(("A", f"BULK-{i:05}", i % 7) for i in range(5000)))
    bulk_set(actor=stock.actor, account=stock.account, rows=first)
    second = [
        LevelRow(i + 1, code, f"BULK-{i // 2:05}", 3) for i, code in enumerate(["A", "B"] * 5000)
    ]
    # when
    result = bulk_set(actor=stock.actor, account=stock.account, rows=second)
    # then
    already_three = sum(1 for i in range(5000) if i % 7 == 3)
    assert result.counts() == {
        "updated": 10_000 - already_three,
        "unchanged": already_three,
        "rejected": 0,
        "created": 5000,
    }
    assert InventoryLevel.objects.filter(total=3).count() == 10_000
    assert sum(InventoryMovement.objects.values_list("change", flat=True)) == 30_000


def test_skus_with_quotes_commas_braces_and_backslashes_are_found(stock):
    # given
    from tests.inventory.stock import make_variants

    odd = ["O'NEIL", 'SAY "HI"', "A,B", "{X}", "BACK\\SLASH", "NULL", "ÉTÉ ☀"]
    make_variants(stock.account, *odd, product_name="Odd")
    # when
    result = bulk_set(
        actor=stock.actor, account=stock.account, rows=rows(*(("A", sku, 2) for sku in odd))
    )
    # then
    assert [o.status for o in result.outcomes] == ["updated"] * len(odd)
    assert levels_by_key(stock.account) == {("A", sku): 2 for sku in odd}
