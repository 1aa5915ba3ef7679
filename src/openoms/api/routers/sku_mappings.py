"""A channel's SKU mappings: list, create, set (create or re-point), delete, and the
``C_SKU_Mappings.csv`` file both ways."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field, StrictStr

from openoms.api.pagination import PageParams, paginate
from openoms.api.routers.channels import ChannelId, request_channel
from openoms.api.routers.imports import IMPORT_BODY, STARTED, import_accepted
from openoms.api.schemas.channels import (
    SkuMappingIn,
    SkuMappingPageOut,
    SkuMappingSavedOut,
)
from openoms.api.schemas.common import csv_answer, error_responses
from openoms.api.serializers.channels import sku_mapping_out
from openoms.channels.selectors import sku_mappings
from openoms.channels.services.sku_mappings import (
    MAX_CHANNEL_SKU,
    sku_mapping_create,
    sku_mapping_delete,
    sku_mapping_save,
)
from openoms.channels.sku_mapping_csv import (
    SKU_MAPPING_FILE,
    sku_mapping_import_start,
    sku_mappings_csv,
)

router = Router(tags=["Channels"])

CSV_ANSWER = csv_answer(f"The mappings as {SKU_MAPPING_FILE}.")


class SkuMappingTargetIn(Schema):
    """The OpenOMS SKU a channel SKU (in the address) stands for."""

    model_config = ConfigDict(extra="forbid")

    sku: StrictStr = Field(description="An OpenOMS SKU of the account, exactly.")


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
    response={201: SkuMappingSavedOut, **error_responses(401, 403, 404, 409, 413, 422)},
    operation_id="sku_mappings_create",
)
def create_sku_mapping(request: HttpRequest, channel_id: ChannelId, payload: SkuMappingIn):
    """Map a channel SKU that has no mapping yet to an OpenOMS SKU: 201 (`created`: true).

    A channel SKU the channel has mapped already is 409 `sku_already_mapped` (the web form's
    refusal, word for word), and nothing changes: re-point it with `PUT`. A channel SKU maps to
    one variant per channel; several channel SKUs may map to one variant. An unknown `sku` or
    an invalid `channel_sku` is 422 and nothing changes.
    """
    actor, channel = request_channel(request, channel_id)
    mapping = sku_mapping_create(
        actor=actor, channel=channel, channel_sku=payload.channel_sku, sku=payload.sku
    )
    return Status(201, sku_mapping_out(mapping) | {"created": True})


@router.post(
    "/{channel_id}/sku-mappings/import",
    response=STARTED,
    operation_id="sku_mappings_import",
    openapi_extra=IMPORT_BODY,
)
def import_sku_mappings(request: HttpRequest, channel_id: ChannelId):
    """Import a `C_SKU_Mappings.csv` file (header `SKU,Channel SKU`) into the channel, sent as
    the body (`Content-Type: text/csv`) or as the `file` field of a multipart form.

    Rows are created or repointed by Channel SKU. A bad row (unknown SKU, empty field, a Channel
    SKU twice in the file, wrong column count) is reported with its line and reason and changes
    nothing; the good rows apply. Answers 202 with the import (`status` queued); `GET` its `url`
    for its progress and, once finished, its report (counts, and each rejected row with its line
    and reason, paginated). A file that cannot be read (empty, binary, wrong header) is 422
    `validation_error` on `file`, and nothing is kept. Files over the API's body limit (413) go
    through the web import (Maintenance → Import).
    """
    actor, channel = request_channel(request, channel_id)
    start = partial(sku_mapping_import_start, actor=actor, channel=channel)
    return import_accepted(request, actor, start, SKU_MAPPING_FILE)


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


@router.put(
    "/{channel_id}/sku-mappings/{path:channel_sku}",
    response={
        201: SkuMappingSavedOut,
        200: SkuMappingSavedOut,
        **error_responses(401, 403, 404, 409, 413, 422),
    },
    operation_id="sku_mappings_set",
)
def set_sku_mapping(
    request: HttpRequest, channel_id: ChannelId, channel_sku: str, payload: SkuMappingTargetIn
):
    """Point a channel SKU at an OpenOMS SKU, mapped already or not: 201 (`created`: true) when
    the mapping is new, 200 (`created`: false) when an existing one now points at `sku`. Of
    concurrent requests for a new channel SKU exactly one answers `created`: true.

    The channel SKU is the rest of the path, percent-encoded as for `DELETE`.
    """
    actor, channel = request_channel(request, channel_id)
    mapping, created = sku_mapping_save(
        actor=actor, channel=channel, channel_sku=channel_sku, sku=payload.sku
    )
    return Status(201 if created else 200, sku_mapping_out(mapping) | {"created": created})


def _delete_named(channel_sku: str):
    """DELETE on the address of the import or export: the mapping of that very channel SKU."""

    def delete_named(request: HttpRequest, channel_id: ChannelId):
        return delete_sku_mapping(request, channel_id, channel_sku)

    delete_named.__doc__ = (
        f"Delete the mapping of the channel SKU `{channel_sku}`; 404 when it has none.\n\n"
        f"This address is also the SKU mappings' {channel_sku}, so a channel SKU spelled "
        f"`{channel_sku}` is deleted here: `DELETE .../sku-mappings/{{channel_sku}}` for it."
    )
    return delete_named


# Channel SKUs spelled like these addresses stay deletable. The operations are documented: the
# address's ``Allow`` header (DELETE, GET) then says what the OpenAPI document says.
for _name in ("import", "export"):
    router.add_api_operation(
        f"/{{channel_id}}/sku-mappings/{_name}",
        ["DELETE"],
        _delete_named(_name),
        response={204: None, **error_responses(401, 403, 404, 422)},
        operation_id=f"sku_mappings_delete_{_name}",
        summary=f"Delete the mapping of the channel SKU '{_name}'",
    )
