"""Inventory reads, scoped to the actor: warehouses, levels (virtual = sum of members), movements."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Sum

from openoms.core.errors import NotFound
from openoms.inventory.models import (
    AccountWarehouse,
    InventoryLevel,
    InventoryMovement,
    Warehouse,
    WarehouseKind,
    WarehouseMember,
)
from openoms.inventory.services.warehouses import member_codes
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, Organization
from openoms.tenancy.permissions import Perm

QUANTITIES = ("total", "allocated", "on_hold", "incoming")


def organization_warehouses(actor: Actor, organization: Organization) -> QuerySet[Warehouse]:
    """Every warehouse of the organization (System Configuration → Organizations → Warehouses)."""
    actor.require_organization(organization)
    actor.require(Perm.ORGANIZATION_VIEW)
    return Warehouse.objects.filter(organization=organization).order_by("kind", "code")


def organization_warehouse_get(actor: Actor, organization: Organization, code: str) -> Warehouse:
    warehouse = organization_warehouses(actor, organization).filter(code=code).first()
    if warehouse is None:
        raise NotFound("Warehouse not found.")
    return warehouse


@dataclass(frozen=True)
class WarehouseToggle:
    """One row of an account's Warehouses tab."""

    warehouse: Warehouse
    enabled: bool
    is_default: bool
    members: list[str]
    locked_reason: str  # why the checkbox is read-only, or ""


def account_warehouse_toggles(actor: Actor, account: Account) -> list[WarehouseToggle]:
    """Physical then virtual warehouses of the organization, with the article's read-only rules."""
    actor.require_account(account)
    actor.require(Perm.ACCOUNT_WAREHOUSES_VIEW)
    warehouses = list(Warehouse.objects.filter(organization=account.organization))
    rows = {r.warehouse_id: r for r in AccountWarehouse.objects.filter(account=account)}
    codes = {w.pk: w.code for w in warehouses if w.pk in rows}
    members = member_codes(w.pk for w in warehouses if w.is_virtual)
    enabled_virtual = [w for w in warehouses if w.is_virtual and w.pk in rows]
    toggles = []
    for w in sorted(warehouses, key=lambda w: (w.kind != WarehouseKind.PHYSICAL, w.code)):
        toggles.append(
            WarehouseToggle(
                warehouse=w,
                enabled=w.pk in rows,
                is_default=w.pk in rows and rows[w.pk].is_default,
                members=members.get(w.pk, []),
                locked_reason=_locked_reason(w, codes, members, enabled_virtual, rows.get(w.pk)),
            )
        )
    return toggles


def _locked_reason(warehouse, enabled_codes: dict, members: dict, enabled_virtual, row) -> str:
    if row is not None and row.is_default:
        return "The Default Warehouse: choose another on Workflow Settings first."
    if warehouse.is_virtual:
        missing = [m for m in members.get(warehouse.pk, []) if m not in enabled_codes.values()]
        return f"Enable {', '.join(missing)} first." if missing else ""
    holders = [v.code for v in enabled_virtual if warehouse.code in members.get(v.pk, [])]
    return f"Part of enabled virtual {', '.join(holders)}: disable it first." if holders else ""


def enabled_warehouses(actor: Actor, account: Account) -> QuerySet[Warehouse]:
    """The account's enabled warehouses, physical first."""
    actor.require_account(account)
    actor.require(Perm.INVENTORY_VIEW)
    ids = AccountWarehouse.objects.filter(account=account).values("warehouse_id")
    return Warehouse.objects.filter(pk__in=ids).order_by("kind", "code")


def enabled_warehouse_get(actor: Actor, account: Account, code: str) -> Warehouse:
    warehouse = enabled_warehouses(actor, account).filter(code=code).first()
    if warehouse is None:
        raise NotFound(f"Unknown warehouse {code!r} (not enabled for this account).")
    return warehouse


def _physical_ids(
    actor: Actor, account: Account, warehouse_code: str | None
) -> tuple[list[int], Warehouse | None]:
    if not warehouse_code:
        ids = enabled_warehouses(actor, account).filter(kind=WarehouseKind.PHYSICAL)
        return list(ids.values_list("pk", flat=True)), None
    warehouse = enabled_warehouse_get(actor, account, warehouse_code)
    if warehouse.is_virtual:
        return list(warehouse.members.values_list("pk", flat=True)), warehouse
    return [warehouse.pk], warehouse


def inventory_rows(
    actor: Actor,
    account: Account,
    *,
    warehouse_code: str | None = None,
    sku: str | None = None,
    q: str = "",
    only_with_stock: bool = False,
    only_negative: bool = False,
) -> QuerySet:
    """Level rows as dicts: sku, product_name, variant_name, warehouse, total, allocated, on_hold,
    available, incoming. A virtual warehouse gives one row per variant summing its members."""
    actor.require_account(account)
    actor.require(Perm.INVENTORY_VIEW)
    ids, warehouse = _physical_ids(actor, account, warehouse_code)
    levels = InventoryLevel.objects.filter(account=account, warehouse_id__in=ids)
    if sku is not None:
        levels = levels.filter(variant__sku=sku)
    if q.strip():
        levels = levels.filter(
            Q(variant__sku__icontains=q.strip()) | Q(variant__product__name__icontains=q.strip())
        )
    keys = ["variant_id", "variant__sku", "variant__name", "variant__product__name"]
    if warehouse is None or not warehouse.is_virtual:
        keys.append("warehouse__code")
    rows = levels.values(*keys).annotate(**{n: Sum(n) for n in QUANTITIES})
    rows = rows.annotate(available=F("total") - F("allocated") - F("on_hold"))
    if only_with_stock:
        rows = rows.filter(total__gt=0)
    if only_negative:
        rows = rows.filter(Q(available__lt=0) | Q(total__lt=0))
    return rows.order_by(
        "variant__sku", *(["warehouse__code"] if "warehouse__code" in keys else [])
    )


def variant_inventory(actor: Actor, account: Account, variant_id: int) -> list[dict]:
    """A variant's levels in every enabled warehouse: physical rows, then each virtual's sum
    (of all its members). Three queries, whatever the number of warehouses."""
    actor.require_account(account)
    actor.require(Perm.INVENTORY_VIEW)
    warehouses = list(enabled_warehouses(actor, account))
    virtual_ids = [w.pk for w in warehouses if w.is_virtual]
    members: dict[int, list[int]] = {}
    for virtual_id, physical_id in WarehouseMember.objects.filter(
        virtual_id__in=virtual_ids
    ).values_list("virtual_id", "physical_id"):
        members.setdefault(virtual_id, []).append(physical_id)
    levels = InventoryLevel.objects.filter(account=account, variant_id=variant_id)
    by_warehouse = {row["warehouse_id"]: row for row in levels.values("warehouse_id", *QUANTITIES)}
    result = []
    for warehouse in warehouses:
        ids = members.get(warehouse.pk, []) if warehouse.is_virtual else [warehouse.pk]
        rows = [by_warehouse[pk] for pk in ids if pk in by_warehouse]
        sums = {name: sum(row[name] for row in rows) for name in QUANTITIES}
        sums["available"] = sums["total"] - sums["allocated"] - sums["on_hold"]
        result.append({"warehouse": warehouse, **sums})
    return result


def movements(
    actor: Actor,
    account: Account,
    *,
    sku: str | None = None,
    warehouse_code: str | None = None,
    trigger: str | None = None,
) -> QuerySet[InventoryMovement]:
    """The ledger, newest first."""
    actor.require_account(account)
    actor.require(Perm.INVENTORY_VIEW)
    rows = InventoryMovement.objects.filter(account=account).select_related(
        "level__variant", "level__warehouse"
    )
    if sku:
        rows = rows.filter(level__variant__sku=sku)
    if warehouse_code:
        rows = rows.filter(level__warehouse__code=warehouse_code)
    if trigger:
        rows = rows.filter(trigger=trigger)
    return rows.order_by("-id")
