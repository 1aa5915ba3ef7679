"""CSV files of the Maintenance menus: downloads (export, template) and uploads (import)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from openoms.activity.models import FileImport
from openoms.core.errors import ValidationFailed
from openoms.tenancy.models import Account

CSV_TYPE = "text/csv; charset=utf-8"


def _attachment(response: HttpResponse, file_name: str) -> HttpResponse:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", file_name)  # names can come from uploads
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


def csv_stream(lines: Iterable[str], file_name: str) -> StreamingHttpResponse:
    """A CSV sent as it is produced (exports can be large)."""
    return _attachment(StreamingHttpResponse(lines, content_type=CSV_TYPE), file_name)


def csv_file(content: str, file_name: str) -> HttpResponse:
    return _attachment(HttpResponse(content, content_type=CSV_TYPE), file_name)


def start_import(request, start: Callable[[UploadedFile], FileImport], back_url: str):
    """Hand the uploaded ``file`` to ``start(upload)`` and open the import's page; a refused
    file goes back to ``back_url`` with the reason."""
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, "Choose a CSV file to import.")
        return redirect(back_url)
    try:
        file_import = start(file)
    except ValidationFailed as exc:
        messages.error(request, " ".join(exc.errors.values()) or exc.message)
        return redirect(back_url)
    return redirect("web:import", file_import.pk)


def import_upload(start: Callable, back_url_name: str):
    """A POST-only view body: hand the uploaded ``file`` to ``start(actor, account, upload)``
    (see ``start_import``)."""

    @require_POST
    def upload(request, account: Account):
        return start_import(
            request,
            lambda file: start(actor=request.actor, account=account, upload=file),
            reverse(back_url_name),
        )

    return upload
