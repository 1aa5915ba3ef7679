"""File imports by API: send a CSV file, get 202 with the import, follow its ``url``.

Products (``POST /products/import``), inventory levels (``POST /inventory/import``) and a
channel's SKU mappings (``POST /channels/{id}/sku-mappings/import``) all start an import of the
one skeleton the web upload uses; ``GET /imports/{id}`` gives its progress and, once finished, its
report; ``POST /imports/{id}/run-again`` imports the same file again (e.g. after its worker died).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from typing import BinaryIO

from django.http import HttpRequest
from ninja import Query, Router, Status

from openoms.activity.import_kinds import import_kinds
from openoms.activity.imports import file_import_rerun
from openoms.activity.models import FileImport
from openoms.activity.selectors import file_import_get
from openoms.api.auth import request_tenant
from openoms.api.pagination import PageParams
from openoms.api.schemas.common import PathId, error_responses
from openoms.api.schemas.imports import FileImportOut
from openoms.api.serializers.imports import file_import_out
from openoms.catalog.imports import product_import_start
from openoms.catalog.product_csv import P_FILE
from openoms.core.errors import NotFound, ValidationFailed
from openoms.inventory.imports import IL_FILE, inventory_import_start
from openoms.tenancy.actor import Actor

router = Router(tags=["Imports"])
products_router = Router(tags=["Products"])
inventory_router = Router(tags=["Inventory"])

MULTIPART = "multipart/form-data"
FILE_FIELD = "file"
IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string", "format": "binary"}},
            MULTIPART: {
                "schema": {
                    "type": "object",
                    "properties": {FILE_FIELD: {"type": "string", "format": "binary"}},
                    "required": [FILE_FIELD],
                }
            },
        },
    }
}
STARTED = {202: FileImportOut, **error_responses(401, 403, 404, 409, 413, 422)}
FOLLOW = (
    "Answers 202 with the import (`status` queued); a worker applies it in batches. `GET` its "
    "`url` for its progress and, once finished, its report: counts, and each rejected row with "
    "its line and reason (paginated). A bad row never stops the file. A file that cannot be "
    "read (empty, binary, wrong header) is 422 `validation_error` on `file`, and nothing is "
    "kept. Files over the API's body limit (413) go through the web import."
)


def request_upload(request: HttpRequest, file_name: str) -> tuple[BinaryIO, str]:
    """The uploaded CSV and its name: the multipart ``file`` field, or else the whole body."""
    if request.content_type != MULTIPART:
        return io.BytesIO(request.body), file_name
    upload = request.FILES.get(FILE_FIELD)
    if upload is None:
        raise ValidationFailed({FILE_FIELD: "Send the CSV file in the form's file field."})
    return upload, upload.name or file_name


def import_accepted(
    request: HttpRequest, actor: Actor, start: Callable[..., FileImport], file_name: str
) -> Status:
    """Start an import of the request's file with ``start(upload=, file_name=)``: 202."""
    upload, name = request_upload(request, file_name)
    file_import = start(upload=upload, file_name=name)
    return Status(202, file_import_out(request, actor, file_import))


def _readable(request: HttpRequest, import_id: int) -> tuple[Actor, FileImport]:
    """The account's import (another account's is 404), readable with its kind's permission."""
    actor, account = request_tenant(request)
    file_import = file_import_get(actor, account, import_id)
    kind = import_kinds().get(file_import.kind)
    if kind is None:
        raise NotFound("Import not found.")
    actor.require(kind.view_perm)
    return actor, file_import


@router.get(
    "/{import_id}",
    response={200: FileImportOut, **error_responses(401, 403, 404, 422)},
    operation_id="imports_get",
)
def get_import(request: HttpRequest, import_id: PathId, params: Query[PageParams]):
    """An import: its progress while it runs, then its report. `issues` is one page of its
    rejected and warned rows by line (`page`, `page_size`); at most 50,000 are kept."""
    actor, file_import = _readable(request, import_id)
    return file_import_out(request, actor, file_import, params)


@router.post(
    "/{import_id}/run-again",
    response=STARTED,
    operation_id="imports_run_again",
)
def run_import_again(request: HttpRequest, import_id: PathId):
    """Import the file of a finished import again, as a new import: 202 with it.

    For an import that failed (e.g. its worker stopped: rows before that stay applied) or to
    apply a file again. An inventory levels file sets absolute totals, so running it again is
    idempotent. 409 `conflict` while the import is still queued or running, or when its file is
    no longer kept.
    """
    actor, account = request_tenant(request)
    again = file_import_rerun(actor=actor, account=account, pk=import_id)
    return Status(202, file_import_out(request, actor, again))


@products_router.post(
    "/import",
    response=STARTED,
    operation_id="products_import",
    openapi_extra=IMPORT_BODY,
    summary="Import Products",
    description="Import a `P_Products.csv` file (one row per variant, the header of the "
    "template), sent as the body (`Content-Type: text/csv`) or as the `file` field of a "
    "multipart form. An empty cell leaves an existing SKU's value as it is; `(clear)` empties "
    "it. Refused (422 on `product`) while a channel is the Master Product Source.\n\n" + FOLLOW,
)
def import_products(request: HttpRequest):
    actor, account = request_tenant(request)
    start = partial(product_import_start, actor=actor, account=account)
    return import_accepted(request, actor, start, P_FILE)


@inventory_router.post(
    "/import",
    response=STARTED,
    operation_id="inventory_import",
    openapi_extra=IMPORT_BODY,
    summary="Import Inventory Levels",
    description="Import an `IL_Inventory_Levels.csv` file (`Warehouse,SKU,Quantity`: absolute "
    "totals), sent as the body (`Content-Type: text/csv`) or as the `file` field of a multipart "
    "form.\n\n" + FOLLOW,
)
def import_inventory(request: HttpRequest):
    actor, account = request_tenant(request)
    start = partial(inventory_import_start, actor=actor, account=account)
    return import_accepted(request, actor, start, IL_FILE)
