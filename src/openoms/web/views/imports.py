"""File imports of the selected account: the recent list, and one import's page (progress while it
runs, then its counts and the rejected or warned rows with their line numbers and reasons)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRefresh

from openoms.activity.models import FileImport
from openoms.activity.selectors import (
    file_import_get,
    file_import_issues,
    file_import_issues_csv,
    file_imports_recent,
)
from openoms.catalog.imports import IMPORT_KIND as PRODUCT_IMPORT_KIND
from openoms.channels.selectors import channels
from openoms.channels.sku_mapping_csv import IMPORT_KIND as SKU_MAPPING_IMPORT_KIND
from openoms.channels.sku_mapping_csv import sku_mapping_import_channel_id
from openoms.inventory.imports import IMPORT_KIND as INVENTORY_IMPORT_KIND
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.channel_scope import ChannelScope
from openoms.web.scopes import selected_account_page
from openoms.web.views.files import csv_stream

ISSUES_PAGE_SIZE = 50
RECENT = 100


@dataclass(frozen=True)
class ImportKind:
    """How a kind of import is named on the pages, who may read it and where it comes from
    (``list_url_name`` None: the page of the channel the import is for)."""

    label: str
    perm: Perm
    list_url_name: str | None


# By FileImport.kind, up to a ":" (SKU mapping imports are "sku_mappings:<channel id>").
KINDS = {
    PRODUCT_IMPORT_KIND: ImportKind("Products", Perm.CATALOG_VIEW, "web:products"),
    INVENTORY_IMPORT_KIND: ImportKind("Inventory levels", Perm.INVENTORY_VIEW, "web:inventory"),
    SKU_MAPPING_IMPORT_KIND: ImportKind("SKU mappings", Perm.CHANNELS_VIEW, None),
}
_UNKNOWN = ImportKind("File", Perm.CATALOG_VIEW, "web:imports")

imports_page = selected_account_page(
    Perm.CATALOG_VIEW, "File Imports", "Imports belong to one account."
)


def kind_of(file_import: FileImport) -> ImportKind:
    return KINDS.get(file_import.kind.partition(":")[0], _UNKNOWN)


def _import(request, account: Account, pk: int) -> tuple[FileImport, ImportKind]:
    """The account's import (another tenant's is not found), readable by the actor's role."""
    file_import = file_import_get(request.actor, account, pk)
    kind = kind_of(file_import)
    request.actor.require(kind.perm)
    return file_import, kind


def _back_url(request, account: Account, file_import: FileImport, kind: ImportKind) -> str:
    """Where the import came from: its list page, or its channel's SKU Mappings tab."""
    if kind.list_url_name:
        return reverse(kind.list_url_name)
    found = channels(request.actor, account).filter(pk=sku_mapping_import_channel_id(file_import))
    channel = found.first()
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
    back_url = _back_url(request, account, file_import, kind)
    context = {
        "title": f"Import of {file_import.file_name}",
        "breadcrumbs": [("File Imports", reverse("web:imports")), (kind.label, back_url)],
        "file_import": file_import,
        "kind": kind,
        "back_url": back_url,
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
