"""openoms inventory check: finds a level that disagrees with its ledger; --repair fixes it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openoms.inventory.models import InventoryLevel, InventoryMovement
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.inventory.services.levels import level_adjust, level_set
from openoms.inventory.triggers import Trigger
from tests.inventory.stock import enable, make_variants, make_warehouse


def check(*args) -> str:
    out = StringIO()
    call_command("inventory", "check", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def stocked(stock):
    for warehouse, sku, total in [("A", "SKU-1", 5), ("B", "SKU-1", 3), ("A", "SKU-2", 9)]:
        level_set(
            actor=stock.actor,
            account=stock.account,
            warehouse=warehouse,
            variant=sku,
            total=total,
            trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
        )
    level_adjust(
        actor=stock.actor,
        account=stock.account,
        warehouse="A",
        variant="SKU-1",
        delta=-2,
        trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
    )
    return stock


def tamper(stock, warehouse, sku, **values):
    InventoryLevel.objects.filter(
        account=stock.account, warehouse__code=warehouse, variant__sku=sku
    ).update(**values)


def test_a_consistent_ledger_passes(stocked):
    # when
    output = check()
    # then
    assert output == "Checked 3 levels.\nEvery level equals the sum of its movements.\n"


def test_a_tampered_level_is_reported_and_the_command_fails(stocked):
    # given
    tamper(stocked, "A", "SKU-1", total=10)
    tamper(stocked, "A", "SKU-2", allocated=2)
    out = StringIO()
    # when
    with pytest.raises(CommandError) as failed:
        call_command("inventory", "check", stdout=out)
    # then
    code = stocked.account.code
    assert out.getvalue() == (
        "Checked 3 levels.\n"
        f"Mismatch: account {code}, warehouse A, SKU SKU-1, total: level 10, ledger 3\n"
        f"Mismatch: account {code}, warehouse A, SKU SKU-2, allocated: level 2, ledger 0\n"
    )
    assert str(failed.value) == (
        "2 level quantities differ from their ledger. Run again with --repair to write a "
        "Ledger Repair movement for each."
    )


def test_repair_writes_one_movement_per_mismatch_and_the_check_then_passes(stocked):
    # given
    tamper(stocked, "A", "SKU-1", total=1)
    tamper(stocked, "A", "SKU-2", allocated=2)
    # when
    output = check("--repair")
    # then
    assert output.endswith(
        "Repaired 2: wrote a Ledger Repair movement for each, so the ledger now matches the "
        "levels.\n"
    )
    repairs = InventoryMovement.objects.filter(trigger=Trigger.LEDGER_REPAIR).order_by("id")
    assert [
        (m.level.variant.sku, m.quantity, m.change, m.resulting, m.reason) for m in repairs
    ] == [
        ("SKU-1", "total", -2, 1, "Ledger repair: the level was 1, its movements added up to 3."),
        (
            "SKU-2",
            "allocated",
            2,
            2,
            "Ledger repair: the level was 2, its movements added up to 0.",
        ),
    ]
    assert ledger_mismatches() == []
    assert check().endswith("Every level equals the sum of its movements.\n")


def test_the_check_can_be_limited_to_one_account(stocked, other_tenant):
    # given: the other tenant's level is broken, ours is not
    c = make_warehouse(other_tenant.organization, "OTHER")
    enable(other_tenant.account, c)
    variant = make_variants(other_tenant.account, "X")["X"]
    InventoryLevel.objects.create(
        account=other_tenant.account, variant=variant, warehouse=c, total=4
    )
    # when
    ours = check("--account", stocked.account.code)
    # then
    assert ours == "Checked 3 levels.\nEvery level equals the sum of its movements.\n"
    with pytest.raises(CommandError):
        check("--account", other_tenant.account.code)


def test_an_unknown_account_code_fails_clearly(db):
    # when / then
    with pytest.raises(CommandError, match="No account with code 'NOPE'"):
        check("--account", "NOPE")
