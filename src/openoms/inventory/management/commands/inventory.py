"""``openoms inventory check [--account CODE] [--repair]``: does every level equal its ledger?

Prints each mismatch (account, warehouse, SKU, quantity, level value, ledger sum) and exits with
status 1 when there is any; ``--repair`` writes a Ledger Repair movement for each so the ledger
matches the level again, and exits 0.
"""

from django.core.management.base import CommandError

from openoms.inventory.models import InventoryLevel
from openoms.inventory.services.ledger import ledger_mismatches, ledger_repair
from openoms.tenancy.management.commands._cli import ActionCommand, account_by_code


class Command(ActionCommand):
    actor_label = "openoms inventory"
    help = "Check (and repair) that inventory levels equal the sum of their movements."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Compare every level with its ledger.")
        check.add_argument("--account", help="Only this account (its code).")
        check.add_argument(
            "--repair",
            action="store_true",
            help="Write a Ledger Repair movement for each mismatch.",
        )

    def _check(self, actor, *, account=None, repair=False, **_):
        scope = account_by_code(account) if account else None
        levels = InventoryLevel.objects.all()
        if scope is not None:
            levels = levels.filter(account=scope)
        mismatches = ledger_mismatches(account=scope)
        self.stdout.write(f"Checked {levels.count():,} levels.")
        for m in mismatches:
            self.stdout.write(
                f"Mismatch: account {m.account}, warehouse {m.warehouse}, SKU {m.sku}, "
                f"{m.quantity}: level {m.level_value}, ledger {m.ledger_sum}"
            )
        if not mismatches:
            self.stdout.write("Every level equals the sum of its movements.")
            return
        if not repair:
            raise CommandError(
                f"{len(mismatches)} level quantities differ from their ledger. "
                "Run again with --repair to write a Ledger Repair movement for each."
            )
        repaired = [ledger_repair(actor=actor, mismatch=m) for m in mismatches]
        done = sum(1 for movement in repaired if movement is not None)
        self.stdout.write(
            f"Repaired {done}: wrote a Ledger Repair movement for each, "
            "so the ledger now matches the levels."
        )
