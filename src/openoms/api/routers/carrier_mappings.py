"""A channel's carrier mappings: list, create, change, delete, and ``C_Carrier_Mappings.csv``
both ways."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from openoms.api.pagination import PageParams, paginate
from openoms.api.routers.channels import ChannelId, request_channel
from openoms.api.routers.imports import FOLLOW, IMPORT_BODY, STARTED, import_accepted
from openoms.api.schemas.carriers import (
    CarrierMappingIn,
    CarrierMappingOut,
    CarrierMappingPageOut,
    CarrierMappingPatchIn,
)
from openoms.api.schemas.common import PathId, csv_answer, error_responses
from openoms.api.serializers.carriers import carrier_mapping_out
from openoms.channels.carrier_csv import (
    MAPPINGS_FILE,
    carrier_mappings_csv,
    carrier_mappings_import_start,
)
from openoms.channels.carrier_models import MAX_CHANNEL_CODE
from openoms.channels.carrier_selectors import carrier_mapping_get, carrier_mappings
from openoms.channels.services.carrier_mappings import (
    carrier_mapping_create,
    carrier_mapping_delete,
    carrier_mapping_update,
)

router = Router(tags=["Channels"])

MappingId = Annotated[PathId, Path()]
MAPPINGS = "/{channel_id}/carrier-mappings"
ONE = MAPPINGS + "/{int:mapping_id}"
WRITE = error_responses(401, 403, 404, 409, 413, 422)
CSV_ANSWER = csv_answer(f"The mappings as {MAPPINGS_FILE}.")


class MappingFilters(Schema):
    q: str = Field(
        "", max_length=MAX_CHANNEL_CODE, description="Part of a channel or system carrier code."
    )


@router.get(
    MAPPINGS,
    response={200: CarrierMappingPageOut, **error_responses(401, 403, 404, 422)},
    operation_id="carrier_mappings_list",
)
def list_mappings(
    request: HttpRequest,
    channel_id: ChannelId,
    filters: Query[MappingFilters],
    params: Query[PageParams],
):
    """The channel's carrier mappings by channel codes, page by page; `q` searches the channel's
    codes and the carrier and service codes of the list."""
    actor, channel = request_channel(request, channel_id)
    rows = carrier_mappings(actor, channel, q=filters.q)
    return paginate(request, rows, params, carrier_mapping_out)


@router.post(
    MAPPINGS, response={201: CarrierMappingOut, **WRITE}, operation_id="carrier_mappings_create"
)
def create_mapping(request: HttpRequest, channel_id: ChannelId, payload: CarrierMappingIn):
    """Map the channel's carrier (and service) code to a carrier (and service) of the account's
    list: 201. Several channel codes may map to one carrier/service; a channel code ending with
    `*` matches as a prefix (`2nd Day Air*` matches `2nd Day Air Saver`), and an exact code wins
    over a wildcard, a longer prefix over a shorter one.

    409 `carrier_mapping_exists`: the channel maps these channel codes already. 409
    `primary_taken`: another mapping is primary for this carrier/service (one may be). 422: an
    unknown `carrier_code`, a `service_code` that is not a service of the carrier, or a bad
    code. Nothing changes then."""
    actor, channel = request_channel(request, channel_id)
    mapping = carrier_mapping_create(actor=actor, channel=channel, **payload.model_dump())
    return Status(201, carrier_mapping_out(carrier_mapping_get(actor, channel, mapping.pk)))


@router.post(
    MAPPINGS + "/import",
    response=STARTED,
    operation_id="carrier_mappings_import",
    openapi_extra=IMPORT_BODY,
    summary="Import carrier mappings",
    description="Import a `C_Carrier_Mappings.csv` file (header `carrier_channel_code,"
    "service_channel_code,carrier_code,service_code,primary`) into the channel, sent as the "
    "body (`Content-Type: text/csv`) or as the `file` field of a multipart form. It only adds: "
    "a channel code pair the channel maps already is skipped with a warning and never changed. "
    "A bad row (unknown carrier or service, a pair twice in the file, a second primary for one "
    "carrier/service) is reported with its line and reason and stores nothing.\n\n" + FOLLOW,
)
def import_mappings(request: HttpRequest, channel_id: ChannelId):
    actor, channel = request_channel(request, channel_id)
    start = partial(carrier_mappings_import_start, actor=actor, channel=channel)
    return import_accepted(request, actor, start, MAPPINGS_FILE)


@router.get(
    MAPPINGS + "/export",
    response={200: None, **error_responses(401, 403, 404, 422)},
    operation_id="carrier_mappings_export",
    openapi_extra=CSV_ANSWER,
)
def export_mappings(request: HttpRequest, channel_id: ChannelId):
    """Download the channel's carrier mappings as `C_Carrier_Mappings.csv`, by channel codes;
    `primary` is `true` or `false`. With no mappings, the header row only (the template)."""
    actor, channel = request_channel(request, channel_id)
    response = StreamingHttpResponse(
        carrier_mappings_csv(actor=actor, channel=channel), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{MAPPINGS_FILE}"'
    return response


@router.patch(
    ONE, response={200: CarrierMappingOut, **WRITE}, operation_id="carrier_mappings_update"
)
def update_mapping(
    request: HttpRequest,
    channel_id: ChannelId,
    mapping_id: MappingId,
    payload: CarrierMappingPatchIn,
):
    """Change a mapping; fields left out keep their values (`service_code` null or empty: the
    carrier alone). The rules and answers of the create apply."""
    actor, channel = request_channel(request, channel_id)
    mapping = carrier_mapping_get(actor, channel, mapping_id)
    current = {
        "carrier_channel_code": mapping.carrier_channel_code,
        "service_channel_code": mapping.service_channel_code,
        "carrier_code": mapping.carrier.code,
        "service_code": mapping.service.code if mapping.service else "",
        "is_primary": mapping.is_primary,
    }
    wanted = current | payload.model_dump(exclude_unset=True)
    carrier_mapping_update(actor=actor, mapping=mapping, **wanted)
    return carrier_mapping_out(carrier_mapping_get(actor, channel, mapping_id))


@router.delete(
    ONE,
    response={204: None, **error_responses(401, 403, 404, 422)},
    operation_id="carrier_mappings_delete",
)
def delete_mapping(request: HttpRequest, channel_id: ChannelId, mapping_id: MappingId):
    """Delete a carrier mapping; 404 when the channel has no mapping of that id."""
    actor, channel = request_channel(request, channel_id)
    carrier_mapping_delete(actor=actor, mapping=carrier_mapping_get(actor, channel, mapping_id))
    return Status(204, None)
