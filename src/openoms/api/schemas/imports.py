"""File imports by API: what starting one answers (202) and what a GET of its ``url`` gives."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from openoms.api.pagination import page_schema
from openoms.api.schemas.common import UtcDatetime

ImportStatusCode = Literal["queued", "running", "succeeded", "failed"]
ImportKindCode = Literal[
    "products",
    "inventory_levels",
    "sku_mappings",
    "carriers",
    "carrier_mappings",
    "sales_orders",
    "purchase_orders",
]


class FileImportCountsOut(BaseModel):
    """How many rows of the file ended in each outcome so far."""

    created: int
    updated: int
    unchanged: int
    rejected: int
    warning: int = Field(description="Rows skipped with a warning (products: a SKU met twice…).")


class FileImportIssueOut(BaseModel):
    """A rejected or warned row: its line in the file (the header is line 1) and why."""

    line: int
    severity: Literal["error", "warning"] = Field(description="error: rejected; warning: skipped.")
    reason: str
    row: str = Field(description="The row as it was in the file (shortened).")


FileImportIssuePageOut = page_schema(FileImportIssueOut, "FileImportIssuePageOut")


class FileImportOut(BaseModel):
    """A file import: its progress while it runs, then its report (counts and the rejected or
    warned rows by line, a page at a time: ``?page=&page_size=``)."""

    id: int
    url: str = Field(description="Where to GET this import again (its report once finished).")
    kind: ImportKindCode
    channel_id: int | None = Field(description="The channel of a SKU mappings import.")
    file_name: str
    status: ImportStatusCode = Field(
        description="queued → running → succeeded (every row applied or reported) or failed "
        "(the file stopped part-way: `error` says why and how far it got)."
    )
    progress_percent: int = Field(description="Of the file's bytes read; 100 once finished.")
    rows_processed: int = Field(description="Rows read and applied or reported so far.")
    counts: FileImportCountsOut
    error: str | None = Field(description="Why the file stopped part-way; null otherwise.")
    created_at: UtcDatetime
    started_at: UtcDatetime | None
    finished_at: UtcDatetime | None
    issues: FileImportIssuePageOut
