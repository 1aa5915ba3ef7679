"""Bulk inventory level writes: many (warehouse, SKU, total) rows in a handful of statements.

``levels_bulk_set`` serves the API's bulk update; the CSV import feeds the same ``LevelWriter``
batch by batch, so both refuse the same rows with the same reasons. Whatever the row count, a batch
costs one query to resolve the SKUs, one for the warehouses, one to lock the existing levels (in id
order), one insert of the missing levels, one update of the totals and one ledger write (COPY on
PostgreSQL): see ``level_sql``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from openoms.catalog.validation import clean_sku
from openoms.core.errors import InvalidValue, ValidationFailed
from openoms.inventory.services import level_sql
from openoms.inventory.services.level_rules import (
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


@dataclass(frozen=True)
class LevelRow:
    """One requested row, raw as received; ``line`` is what outcomes and reports refer to."""

    line: int
    warehouse: object
    sku: object
    total: object


@dataclass(frozen=True)
class RowOutcome:
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


@dataclass(frozen=True)
class _Target:
    index: int
    line: int
    warehouse_id: int
    variant_id: int
    total: int


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

    def apply(self, rows: Sequence[LevelRow], *, on_error: str = "reject_row") -> BulkResult:
        self.actor.require(Perm.INVENTORY_ADJUST)
        targets, errors = self._validate(rows)
        if errors and on_error == "reject_all":
            outcomes = [
                RowOutcome(row.line, REJECTED, errors.get(index, NOT_APPLIED))
                for index, row in enumerate(rows)
            ]
            return BulkResult(outcomes, applied=False)
        written = self._write(targets)
        outcomes = [
            written[index] if index in written else RowOutcome(row.line, REJECTED, errors[index])
            for index, row in enumerate(rows)
        ]
        return BulkResult(outcomes, applied=True)

    def _validate(self, rows: Sequence[LevelRow]) -> tuple[list[_Target], dict[int, str]]:
        parsed = [self._parse(row) for row in rows]
        self._resolve_warehouses({code for code, _, _, _ in parsed if code})
        skus = list({sku for _, sku, _, _ in parsed if sku})
        variants = level_sql.variant_ids(self.account.pk, skus)
        targets: list[_Target] = []
        errors: dict[int, str] = {}
        for index, (code, sku, total, problems) in enumerate(parsed):
            warehouse_id = self.warehouses[code] if code else None
            if isinstance(warehouse_id, str):
                problems[0] = warehouse_id
            variant_id = variants.get(sku) if sku else None
            if sku and variant_id is None:
                problems[1] = unknown_sku(sku)
            if isinstance(warehouse_id, int) and variant_id is not None:
                problems.append(self._claim(rows[index].line, warehouse_id, variant_id))
            if any(problems):
                errors[index] = " ".join(problem for problem in problems if problem)
            else:
                targets.append(_Target(index, rows[index].line, warehouse_id, variant_id, total))
        return targets, errors

    def _parse(self, row: LevelRow) -> tuple[str | None, str | None, int | None, list]:
        """(code, sku, total) cleaned, None where invalid, and the problems by column."""
        problems: list[str | None] = [None, None, None]
        code = sku = total = None
        try:
            code = clean_code(row.warehouse)
        except InvalidValue as exc:
            problems[0] = str(exc)
        try:
            sku = clean_sku(row.sku)
        except InvalidValue as exc:
            problems[1] = str(exc)
        try:
            total = clean_quantity(row.total, label=self.quantity_label)
        except InvalidValue as exc:
            problems[2] = str(exc)
        return code, sku, total, problems

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

    def _write(self, targets: list[_Target]) -> dict[int, RowOutcome]:
        """Lock, create, update, ledger: the set-based steps; → outcome by row index."""
        now = timezone.now()
        pairs = [(t.warehouse_id, t.variant_id) for t in targets]
        existing = level_sql.lock_levels(pairs)
        missing = [t for t in targets if (t.warehouse_id, t.variant_id) not in existing]
        created = level_sql.insert_levels(
            self.account.pk, [(t.warehouse_id, t.variant_id, t.total) for t in missing], now
        )
        raced = [
            pair
            for pair in ((t.warehouse_id, t.variant_id) for t in missing)
            if pair not in created
        ]
        existing.update(level_sql.lock_levels(raced))
        return self._record(targets, existing, created, now)

    def _record(self, targets, existing, created, now) -> dict[int, RowOutcome]:
        outcomes: dict[int, RowOutcome] = {}
        totals: list[tuple[int, int]] = []
        movements: list[tuple[int, int, int]] = []
        for t in targets:
            pair = (t.warehouse_id, t.variant_id)
            if pair in created:
                before, level_id = 0, created[pair]
            else:
                level_id, before = existing[pair]
                if before != t.total:
                    totals.append((level_id, t.total))
            if before != t.total:
                movements.append((level_id, t.total - before, t.total))
            status = UNCHANGED if before == t.total else UPDATED
            outcomes[t.index] = RowOutcome(t.line, status, created=pair in created)
        level_sql.update_totals(totals, now)
        level_sql.insert_movements(
            movements,
            account_id=self.account.pk,
            trigger=Trigger(self.trigger).value,
            reference=self.reference[:200],
            reason="",
            actor_id=self.actor.user.pk if self.actor.user else None,
            actor_label=self.actor.label[:200],
            now=now,
        )
        return outcomes
