"""Organization warehouses (physical and virtual) and which of them each account enables."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction

from openoms.core.errors import ValidationFailed
from openoms.inventory.models import AccountWarehouse, Warehouse, WarehouseKind, WarehouseMember
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, AuditAction, Organization
from openoms.tenancy.permissions import Perm
from openoms.tenancy.services.audit import audit_record

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,29}$")
ADDRESS_FIELDS = ("address_line1", "city", "region", "postal_code", "country")


def _clean_code(organization: Organization, code: object) -> str:
    value = str(code or "").strip().upper()
    if not CODE_PATTERN.match(value):
        raise ValidationFailed(
            {"code": "Use 1 to 30 letters, digits, '-' or '_' (e.g. TOR-1); it never changes."}
        )
    if Warehouse.objects.filter(organization=organization, code=value).exists():
        raise ValidationFailed({"code": f"The organization already has a warehouse {value}."})
    return value


def _clean_details(name: object, address: dict) -> dict:
    errors: dict[str, str] = {}
    clean_name = str(name or "").strip()
    if not clean_name or len(clean_name) > 120 or not clean_name.isprintable():
        errors["name"] = "Enter a name of 1 to 120 printable characters."
    country = str(address.get("country") or "").strip().upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        errors["country"] = "Use the two-letter country code (ISO 3166-1), e.g. CA."
    if errors:
        raise ValidationFailed(errors)
    details = {f: str(address.get(f) or "").strip()[:200] for f in ADDRESS_FIELDS}
    return {**details, "country": country, "name": clean_name}


def _members(organization: Organization, codes: Iterable[str]) -> list[Warehouse]:
    wanted = sorted({str(c).strip().upper() for c in codes if str(c).strip()})
    found = {
        w.code: w for w in Warehouse.objects.filter(organization=organization, code__in=wanted)
    }
    unknown = [c for c in wanted if c not in found]
    not_physical = [c for c in wanted if c in found and found[c].is_virtual]
    if unknown or not_physical or not wanted:
        reason = "Pick at least one physical warehouse."
        if unknown:
            reason = f"Unknown warehouse(s): {', '.join(unknown)}."
        elif not_physical:
            reason = f"Only physical warehouses can be members: {', '.join(not_physical)}."
        raise ValidationFailed({"members": reason})
    return [found[c] for c in wanted]


@transaction.atomic
def warehouse_create(
    *,
    actor: Actor,
    organization: Organization,
    code: str,
    name: str,
    kind: str,
    members: Iterable[str] = (),
    address: dict | None = None,
) -> Warehouse:
    """A warehouse of the organization; a virtual one needs its physical members."""
    actor.require_organization(organization)
    actor.require(Perm.WAREHOUSES_MANAGE)
    if kind not in WarehouseKind.values:
        raise ValidationFailed({"kind": "Choose Physical or Virtual."})
    clean_code = _clean_code(organization, code)
    details = _clean_details(name, address or {})
    member_rows = _members(organization, members) if kind == WarehouseKind.VIRTUAL else []
    warehouse = Warehouse.objects.create(
        organization=organization, code=clean_code, kind=kind, **details
    )
    WarehouseMember.objects.bulk_create(
        WarehouseMember(virtual=warehouse, physical=m) for m in member_rows
    )
    return warehouse


@transaction.atomic
def warehouse_update(
    *,
    actor: Actor,
    warehouse: Warehouse,
    name: str,
    members: Iterable[str] | None = None,
    address: dict | None = None,
) -> Warehouse:
    """Rename, readdress, or (virtual) change members; the code and kind never change.

    ``address`` None keeps the stored address. A virtual warehouse enabled for an account may
    only get members that account has enabled.
    """
    warehouse = Warehouse.objects.select_for_update().get(pk=warehouse.pk)
    actor.require_organization(warehouse.organization)
    actor.require(Perm.WAREHOUSES_MANAGE)
    kept = {field: getattr(warehouse, field) for field in ADDRESS_FIELDS}
    details = _clean_details(name, kept if address is None else address)
    for field, value in details.items():
        setattr(warehouse, field, value)
    warehouse.save()
    if warehouse.is_virtual and members is not None:
        new_members = _members(warehouse.organization, members)
        _check_members_enabled(warehouse, new_members)
        WarehouseMember.objects.filter(virtual=warehouse).delete()
        WarehouseMember.objects.bulk_create(
            WarehouseMember(virtual=warehouse, physical=m) for m in new_members
        )
    return warehouse


def _check_members_enabled(virtual: Warehouse, members: list[Warehouse]) -> None:
    for enabled in AccountWarehouse.objects.filter(warehouse=virtual).select_related("account"):
        have = set(
            AccountWarehouse.objects.filter(account=enabled.account).values_list(
                "warehouse_id", flat=True
            )
        )
        missing = [m.code for m in members if m.pk not in have]
        if missing:
            raise ValidationFailed(
                {
                    "members": f"{virtual.code} is enabled for account {enabled.account.code}, "
                    f"which has not enabled {', '.join(missing)}. Enable them there first."
                }
            )


def member_codes(virtual_ids: Iterable[int]) -> dict[int, list[str]]:
    """Physical member codes of each virtual warehouse id."""
    rows = WarehouseMember.objects.filter(virtual_id__in=list(virtual_ids)).select_related(
        "physical"
    )
    codes: dict[int, list[str]] = {}
    for row in rows.order_by("physical__code"):
        codes.setdefault(row.virtual_id, []).append(row.physical.code)
    return codes


@transaction.atomic
def account_warehouses_update(
    *, actor: Actor, account: Account, enabled_codes: Iterable[str]
) -> tuple[list[str], list[str]]:
    """Make exactly ``enabled_codes`` the account's warehouses; returns (enabled, disabled) codes.

    The articles' rules hold on the result: an enabled virtual warehouse has all its physical
    members enabled; the Default Warehouse stays enabled.
    """
    actor.require_account(account)
    actor.require(Perm.ACCOUNT_WAREHOUSES_EDIT)
    Account.objects.select_for_update().filter(pk=account.pk).first()
    org_warehouses = {
        w.code: w for w in Warehouse.objects.filter(organization=account.organization)
    }
    wanted = {str(c).strip().upper() for c in enabled_codes if str(c).strip()}
    unknown = sorted(wanted - set(org_warehouses))
    if unknown:
        raise ValidationFailed({"warehouses": f"Unknown warehouse(s): {', '.join(unknown)}."})
    current = {
        row.warehouse.code: row
        for row in AccountWarehouse.objects.filter(account=account).select_related("warehouse")
    }
    _check_enablement(account, org_warehouses, wanted, current)
    added = sorted(wanted - set(current))
    removed = sorted(set(current) - wanted)
    AccountWarehouse.objects.filter(account=account, warehouse__code__in=removed).delete()
    AccountWarehouse.objects.bulk_create(
        AccountWarehouse(account=account, warehouse=org_warehouses[c]) for c in added
    )
    if added or removed:
        audit_record(
            actor=actor,
            action=AuditAction.SETTING_CHANGED,
            organization=account.organization,
            account=account,
            field="warehouses",
            field_label="Warehouses",
            old_value=", ".join(sorted(current)) or "(none)",
            new_value=", ".join(sorted(wanted)) or "(none)",
        )
    return added, removed


def _check_enablement(account, org_warehouses: dict, wanted: set, current: dict) -> None:
    members = member_codes(w.pk for w in org_warehouses.values() if w.is_virtual)
    errors: list[str] = []
    for code in sorted(wanted):
        warehouse = org_warehouses[code]
        missing = [m for m in members.get(warehouse.pk, []) if m not in wanted]
        if warehouse.is_virtual and missing:
            if code in current:
                errors.append(
                    f"{', '.join(missing)} cannot be disabled while the virtual warehouse "
                    f"{code} is enabled: disable {code} first."
                )
            else:
                errors.append(f"Enable {', '.join(missing)} before the virtual warehouse {code}.")
    for code, row in current.items():
        if row.is_default and code not in wanted:
            errors.append(
                f"{code} is the account's Default Warehouse: choose another one on Workflow "
                "Settings first."
            )
    if errors:
        raise ValidationFailed({"warehouses": " ".join(errors)})
