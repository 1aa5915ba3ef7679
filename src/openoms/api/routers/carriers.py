"""The account's carrier list (Admin Settings → Carriers): carriers, their services, and
``Carriers.csv`` both ways.

Carriers and services are addressed by code, the rest of the path (so a code may contain `/`;
percent-encode spaces, `?`, `#` and `%`).
"""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from openoms.api.auth import request_tenant
from openoms.api.pagination import PageParams, paginate
from openoms.api.routers.imports import FOLLOW, IMPORT_BODY, STARTED, import_accepted
from openoms.api.schemas.carriers import (
    CarrierIn,
    CarrierOut,
    CarrierPageOut,
    CarrierServiceIn,
    CarrierServiceOut,
    NameIn,
)
from openoms.api.schemas.common import csv_answer, error_responses
from openoms.api.serializers.carriers import carrier_out
from openoms.channels.carrier_csv import CARRIERS_FILE, carriers_csv, carriers_import_start
from openoms.channels.carrier_selectors import carrier_get, carrier_service_get, carriers
from openoms.channels.services.carriers import (
    carrier_create,
    carrier_delete,
    carrier_service_create,
    carrier_service_delete,
    carrier_service_update,
    carrier_update,
)

router = Router(tags=["Carriers"])

READ = error_responses(401, 403, 404, 422)
WRITE = error_responses(401, 403, 404, 409, 413, 422)
CSV_ANSWER = csv_answer(f"The carriers as {CARRIERS_FILE}.")


class CarrierFilters(Schema):
    q: str = Field("", max_length=120, description="Part of a carrier's or service's code or name.")


def _fresh(request: HttpRequest, code: str) -> dict:
    actor, account = request_tenant(request)
    return carrier_out(carrier_get(actor, account, code))


@router.get("", response={200: CarrierPageOut, **READ}, operation_id="carriers_list")
def list_carriers(request: HttpRequest, filters: Query[CarrierFilters], params: Query[PageParams]):
    """The account's carriers by code, each with its services, page by page; `q` searches
    carrier and service codes and names."""
    actor, account = request_tenant(request)
    return paginate(request, carriers(actor, account, q=filters.q), params, carrier_out)


@router.post(
    "",
    response={201: CarrierOut, **error_responses(401, 403, 409, 413, 422)},
    operation_id="carriers_create",
)
def create_carrier(request: HttpRequest, payload: CarrierIn):
    """Add a carrier, with its first `services` if given: 201. A code the list has already is
    409 `code_taken`; a bad field (codes 1 to 60 characters, names 1 to 120, trimmed; a service
    code listed twice) is 422 naming it, e.g. `services.1.code`. Nothing is stored then."""
    actor, account = request_tenant(request)
    services = [(service.code, service.name) for service in payload.services]
    carrier = carrier_create(
        actor=actor, account=account, code=payload.code, name=payload.name, services=services
    )
    return Status(201, _fresh(request, carrier.code))


@router.post(
    "/import",
    response=STARTED,
    operation_id="carriers_import",
    openapi_extra=IMPORT_BODY,
    summary="Import Carriers",
    description="Import a `Carriers.csv` file (header `carrier_code,carrier_name,service_code,"
    "service_name`, one row per service; empty service columns: the carrier alone), sent as "
    "the body (`Content-Type: text/csv`) or as the `file` field of a multipart form. Add or "
    "update: a new carrier or service code is created, a known one with a new name renamed "
    "(an empty name keeps it); nothing is ever deleted. A bad row is reported with its line "
    "and reason and stores nothing.\n\n" + FOLLOW,
)
def import_carriers(request: HttpRequest):
    actor, account = request_tenant(request)
    start = partial(carriers_import_start, actor=actor, account=account)
    return import_accepted(request, actor, start, CARRIERS_FILE)


@router.get(
    "/export",
    response={200: None, **READ},
    operation_id="carriers_export",
    openapi_extra=CSV_ANSWER,
)
def export_carriers(request: HttpRequest):
    """Download the carriers as `Carriers.csv`: one row per service, by carrier then service
    code; a carrier without services is one row with empty service columns."""
    actor, account = request_tenant(request)
    response = StreamingHttpResponse(
        carriers_csv(actor=actor, account=account), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{CARRIERS_FILE}"'
    return response


@router.post(
    "/{path:code}/services",
    response={201: CarrierServiceOut, **WRITE},
    operation_id="carrier_services_create",
)
def create_service(request: HttpRequest, code: str, payload: CarrierServiceIn):
    """Add a service to the carrier: 201. A code the carrier has already is 409 `code_taken`."""
    actor, account = request_tenant(request)
    carrier = carrier_get(actor, account, code)
    service = carrier_service_create(
        actor=actor, carrier=carrier, code=payload.code, name=payload.name
    )
    return Status(201, {"code": service.code, "name": service.name})


@router.patch(
    "/{path:code}/services/{path:service_code}",
    response={200: CarrierServiceOut, **WRITE},
    operation_id="carrier_services_update",
)
def update_service(request: HttpRequest, code: str, service_code: str, payload: NameIn):
    """Rename a service of the carrier (codes never change)."""
    actor, account = request_tenant(request)
    service = carrier_service_get(carrier_get(actor, account, code), code=service_code)
    service = carrier_service_update(actor=actor, service=service, name=payload.name)
    return {"code": service.code, "name": service.name}


@router.delete(
    "/{path:code}/services/{path:service_code}",
    response={204: None, **error_responses(401, 403, 404, 409, 422)},
    operation_id="carrier_services_delete",
)
def delete_service(request: HttpRequest, code: str, service_code: str):
    """Delete a service of the carrier; 409 `conflict` while a carrier mapping uses it."""
    actor, account = request_tenant(request)
    service = carrier_service_get(carrier_get(actor, account, code), code=service_code)
    carrier_service_delete(actor=actor, service=service)
    return Status(204, None)


@router.get("/{path:code}", response={200: CarrierOut, **READ}, operation_id="carriers_get")
def get_carrier(request: HttpRequest, code: str):
    """One carrier, by its code exactly (case-sensitive), with its services."""
    return _fresh(request, code)


@router.patch("/{path:code}", response={200: CarrierOut, **WRITE}, operation_id="carriers_update")
def update_carrier(request: HttpRequest, code: str, payload: NameIn):
    """Rename the carrier (its code never changes: orders and mappings name it by code)."""
    actor, account = request_tenant(request)
    carrier_update(actor=actor, carrier=carrier_get(actor, account, code), name=payload.name)
    return _fresh(request, code)


@router.delete(
    "/{path:code}",
    response={204: None, **error_responses(401, 403, 404, 409, 422)},
    operation_id="carriers_delete",
)
def delete_carrier(request: HttpRequest, code: str):
    """Delete the carrier and its services; 409 `conflict` while a carrier mapping of a channel
    uses it (the message says how many and where): delete or repoint those first."""
    actor, account = request_tenant(request)
    carrier_delete(actor=actor, carrier=carrier_get(actor, account, code))
    return Status(204, None)
