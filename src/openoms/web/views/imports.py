"""File imports of the selected account: the recent list, one import's page (progress while it
runs, then its counts and the rejected or warned rows with their line numbers and reasons), and
its "Run again" (the same file, as a new import)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from openoms.activity.import_kinds import ImportKind, import_kinds
from openoms.activity.imports import file_import_rerun
from openoms.activity.models import FileImport
from openoms.activity.selectors import (
    file_import_get,
    file_import_issues,
    file_import_issues_csv,
    file_imports_recent,
)
from openoms.channels.selectors import channels
from openoms.core.errors import Conflict, ValidationFailed
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.channel_scope import ChannelScope
from openoms.web.scopes import selected_account_page
from openoms.web.views.files import csv_stream

ISSUES_PAGE_SIZE = 50
RECENT = 100
# Where an import of each kind comes from; a channel import: its channel's SKU Mappings tab.
LIST_URL_NAMES = {
    "products": "web:products",
    "inventory_levels": "web:inventory",
    "sales_orders": "web:sales_orders",
    "purchase_orders": "web:purchase_orders",
}
_UNKNOWN = ImportKind(
    code="",
    label="File",
    file_name="",
    import_perm=Perm.CATALOG_EDIT,
    view_perm=Perm.CATALOG_VIEW,
    batch_rows=1,
    check_header=lambda account, header: None,
    writer=lambda file_import, actor, header: None,
)

imports_page = selected_account_page(
    Perm.CATALOG_VIEW, "File Imports", "Imports belong to one account."
)


def kind_of(file_import: FileImport) -> ImportKind:
    return import_kinds().get(file_import.kind, _UNKNOWN)


def _import(request, account: Account, pk: int) -> tuple[FileImport, ImportKind]:
    """The account's import (another tenant's is not found), readable by the actor's role."""
    file_import = file_import_get(request.actor, account, pk)
    kind = kind_of(file_import)
    request.actor.require(kind.view_perm)
    return file_import, kind


def _back_url(request, account: Account, file_import: FileImport) -> str:
    """Where the import came from: its list page, or its channel's SKU Mappings tab."""
    if file_import.kind in LIST_URL_NAMES:
        return reverse(LIST_URL_NAMES[file_import.kind])
    channel = channels(request.actor, account).filter(pk=file_import.channel_id).first()
    return ChannelScope(channel).url("sku_mappings") if channel else reverse("web:imports")


@imports_page
def imports(request, account: Account):
    rows = [
        (file_import, kind_of(file_import))
        for file_import in file_imports_recent(request.actor, account, limit=RECENT)
    ]
    context = {"title": "File Imports", "breadcrumbs": [("Automation", None)], "rows": rows}
    return render(request, "web/imports/list.html", context)


@imports_page
def file_import(request, account: Account, pk: int):
    file_import, kind = _import(request, account, pk)
    issues = file_import_issues(request.actor, account, file_import)
    back_url = _back_url(request, account, file_import)
    context = {
        "title": f"Import of {file_import.file_name}",
        "breadcrumbs": [("File Imports", reverse("web:imports")), (kind.label, back_url)],
        "file_import": file_import,
        "kind": kind,
        "back_url": back_url,
        "can_run_again": file_import.is_finished and request.actor.can(kind.import_perm),
        "page_obj": Paginator(issues, ISSUES_PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "web/imports/detail.html", context)


@imports_page
def import_progress(request, account: Account, pk: int):
    """The progress bar, polled by htmx every second; once finished the page reloads itself."""
    file_import, _ = _import(request, account, pk)
    if file_import.is_finished and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "web/imports/_progress.html", {"file_import": file_import})


@imports_page
def import_issues_csv(request, account: Account, pk: int):
    file_import, _ = _import(request, account, pk)
    stem = file_import.file_name.rsplit(".", 1)[0] or "import"
    lines = file_import_issues_csv(request.actor, account, file_import)
    return csv_stream(lines, f"{stem}_rejected_rows.csv")


@imports_page
@require_POST
def import_run_again(request, account: Account, pk: int):
    """Import the same file again as a new import, and open it; a refusal stays on this page."""
    try:
        again = file_import_rerun(actor=request.actor, account=account, pk=pk)
    except (Conflict, ValidationFailed) as exc:
        messages.error(request, " ".join(getattr(exc, "errors", {}).values()) or exc.message)
        return redirect("web:import", pk)
    return redirect("web:import", again.pk)
