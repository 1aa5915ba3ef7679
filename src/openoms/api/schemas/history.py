"""The account history (audit trail) entry shape."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from openoms.api.pagination import page_schema
from openoms.api.schemas.common import UtcDatetime
from openoms.tenancy.models import AuditAction

ActionCode = Literal[tuple(AuditAction.values)]


class HistoryEntryOut(BaseModel):
    """One recorded change: who, when, what, and old -> new as people read them."""

    id: int
    created_at: UtcDatetime
    actor: str = Field(description="Who did it: a user's e-mail, an API key, or the command line.")
    action: ActionCode
    field: str = Field(
        description='For settings, the dotted API path (e.g. "units_of_measure.size"); '
        "otherwise what the entry is about (e.g. api_key, role)."
    )
    field_label: str
    old_value: str
    new_value: str


HistoryPageOut = page_schema(HistoryEntryOut, "AccountHistoryPage")
