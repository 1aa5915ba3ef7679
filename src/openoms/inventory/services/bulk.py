"""Bulk inventory level writes: many (warehouse, SKU, total) rows in a handful of statements.

``levels_bulk_set`` serves the API's bulk update; the CSV import feeds the same ``LevelWriter``
batch by batch, so both refuse the same rows with the same reasons. Whatever the row count, a batch
costs one query to resolve the SKUs, one for the warehouses not met yet, and one set-based write
of the levels and their ledger rows (``level_sql.write_levels``: on PostgreSQL a ``COPY`` into a
staging table, then one statement that locks, updates, creates and writes the ledger).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from openoms.catalog.validation import clean_sku
from openoms.core.errors import InvalidValue, ValidationFailed
from openoms.inventory.services import level_sql
from openoms.inventory.services.level_rules import (
    MAX_QUANTITY,
    clean_code,
    clean_quantity,
    unknown_sku,
    warehouses_for_codes,
)
from openoms.inventory.triggers import Trigger
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

MAX_ROWS = 10_000
ON_ERROR_CHOICES = ("reject_row", "reject_all")
NOT_APPLIED = "Not applied: another row of this request is invalid (on_error=reject_all)."
UPDATED, UNCHANGED, REJECTED = "updated", "unchanged", "rejected"
CODE_MEMO = 1_000  # raw warehouse texts whose cleaned code is remembered (a file names a few)


class LevelRow(NamedTuple):
    """One requested row, raw as received; ``line`` is what outcomes and reports refer to.
    (Tuples: a file makes one per row, and a tuple is the cheapest immutable record.)"""

    line: int
    warehouse: object
    sku: object
    total: object


class RowOutcome(NamedTuple):
    line: int
    status: str  # "updated" | "unchanged" | "rejected"
    error: str | None = None
    created: bool = False  # the level did not exist before


@dataclass
class BulkResult:
    outcomes: list[RowOutcome]
    applied: bool

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((UPDATED, UNCHANGED, REJECTED, "created"), 0)
        for outcome in self.outcomes:
            counts[outcome.status] += 1
            counts["created"] += outcome.created
        return counts


def levels_bulk_set(
    *,
    actor: Actor,
    account: Account,
    rows: Sequence[LevelRow],
    on_error: str = "reject_row",
    trigger: Trigger = Trigger.API_BULK_UPDATE,
    reference: str = "",
) -> BulkResult:
    """Set the totals of up to 10,000 (warehouse, SKU) rows; one outcome per row, in order.

    ``reject_row`` applies the good rows and rejects the bad ones with their reasons;
    ``reject_all`` applies nothing when any row is bad. A (warehouse, SKU) repeated in the request
    is rejected on its later rows.
    """
    actor.require_account(account)
    actor.require(Perm.INVENTORY_ADJUST)
    if on_error not in ON_ERROR_CHOICES:
        raise ValidationFailed({"on_error": "Use reject_row or reject_all."})
    if len(rows) > MAX_ROWS:
        raise ValidationFailed(
            {"rows": f"Send at most {MAX_ROWS:,} rows per request; this one has {len(rows):,}."}
        )
    with transaction.atomic():
        writer = LevelWriter(actor=actor, account=account, trigger=trigger, reference=reference)
        return writer.apply(rows, on_error=on_error)


@dataclass
class LevelWriter:
    """Applies batches of rows for one request or one file (run inside a transaction).

    It remembers, across the batches of a file, which (warehouse, SKU) pairs were already given
    (``warehouse_id << 40 | variant_id`` → line: two small ints per row) and each warehouse code.
    """

    actor: Actor
    account: Account
    trigger: Trigger
    reference: str = ""
    quantity_label: str = "total"
    seen: dict[int, int] = field(default_factory=dict)
    warehouses: dict[str, int | str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)  # raw warehouse text → its valid code

    def apply(self, rows: Sequence[LevelRow], *, on_error: str = "reject_row") -> BulkResult:
        self.actor.require(Perm.INVENTORY_ADJUST)
        targets, errors = self._validate(rows)
        if errors and on_error == "reject_all":
            outcomes = [
                RowOutcome(row.line, REJECTED, errors.get(index, NOT_APPLIED))
                for index, row in enumerate(rows)
            ]
            return BulkResult(outcomes, applied=False)
        written = level_sql.write_levels(targets, self._ledger())
        created, changed = written.created, written.changed
        totals = {index: total for index, _, _, total in targets} if created else {}
        outcomes = []
        for index, row in enumerate(rows):
            if index in changed:
                outcomes.append(RowOutcome(row.line, UPDATED))
            elif index in created:
                status = UPDATED if totals[index] else UNCHANGED
                outcomes.append(RowOutcome(row.line, status, None, True))
            elif index in errors:
                outcomes.append(RowOutcome(row.line, REJECTED, errors[index]))
            else:
                outcomes.append(RowOutcome(row.line, UNCHANGED))
        return BulkResult(outcomes, applied=True)

    def _ledger(self) -> level_sql.Ledger:
        return level_sql.Ledger(
            account_id=self.account.pk,
            trigger=Trigger(self.trigger).value,
            reference=self.reference[:200],
            reason="",
            actor_id=self.actor.user.pk if self.actor.user else None,
            actor_label=self.actor.label[:200],
            now=timezone.now(),
        )

    def _validate(self, rows: Sequence[LevelRow]) -> tuple[list[level_sql.Target], dict[int, str]]:
        """The rows to write as ``(index, warehouse id, variant id, total)``, and the reason
        each other row (by index) is rejected: every problem found, in column order."""
        parsed = [self._parse(row) for row in rows]
        self._resolve_warehouses({code for code, _, _, _ in parsed if code})
        skus = list({sku for _, sku, _, _ in parsed if sku})
        variants = level_sql.variant_ids(self.account.pk, skus)
        warehouses, seen = self.warehouses, self.seen
        targets: list[level_sql.Target] = []
        errors: dict[int, str] = {}
        for index, (code, sku, total, problems) in enumerate(parsed):
            warehouse_id = warehouses[code] if code else None
            variant_id = variants.get(sku)
            if problems is None and variant_id is not None and type(warehouse_id) is int:
                key = warehouse_id << 40 | variant_id
                if key not in seen:  # the usual row: valid, known and met for the first time
                    seen[key] = rows[index].line
                    targets.append((index, warehouse_id, variant_id, total))
                    continue
            problems = problems or [None, None, None]
            if isinstance(warehouse_id, str):
                problems[0] = warehouse_id
            if sku and variant_id is None:
                problems[1] = unknown_sku(sku)
            if isinstance(warehouse_id, int) and variant_id is not None:
                problems.append(self._claim(rows[index].line, warehouse_id, variant_id))
            errors[index] = " ".join(problem for problem in problems if problem)
        return targets, errors

    def _parse(self, row: LevelRow) -> tuple[str | None, str | None, int | None, list | None]:
        """(code, sku, total) cleaned, None where invalid, and the problems by column (None
        when there is none)."""
        warehouse, total = row.warehouse, row.total
        code = self.codes.get(warehouse) if type(warehouse) is str else None
        # The usual row: a warehouse text met before and a plain count (ASCII digits, at most
        # 999,999,999, so within MAX_QUANTITY, or an int in range); the others, and every
        # problem, go through the rules below.
        if code is not None and (
            (type(total) is str and len(total) < 10 and total.isdigit() and total.isascii())
            or (type(total) is int and 0 <= total <= MAX_QUANTITY)
        ):
            try:
                return code, clean_sku(row.sku), int(total), None
            except InvalidValue:
                pass
        problems: list[str | None] = [None, None, None]
        code = sku = total = None
        try:
            code = clean_code(row.warehouse)
        except InvalidValue as exc:
            problems[0] = str(exc)
        else:
            if len(self.codes) < CODE_MEMO and type(row.warehouse) is str:
                self.codes[row.warehouse] = code
        try:
            sku = clean_sku(row.sku)
        except InvalidValue as exc:
            problems[1] = str(exc)
        try:
            total = clean_quantity(row.total, label=self.quantity_label)
        except InvalidValue as exc:
            problems[2] = str(exc)
        return code, sku, total, problems if any(problems) else None

    def _resolve_warehouses(self, codes: set[str]) -> None:
        unseen = codes - self.warehouses.keys()
        if unseen:
            self.warehouses.update(warehouses_for_codes(self.account, unseen))

    def _claim(self, line: int, warehouse_id: int, variant_id: int) -> str | None:
        """Remember the pair's first line; the reason to reject a later one."""
        key = warehouse_id << 40 | variant_id
        first = self.seen.get(key)
        if first is None:
            self.seen[key] = line
            return None
        return f"Duplicate of line {first}: each warehouse and SKU may appear once."
