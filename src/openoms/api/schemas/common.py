"""Shapes shared by every endpoint: UTC timestamps and the error body."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema


def _utc_iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


UtcDatetime = Annotated[
    datetime,
    PlainSerializer(_utc_iso, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "ISO 8601 date and time in UTC, e.g. 2026-11-23T09:30:00.123456Z.",
        }
    ),
]


class FieldErrorOut(BaseModel):
    """One invalid field: its dotted JSON path and why."""

    field: str = Field(description='Dotted JSON path, e.g. "units_of_measure.size".')
    message: str


class ErrorDetailOut(BaseModel):
    """What went wrong: a stable machine-readable code and a sentence for people."""

    code: str = Field(
        description="missing_api_key, invalid_api_key, permission_denied, not_found, "
        "method_not_allowed, validation_error, malformed_json, conflict, confirmation_required, "
        "idempotency_key_in_progress, idempotency_key_reused, rows_rejected, unknown_sku, "
        "payload_too_large, uri_too_long, unsupported_media_type or internal_error."
    )
    message: str
    fields: list[FieldErrorOut] | None = Field(
        default=None, description="Present on validation errors only: every invalid field."
    )


class ErrorOut(BaseModel):
    """The body of every error response."""

    error: ErrorDetailOut


def csv_answer(description: str) -> dict:
    """``openapi_extra`` of an operation that answers a CSV file (``description``: what it holds)."""
    content = {"text/csv": {"schema": {"type": "string"}}}
    return {"responses": {200: {"description": description, "content": content}}}


def error_responses(*statuses: int) -> dict[int, type[BaseModel]]:
    """``{status: ErrorOut}`` for an operation's documented error answers."""
    return dict.fromkeys(statuses, ErrorOut)


MAX_ID = 2**63 - 1  # the largest row id the database holds
RowId = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]  # in a JSON body: integers only
PathId = Annotated[int, Field(ge=1, le=MAX_ID)]  # in a URL: digits
