"""level_set / level_adjust: the level, its ledger rows, and every refusal changing nothing."""

import pytest

from openoms.core.errors import NotFound, PermissionDenied, ValidationFailed
from openoms.inventory.models import InventoryLevel, InventoryMovement
from openoms.inventory.services.levels import level_adjust, level_set
from openoms.inventory.triggers import Trigger
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.inventory.stock import set_level, snapshot

MANUAL = Trigger.ADJUST_INVENTORY_MANUALLY


def ledger(level):
    return list(
        InventoryMovement.objects.filter(level=level)
        .order_by("id")
        .values_list("change", "resulting", "trigger", "reason", "reference", "actor_label")
    )


def test_set_creates_the_level_with_one_movement(stock):
    # when
    movement = level_set(
        actor=stock.actor,
        account=stock.account,
        warehouse="A",
        variant="SKU-1",
        total=7,
        trigger=MANUAL,
        reason="count",
        reference="ref-1",
    )
    # then
    level = InventoryLevel.objects.get()
    assert (level.warehouse.code, level.variant.sku, level.total) == ("A", "SKU-1", 7)
    assert (movement.level, movement.actor) == (level, stock.actor.user)
    assert ledger(level) == [(7, 7, MANUAL.value, "count", "ref-1", stock.actor.label)]


def test_set_to_the_same_total_writes_nothing_and_returns_none(stock):
    # given
    set_level(stock.account, stock.variants["SKU-1"], stock.warehouses["A"], 5)
    before = snapshot()
    # when
    movement = level_set(
        actor=stock.actor,
        account=stock.account,
        warehouse=stock.warehouses["A"],
        variant=stock.variants["SKU-1"],
        total="5",
        trigger=MANUAL,
    )
    # then
    assert movement is None
    assert snapshot() == before


def test_set_to_zero_on_a_missing_level_creates_it_without_a_movement(stock):
    # when
    movement = level_set(
        actor=stock.actor,
        account=stock.account,
        warehouse="A",
        variant="SKU-2",
        total=0,
        trigger=MANUAL,
    )
    # then
    assert movement is None
    assert list(InventoryLevel.objects.values_list("total", flat=True)) == [0]
    assert InventoryMovement.objects.count() == 0


def test_set_then_adjust_writes_change_and_resulting(stock):
    # given
    args = {"actor": stock.actor, "account": stock.account, "warehouse": "B", "variant": "SKU-3"}
    # when
    level_set(**args, total=10, trigger=MANUAL)
    level_adjust(**args, delta=-4, trigger=Trigger.API_SINGLE_ROW_UPDATE, reason="damaged")
    level_adjust(**args, delta="+3", trigger=MANUAL)
    level_set(**args, total=2, trigger=MANUAL)
    # then
    level = InventoryLevel.objects.get()
    assert level.total == 2
    assert [(c, r, t, why) for c, r, t, why, _, _ in ledger(level)] == [
        (10, 10, MANUAL.value, ""),
        (-4, 6, Trigger.API_SINGLE_ROW_UPDATE.value, "damaged"),
        (3, 9, MANUAL.value, ""),
        (-7, 2, MANUAL.value, ""),
    ]


def test_adjust_by_zero_changes_nothing(stock):
    # given
    before = snapshot()
    # when
    movement = level_adjust(
        actor=stock.actor,
        account=stock.account,
        warehouse="A",
        variant="SKU-1",
        delta=0,
        trigger=MANUAL,
    )
    # then
    assert movement is None
    assert snapshot() == before


def test_adjust_below_zero_is_refused_and_nothing_changes(stock):
    # given
    set_level(stock.account, stock.variants["SKU-1"], stock.warehouses["A"], 3)
    before = snapshot()
    # when
    with pytest.raises(ValidationFailed) as refused:
        level_adjust(
            actor=stock.actor,
            account=stock.account,
            warehouse="A",
            variant="SKU-1",
            delta=-5,
            trigger=MANUAL,
        )
    # then
    assert refused.value.errors == {"adjust": "Removing 5 would leave -2 in stock (there are 3)."}
    assert snapshot() == before


def test_removing_from_a_missing_level_is_refused_and_creates_nothing(stock):
    # when
    with pytest.raises(ValidationFailed) as refused:
        level_adjust(
            actor=stock.actor,
            account=stock.account,
            warehouse="A",
            variant="SKU-1",
            delta=-1,
            trigger=MANUAL,
        )
    # then
    assert refused.value.errors == {"adjust": "Removing 1 would leave -1 in stock (there are 0)."}
    assert snapshot() == ([], 0)


@pytest.mark.parametrize(
    ("warehouse", "message"),
    [
        ("WH-V", "WH-V is a virtual warehouse: set stock on its physical members (A, B)."),
        ("D", "Unknown warehouse 'D' (not enabled for this account)."),
        ("C", "Unknown warehouse 'C' (not enabled for this account)."),
        ("NOPE", "Unknown warehouse 'NOPE' (not enabled for this account)."),
        ("", "The warehouse is required."),
    ],
)
def test_warehouses_that_hold_no_stock_of_the_account_are_refused(stock, warehouse, message):
    # given
    before = snapshot()
    # when
    with pytest.raises(ValidationFailed) as refused:
        level_set(
            actor=stock.actor,
            account=stock.account,
            warehouse=warehouse,
            variant="SKU-1",
            total=1,
            trigger=MANUAL,
        )
    # then
    assert refused.value.errors == {"warehouse": message}
    assert snapshot() == before


def test_a_warehouse_row_of_another_organization_is_unknown(stock):
    # when
    with pytest.raises(ValidationFailed) as refused:
        level_set(
            actor=stock.actor,
            account=stock.account,
            warehouse=stock.warehouses["C"],
            variant="SKU-1",
            total=1,
            trigger=MANUAL,
        )
    # then
    assert refused.value.errors == {
        "warehouse": "Unknown warehouse 'C' (not enabled for this account)."
    }
    assert snapshot() == ([], 0)


@pytest.mark.parametrize(
    ("sku", "message"),
    [
        ("THEIRS", "Unknown SKU 'THEIRS'."),
        ("sku-1", "Unknown SKU 'sku-1'."),
        (" SKU-1", "The SKU ' SKU-1' starts or ends with a space; remove it."),
        ("", "The SKU is required."),
    ],
)
def test_skus_the_account_does_not_have_are_refused(stock, sku, message):
    # when
    with pytest.raises(ValidationFailed) as refused:
        level_set(
            actor=stock.actor,
            account=stock.account,
            warehouse="A",
            variant=sku,
            total=1,
            trigger=MANUAL,
        )
    # then
    assert refused.value.errors == {"sku": message}
    assert snapshot() == ([], 0)


@pytest.mark.parametrize(
    ("total", "message"),
    [
        (-1, "The total must be 0 or more; got -1."),
        ("7.5", "The total must be a whole number; got '7.5'."),
        ("1.0", "The total must be a whole number; got '1.0'."),
        (7.0, "The total must be a whole number; got 7.0."),
        ("abc", "The total must be a whole number; got 'abc'."),
        (True, "The total must be a whole number; got True."),
        (None, "The total is required."),
        (10**12, "The total must be at most 1,000,000,000; got 1000000000000."),
    ],
)
def test_bad_totals_are_refused(stock, total, message):
    # when
    with pytest.raises(ValidationFailed) as refused:
        level_set(
            actor=stock.actor,
            account=stock.account,
            warehouse="A",
            variant="SKU-1",
            total=total,
            trigger=MANUAL,
        )
    # then
    assert refused.value.errors == {"total": message}
    assert snapshot() == ([], 0)


def test_every_problem_is_reported_at_once(stock):
    # when
    with pytest.raises(ValidationFailed) as refused:
        level_adjust(
            actor=stock.actor,
            account=stock.account,
            warehouse="D",
            variant="NOPE",
            delta="x",
            trigger=MANUAL,
            reason="r" * 201,
        )
    # then
    assert refused.value.errors == {
        "warehouse": "Unknown warehouse 'D' (not enabled for this account).",
        "sku": "Unknown SKU 'NOPE'.",
        "adjust": "The adjustment must be a whole number; got 'x'.",
        "reason": "The reason is longer than 200 characters.",
    }


def test_another_tenants_account_is_not_found(stock, other_tenant):
    # when / then
    with pytest.raises(NotFound):
        level_set(
            actor=stock.actor,
            account=other_tenant.account,
            warehouse="C",
            variant="THEIRS",
            total=1,
            trigger=MANUAL,
        )
    assert snapshot() == ([], 0)


def test_a_role_without_inventory_adjust_is_denied(stock, monkeypatch):
    # given
    from openoms.tenancy import permissions

    monkeypatch.setitem(
        permissions.PERMISSIONS, permissions.Perm.INVENTORY_ADJUST, frozenset({Role.SUPERVISOR})
    )
    # when / then
    with pytest.raises(PermissionDenied):
        level_set(
            actor=stock.actor,
            account=stock.account,
            warehouse="A",
            variant="SKU-1",
            total=1,
            trigger=MANUAL,
        )
    assert snapshot() == ([], 0)


def test_an_api_key_actor_is_recorded_by_its_label(stock):
    # given
    actor = Actor(role="api_key", label="API key ERP (oms_1234…)", account_id=stock.account.pk)
    # when
    movement = level_set(
        actor=actor,
        account=stock.account,
        warehouse="A",
        variant="SKU-1",
        total=4,
        trigger=Trigger.API_SINGLE_ROW_UPDATE,
    )
    # then
    assert (movement.actor, movement.actor_label) == (None, "API key ERP (oms_1234…)")
