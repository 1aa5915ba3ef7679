"""File imports as API answers (see ``schemas/imports.py``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from openoms.activity.models import FileImport, FileImportIssue
from openoms.activity.selectors import file_import_issues
from openoms.api.pagination import PageParams, paginate
from openoms.tenancy.actor import Actor

COUNTS = ("created", "updated", "unchanged", "rejected", "warning")


def file_import_issue_out(issue: FileImportIssue) -> dict[str, Any]:
    return {
        "line": issue.line,
        "severity": issue.severity,
        "reason": issue.reason,
        "row": issue.row_excerpt,
    }


def file_import_out(
    request: HttpRequest, actor: Actor, file_import: FileImport, params: PageParams | None = None
) -> dict[str, Any]:
    """The import with the page of its issues that ``params`` asks for (the first by default)."""
    issues = file_import_issues(actor, file_import.account, file_import)
    return {
        "id": file_import.pk,
        "url": f"/api/v2/imports/{file_import.pk}",
        "kind": file_import.kind,
        "channel_id": file_import.channel_id,
        "file_name": file_import.file_name,
        "status": file_import.status,
        "progress_percent": file_import.progress_percent,
        "rows_processed": file_import.rows_processed,
        "counts": {name: getattr(file_import, f"{name}_count") for name in COUNTS},
        "error": file_import.error or None,
        "created_at": file_import.created_at,
        "started_at": file_import.started_at,
        "finished_at": file_import.finished_at,
        "issues": paginate(request, issues, params or PageParams(), file_import_issue_out),
    }
