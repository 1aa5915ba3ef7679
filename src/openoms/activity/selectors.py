"""File import and Events log reads for pages and the API, scoped to the acting account.

An import of another tenant is "not found". The area's permission (e.g. catalog.view for a
product import) is checked by the caller, which knows the kind it shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from openoms.activity.models import Event, EventLevel, FileImport, FileImportIssue
from openoms.core.csv_files import csv_chunks
from openoms.core.errors import NotFound, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

ISSUES_HEADER = ["Line", "Severity", "Reason", "Row"]


def file_import_get(
    actor: Actor, account: Account, pk: int, *, kind: str | None = None
) -> FileImport:
    actor.require_account(account)
    imports = FileImport.objects.filter(account=account, pk=pk)
    if kind is not None:
        imports = imports.filter(kind=kind)
    file_import = imports.first()
    if file_import is None:
        raise NotFound("Import not found.")
    return file_import


def file_imports_recent(
    actor: Actor, account: Account, *, kind: str | None = None, limit: int = 20
) -> QuerySet[FileImport]:
    """The account's latest imports (of one kind), newest first."""
    actor.require_account(account)
    imports = FileImport.objects.filter(account=account)
    if kind is not None:
        imports = imports.filter(kind=kind)
    return imports.order_by("-created_at", "-id")[:limit]


def file_import_issues(
    actor: Actor, account: Account, file_import: FileImport, *, severity: str | None = None
) -> QuerySet[FileImportIssue]:
    """The import's rejected and warned rows, by line (at most 50,000 are stored)."""
    actor.require_account(account)
    if file_import.account_id != account.pk:
        raise NotFound("Import not found.")
    issues = FileImportIssue.objects.filter(file_import=file_import)
    if severity is not None:
        issues = issues.filter(severity=severity)
    return issues.order_by("line", "id")


def file_import_issues_csv(
    actor: Actor, account: Account, file_import: FileImport
) -> Iterator[str]:
    """The issues as a CSV download (Line, Severity, Reason, Row), streamed."""
    issues = file_import_issues(actor, account, file_import)
    rows = (
        (line, "Rejected" if severity == "error" else "Warning", reason, excerpt)
        for line, severity, reason, excerpt in issues.values_list(
            "line", "severity", "reason", "row_excerpt"
        ).iterator(chunk_size=2000)
    )
    return csv_chunks(ISSUES_HEADER, rows)


@dataclass(frozen=True)
class EventFilter:
    """What the Events page and ``GET /api/v2/events`` filter on; every field is optional.

    ``entity`` matches an entity's id or label exactly, or (with ``entity_type``) narrows to one
    kind of entity; ``since``/``until`` are aware datetimes (the caller converts from the
    account's timezone); ``search`` looks inside messages.
    """

    level: str | None = None
    channel_id: int | None = None
    entity_type: str | None = None
    entity: str | None = None
    run_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    search: str | None = None


def events(actor: Actor, account: Account, filters: EventFilter | None = None) -> QuerySet[Event]:
    """The account's Events log, newest first, narrowed by ``filters``.

    Another tenant's account is "not found". The page or API showing it checks its permission.
    """
    actor.require_account(account)
    f = filters or EventFilter()
    found = Event.objects.filter(account=account)
    if f.level:
        if f.level not in EventLevel.values:
            raise ValidationFailed({"level": "Choose Info, Warning, Error or Fatal."})
        found = found.filter(level=f.level)
    if f.since and f.until and f.since > f.until:
        raise ValidationFailed({"until": "The end of the period is before its start."})
    exact = {
        "channel_id": f.channel_id,
        "entity_type": f.entity_type,
        "run_id": f.run_id,
        "created_at__gte": f.since,
        "created_at__lt": f.until,
    }
    found = found.filter(**{key: value for key, value in exact.items() if value})
    if f.entity:
        found = found.filter(Q(entity_id=f.entity) | Q(entity_label=f.entity))
    if f.search:
        found = found.filter(message__icontains=f.search)
    return found.order_by("-created_at", "-id")
