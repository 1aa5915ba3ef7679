"""Inventory: the levels list (a virtual warehouse shows the sum of its members), a variant's
levels across warehouses, the ledger of movements, and the IL_Inventory_Levels.csv files."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from openoms.catalog.selectors import variant_get
from openoms.inventory import selectors
from openoms.inventory.imports import (
    inventory_import_start,
    inventory_levels_csv,
    inventory_template_csv,
)
from openoms.inventory.models import Warehouse
from openoms.inventory.services.warehouses import member_codes
from openoms.inventory.triggers import Trigger
from openoms.sync.selectors.outbox import sku_explains
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.scopes import selected_account_page
from openoms.web.views.files import csv_file, csv_stream, import_upload

PAGE_SIZE = 50
RECENT_MOVEMENTS = 25
LEVELS_FILE = "IL_Inventory_Levels.csv"

inventory_page = selected_account_page(
    Perm.INVENTORY_VIEW, "Inventory", "Inventory is kept per account."
)


@dataclass(frozen=True)
class WarehouseOption:
    """An enabled warehouse as a filter offers it; a virtual one names its members."""

    warehouse: Warehouse
    members: list[str]

    @property
    def code(self) -> str:
        return self.warehouse.code

    @property
    def label(self) -> str:
        label = f"{self.warehouse.code} — {self.warehouse.name}"
        return f"{label} (virtual: {' + '.join(self.members)})" if self.members else label


def warehouse_options(request, account: Account, *, physical_only: bool = False):
    warehouses = list(selectors.enabled_warehouses(request.actor, account))
    if physical_only:
        warehouses = [w for w in warehouses if not w.is_virtual]
    members = member_codes(w.pk for w in warehouses if w.is_virtual)
    return [WarehouseOption(w, members.get(w.pk, [])) for w in warehouses]


def _flag(request, name: str) -> bool:
    return request.GET.get(name) == "1"


@inventory_page
def levels(request, account: Account):
    options = warehouse_options(request, account)
    chosen = next((o for o in options if o.code == request.GET.get("warehouse")), None)
    q = request.GET.get("q", "")
    rows = selectors.inventory_rows(
        request.actor,
        account,
        warehouse_code=chosen.code if chosen else None,
        q=q,
        only_with_stock=_flag(request, "stock"),
        only_negative=_flag(request, "negative"),
    )
    context = {
        "title": "Inventory Levels",
        "breadcrumbs": [("Inventory", None)],
        "options": options,
        "chosen": chosen,
        "q": q,
        "only_with_stock": _flag(request, "stock"),
        "only_negative": _flag(request, "negative"),
        "page_obj": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_adjust": request.actor.can(Perm.INVENTORY_ADJUST),
        "export_query": f"?warehouse={chosen.code}" if chosen else "",
    }
    return render(request, "web/inventory/levels.html", context)


@inventory_page
def variant_inventory(request, account: Account, variant_id: int):
    variant = variant_get(request.actor, account, variant_id)
    members = {o.code: o.members for o in warehouse_options(request, account)}
    levels = selectors.variant_inventory(request.actor, account, variant.pk)
    context = {
        "title": variant.sku,
        "breadcrumbs": [
            ("Inventory", reverse("web:inventory")),
            (variant.product.name, reverse("web:product", args=[variant.product_id])),
        ],
        "variant": variant,
        "levels": [(row, members.get(row["warehouse"].code, [])) for row in levels],
        "movements": selectors.movements(request.actor, account, sku=variant.sku)[
            :RECENT_MOVEMENTS
        ],
        "can_adjust": request.actor.can(Perm.INVENTORY_ADJUST),
        "channel_explains": sku_explains(request.actor, account, variant.pk),
    }
    return render(request, "web/inventory/variant.html", context)


@inventory_page
def movements(request, account: Account):
    options = warehouse_options(request, account, physical_only=True)
    filters = {name: request.GET.get(name, "").strip() for name in ("sku", "warehouse", "trigger")}
    rows = selectors.movements(
        request.actor,
        account,
        sku=filters["sku"] or None,
        warehouse_code=filters["warehouse"] or None,
        trigger=filters["trigger"] or None,
    )
    context = {
        "title": "Movements",
        "breadcrumbs": [("Inventory", reverse("web:inventory"))],
        "options": options,
        "triggers": Trigger.choices,
        "filters": filters,
        "page_obj": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "web/inventory/movements.html", context)


@inventory_page
def levels_export(request, account: Account):
    code = request.GET.get("warehouse") or None
    if code:
        selectors.enabled_warehouse_get(request.actor, account, code)  # a 404 before streaming
    lines = inventory_levels_csv(actor=request.actor, account=account, warehouse_code=code)
    return csv_stream(lines, LEVELS_FILE)


@inventory_page
def levels_template(request, account: Account):
    return csv_file(inventory_template_csv(), LEVELS_FILE)


levels_import = inventory_page(import_upload(inventory_import_start, "web:inventory"))
