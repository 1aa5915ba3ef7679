"""Warehouse mappings of a sales channel: which OpenOMS warehouse feeds which channel location.

Inventory synchronization and real-time updates use only mapped warehouses.
"""

from __future__ import annotations

from django.db import transaction

from openoms.channels.models import Channel, WarehouseMapping
from openoms.core.errors import NotFound, ValidationFailed
from openoms.inventory.models import AccountWarehouse
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm


@transaction.atomic
def warehouse_mapping_save(
    *, actor: Actor, channel: Channel, warehouse_code: str, external_id: str
) -> WarehouseMapping:
    """Map an enabled warehouse (physical or virtual) of the account to a channel location (on
    a fulfillment channel: a served warehouse's id at the 3PL, e.g. a ShipBob fulfillment
    center id, which Import Inventory asks for)."""
    actor.require_account(channel.account)
    actor.require(Perm.SKU_MAPPINGS_MANAGE)
    row = (
        AccountWarehouse.objects.filter(
            account=channel.account, warehouse__code=str(warehouse_code).strip().upper()
        )
        .select_related("warehouse")
        .first()
    )
    errors = {}
    if row is None:
        errors["warehouse"] = (
            f"Unknown warehouse {warehouse_code!r} (not enabled for this account)."
        )
    external = str(external_id or "").strip()
    if not external or len(external) > 120 or not external.isprintable():
        errors["external_id"] = "Enter the channel's location identifier (1 to 120 characters)."
    elif (
        WarehouseMapping.objects.filter(channel=channel, external_id=external)
        .exclude(warehouse=row.warehouse if row else None)
        .exists()
    ):
        errors["external_id"] = f"The location {external!r} is already mapped to another warehouse."
    if errors:
        raise ValidationFailed(errors)
    mapping, _ = WarehouseMapping.objects.update_or_create(
        channel=channel, warehouse=row.warehouse, defaults={"external_id": external}
    )
    return mapping


@transaction.atomic
def warehouse_mapping_delete(*, actor: Actor, channel: Channel, warehouse_code: str) -> None:
    actor.require_account(channel.account)
    actor.require(Perm.SKU_MAPPINGS_MANAGE)
    deleted, _ = WarehouseMapping.objects.filter(
        channel=channel, warehouse__code=warehouse_code
    ).delete()
    if not deleted:
        raise NotFound(f"No mapping for warehouse {warehouse_code!r}.")
