"""CSV files of the Maintenance menus: downloads (export, template) and uploads (import)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

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


def import_upload(start: Callable, back_url_name: str):
    """A POST-only view body: hand the uploaded ``file`` to ``start(actor, account, upload)``
    and open the import's page; a refused file goes back with the reason."""

    @require_POST
    def upload(request, account: Account):
        file = request.FILES.get("file")
        if file is None:
            messages.error(request, "Choose a CSV file to import.")
            return redirect(back_url_name)
        try:
            file_import = start(actor=request.actor, account=account, upload=file)
        except ValidationFailed as exc:
            messages.error(request, " ".join(exc.errors.values()) or exc.message)
            return redirect(back_url_name)
        return redirect("web:import", file_import.pk)

    return upload
