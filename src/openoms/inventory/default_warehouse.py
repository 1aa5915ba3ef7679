"""The account's Default Warehouse, a setting of the account page stored by inventory.

Registered into tenancy's settings declaration at start-up, so the settings page, the API and the
change history treat it like every other setting. Values are warehouse codes.
"""

from __future__ import annotations

from openoms.inventory.models import AccountWarehouse, WarehouseKind
from openoms.tenancy.account_settings import REFERENCE, TAB_WORKFLOW, Setting, register_setting
from openoms.tenancy.models import Account


def enabled_physical_choices(account: Account) -> list[tuple[str, str]]:
    rows = (
        AccountWarehouse.objects.filter(account=account, warehouse__kind=WarehouseKind.PHYSICAL)
        .select_related("warehouse")
        .order_by("warehouse__code")
    )
    return [(row.warehouse.code, f"{row.warehouse.code} — {row.warehouse.name}") for row in rows]


def read_default(account: Account) -> str | None:
    row = AccountWarehouse.objects.filter(account=account, is_default=True).select_related(
        "warehouse"
    )
    first = row.first()
    return first.warehouse.code if first else None


def write_default(account: Account, code: object) -> None:
    AccountWarehouse.objects.filter(account=account, is_default=True).update(is_default=False)
    if code:
        AccountWarehouse.objects.filter(account=account, warehouse__code=code).update(
            is_default=True
        )


DEFAULT_WAREHOUSE = Setting(
    name="default_warehouse",
    label="Default Warehouse",
    tab=TAB_WORKFLOW,
    help=(
        "Where orders that name no warehouse are fulfilled from. Chosen from the physical "
        "warehouses enabled on this account's Warehouses tab."
    ),
    kind=REFERENCE,
    api_path=("default_warehouse",),
    account_choices=enabled_physical_choices,
    read=read_default,
    write=write_default,
)


def register_default_warehouse_setting() -> None:
    register_setting(DEFAULT_WAREHOUSE, after="master_product_source")
