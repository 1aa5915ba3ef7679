"""Checking ``C_SKU_Mappings.csv`` rows and applying them, one batch at a time, for one file.

A row is ``SKU,Channel SKU``: the OpenOMS SKU (catalog rules: kept exactly, no surrounding spaces,
no control characters) and the channel's SKU (``clean_channel_sku``). A row with the wrong number
of columns, a bad or empty value, a Channel SKU already met earlier in the file, or an OpenOMS SKU
the account does not have is rejected with its line and reason and changes nothing; the others
create or repoint their mapping, or are unchanged when it already points at that SKU.

Memory stays bounded by one batch plus the file's Channel SKUs seen so far (a str → line dict, so a
later duplicate can name the line it repeats); ``undo`` forgets those of a batch rolled back.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone

from openoms.activity.import_kinds import BatchReport, Record, rejection
from openoms.catalog.validation import MAX_SKU_LENGTH, clean_sku
from openoms.channels.models import Channel
from openoms.channels.services.sku_mappings import MAX_CHANNEL_SKU, clean_channel_sku
from openoms.channels.sku_mapping_sql import upsert_mappings
from openoms.core.csv_files import width_problem
from openoms.core.errors import InvalidValue

WIDTH = 2  # SKU, Channel SKU


def _plainly_valid(fields: list[str]) -> bool:
    """The fast test of the usual row: two values that ``clean_sku`` and ``clean_channel_sku``
    both accept. Printable text holds no whitespace but the plain space (every other kind is a
    control or separator character), so no space at either end means nothing to strip. A row
    failing this test goes through the cleaners themselves, for their reasons."""
    if len(fields) != WIDTH:
        return False
    sku, channel_sku = fields
    return (
        0 < len(sku) <= MAX_SKU_LENGTH
        and 0 < len(channel_sku) <= MAX_CHANNEL_SKU
        and sku.isprintable()
        and channel_sku.isprintable()
        and unicodedata.is_normalized("NFC", sku)
        and sku[0] != " " != sku[-1]
        and channel_sku[0] != " " != channel_sku[-1]
    )


def unknown_sku(sku: str) -> str:
    return f"Unknown OpenOMS SKU {sku!r}: no product variant of this account has it."


def duplicate_of(line: int) -> str:
    return f"Duplicate of line {line}: each Channel SKU may appear once in the file."


@dataclass
class SkuMappingImporter:
    """The state of one file's import across its batches: its channel and the Channel SKUs seen."""

    channel: Channel
    seen: dict[str, int] = field(default_factory=dict)
    first_line: int = 0  # of the last batch applied

    def apply(self, records: list[Record]) -> BatchReport:
        """Check a batch's rows, write the good ones, and count every row by its outcome."""
        self.first_line = records[0][0] if records else 0
        report = BatchReport()
        staged = self._check(records, report)
        written = upsert_mappings(self.channel, staged, timezone.now())
        report.created = written.created
        report.updated = written.updated
        report.unchanged = len(staged) - written.created - written.updated - len(written.unknown)
        report.rejected += len(written.unknown)
        report.issues.extend(
            rejection(self.seen[channel_sku], unknown_sku(sku), [sku, channel_sku])
            for sku, channel_sku in written.unknown
        )
        report.issues.sort(key=lambda issue: issue.line)
        return report

    def undo(self) -> None:
        """Forget the Channel SKUs the last batch met (lines only grow through the file)."""
        seen = self.seen
        for channel_sku in [key for key, line in seen.items() if line >= self.first_line]:
            del seen[channel_sku]

    def _check(self, records: list[Record], report: BatchReport) -> list[list[str]]:
        """The rows that pass the checks, as ``[SKU, Channel SKU]``; the others are rejected into
        ``report``. A row's line stays known through ``seen`` (its Channel SKU is met once)."""
        staged: list[list[str]] = []
        seen = self.seen
        for line, fields in records:
            if _plainly_valid(fields) and seen.setdefault(fields[1], line) == line:
                staged.append(fields)
                continue
            problem = self._problem(line, fields)
            if problem is None:
                staged.append(fields)
            else:
                report.rejected += 1
                report.issues.append(rejection(line, problem, fields))
        return staged

    def _problem(self, line: int, fields: list[str]) -> str | None:
        """Why the row is rejected (every reason found, in column order), or None."""
        if len(fields) != WIDTH:
            return width_problem(fields, WIDTH)
        sku, channel_sku = fields
        problems = []
        try:
            clean_sku(sku)
        except InvalidValue as exc:
            problems.append(str(exc))
        try:
            clean_channel_sku(channel_sku)
        except InvalidValue as exc:
            problems.append(str(exc))
        else:
            first = self.seen.setdefault(channel_sku, line)
            if first != line:
                problems.append(duplicate_of(first))
        return " ".join(problems) if problems else None
