"""The warehouses the API key's account has enabled."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from openoms.api.auth import request_tenant
from openoms.api.schemas.common import error_responses
from openoms.api.schemas.inventory import WarehouseOut
from openoms.api.serializers.inventory import warehouse_out
from openoms.inventory.selectors import enabled_warehouses
from openoms.inventory.services.warehouses import member_codes

router = Router(tags=["Inventory"])


@router.get(
    "",
    response={200: list[WarehouseOut], **error_responses(401, 403)},
    operation_id="warehouses_list",
)
def list_warehouses(request: HttpRequest):
    """The account's enabled warehouses, physical first, then virtual, each by code.

    Not paginated (an account has few). A virtual warehouse lists its physical members; its
    inventory is always their sum. Warehouses are created and enabled in the web UI.
    """
    actor, account = request_tenant(request)
    warehouses = list(enabled_warehouses(actor, account))
    members = member_codes(w.pk for w in warehouses if w.is_virtual)
    return [warehouse_out(warehouse, members) for warehouse in warehouses]
