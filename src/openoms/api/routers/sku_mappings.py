"""A channel's SKU mappings: list, save, delete, and the ``C_SKU_Mappings.csv`` file both ways."""

from __future__ import annotations

import io
from typing import BinaryIO

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from openoms.api.pagination import PageParams, paginate
from openoms.api.routers.channels import ChannelId, request_channel
from openoms.api.schemas.channels import (
    SkuMappingImportOut,
    SkuMappingIn,
    SkuMappingPageOut,
    SkuMappingSavedOut,
)
from openoms.api.schemas.common import error_responses
from openoms.api.serializers.channels import import_report_out, sku_mapping_out
from openoms.channels.selectors import sku_mappings
from openoms.channels.services.sku_mappings import (
    MAX_CHANNEL_SKU,
    sku_mapping_delete,
    sku_mapping_save,
)
from openoms.channels.sku_mapping_csv import (
    SKU_MAPPING_FILE,
    sku_mapping_import_file,
    sku_mappings_csv,
)
from openoms.core.errors import ValidationFailed

router = Router(tags=["Channels"])

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
CSV_ANSWER = {
    "responses": {
        200: {
            "description": f"The mappings as {SKU_MAPPING_FILE}.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


class SkuMappingFilters(Schema):
    q: str = Field(
        "", max_length=MAX_CHANNEL_SKU, description="Part of the channel SKU or the OpenOMS SKU."
    )


@router.get(
    "/{channel_id}/sku-mappings",
    response={200: SkuMappingPageOut, **error_responses(401, 403, 404, 422)},
    operation_id="sku_mappings_list",
)
def list_sku_mappings(
    request: HttpRequest,
    channel_id: ChannelId,
    filters: Query[SkuMappingFilters],
    params: Query[PageParams],
):
    """The channel's SKU mappings by channel SKU, page by page; `q` searches both SKUs."""
    actor, channel = request_channel(request, channel_id)
    rows = sku_mappings(actor, channel, q=filters.q)
    return paginate(request, rows, params, sku_mapping_out)


@router.post(
    "/{channel_id}/sku-mappings",
    response={
        201: SkuMappingSavedOut,
        200: SkuMappingSavedOut,
        **error_responses(401, 403, 404, 409, 413, 422),
    },
    operation_id="sku_mappings_save",
)
def save_sku_mapping(request: HttpRequest, channel_id: ChannelId, payload: SkuMappingIn):
    """Map a channel SKU to an OpenOMS SKU: 201 when the mapping is new, 200 (`created`: false)
    when the channel SKU was mapped already and now points at `sku`.

    A channel SKU maps to one variant per channel; several channel SKUs may map to one variant.
    An unknown `sku` or an invalid `channel_sku` is 422 and nothing changes.
    """
    actor, channel = request_channel(request, channel_id)
    existed = sku_mappings(actor, channel).filter(channel_sku=payload.channel_sku).exists()
    mapping = sku_mapping_save(
        actor=actor, channel=channel, channel_sku=payload.channel_sku, sku=payload.sku
    )
    return Status(200 if existed else 201, sku_mapping_out(mapping) | {"created": not existed})


@router.post(
    "/{channel_id}/sku-mappings/import",
    response={200: SkuMappingImportOut, **error_responses(401, 403, 404, 409, 413, 422)},
    operation_id="sku_mappings_import",
    openapi_extra=IMPORT_BODY,
)
def import_sku_mappings(request: HttpRequest, channel_id: ChannelId):
    """Import a `C_SKU_Mappings.csv` file (header `SKU,Channel SKU`), sent as the body
    (`Content-Type: text/csv`) or as the `file` field of a multipart form.

    Rows are created or updated by Channel SKU. A bad row (unknown SKU, empty field, a Channel
    SKU twice in the file, wrong column count) is reported in `issues` with its line and reason
    and changes nothing; the good rows apply. A file that cannot be read (empty, binary, wrong
    header, not CSV) is 422 `validation_error` on `file`, and nothing changes; a file that
    breaks further down answers the report with `error` saying where: rows are applied in
    batches of 50,000, and the batches before that one stay applied. Files over the API's body limit (413) go through the web import (Maintenance →
    Import).
    """
    actor, channel = request_channel(request, channel_id)
    report = sku_mapping_import_file(actor=actor, channel=channel, fileobj=_file(request))
    if report.error and not report.rows:  # unreadable before any batch applied: nothing changed
        raise ValidationFailed({FILE_FIELD: report.error})
    return import_report_out(report)


def _file(request: HttpRequest) -> BinaryIO:
    """The uploaded CSV: the multipart ``file`` field, or else the whole body."""
    if request.content_type != MULTIPART:
        return io.BytesIO(request.body)
    upload = request.FILES.get(FILE_FIELD)
    if upload is None:
        raise ValidationFailed({FILE_FIELD: "Send the CSV file in the form's file field."})
    return upload


@router.get(
    "/{channel_id}/sku-mappings/export",
    response={200: None, **error_responses(401, 403, 404, 422)},
    operation_id="sku_mappings_export",
    openapi_extra=CSV_ANSWER,
)
def export_sku_mappings(request: HttpRequest, channel_id: ChannelId):
    """Download the channel's mappings as `C_SKU_Mappings.csv` (header `SKU,Channel SKU`),
    streamed; with no mappings, the header row only (the blank template)."""
    actor, channel = request_channel(request, channel_id)
    response = StreamingHttpResponse(
        sku_mappings_csv(actor=actor, channel=channel), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{SKU_MAPPING_FILE}"'
    return response


@router.delete(
    "/{channel_id}/sku-mappings/{path:channel_sku}",
    response={204: None, **error_responses(401, 403, 404, 422)},
    operation_id="sku_mappings_delete",
)
def delete_sku_mapping(request: HttpRequest, channel_id: ChannelId, channel_sku: str):
    """Delete the mapping of a channel SKU; 404 when it has none.

    The channel SKU is the rest of the path, so it may contain `/`; percent-encode spaces, `"`,
    `?`, `#` and `%` (e.g. `/channels/7/sku-mappings/TEE%20RED/M`).
    """
    actor, channel = request_channel(request, channel_id)
    sku_mapping_delete(actor=actor, channel=channel, channel_sku=channel_sku)
    return Status(204, None)


def _delete_named(channel_sku: str):
    """DELETE on the address of the import or export: the mapping of that very channel SKU."""

    def delete_named(request: HttpRequest, channel_id: ChannelId):
        return delete_sku_mapping(request, channel_id, channel_sku)

    return delete_named


for _name in ("import", "export"):  # channel SKUs spelled like these addresses stay deletable
    router.add_api_operation(
        f"/{{channel_id}}/sku-mappings/{_name}",
        ["DELETE"],
        _delete_named(_name),
        response={204: None, **error_responses(401, 403, 404, 422)},
        include_in_schema=False,
    )
