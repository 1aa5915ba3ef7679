"""System Configuration → Organizations → Warehouses: the organization's physical and virtual
warehouses, created and edited with Warehouses Manage, read by every role that sees the
organization. Accounts enable them on their own Warehouses tab (``account_warehouses``)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from openoms.core.errors import ValidationFailed
from openoms.inventory import selectors
from openoms.inventory.models import Warehouse, WarehouseKind
from openoms.inventory.services.warehouses import member_codes, warehouse_create, warehouse_update
from openoms.tenancy.models import Organization
from openoms.tenancy.permissions import Perm
from openoms.web.forms import WarehouseForm, show_errors
from openoms.web.scopes import organization_page
from openoms.web.views.organizations import organization_context

TAB = "organization_warehouses"


def _list_url(organization: Organization) -> str:
    return reverse("web:organization_warehouses", args=[organization.code])


@organization_page
def organization_warehouses(request, organization: Organization):
    warehouses = list(selectors.organization_warehouses(request.actor, organization))
    members = member_codes(w.pk for w in warehouses if w.is_virtual)
    context = organization_context(
        organization,
        TAB,
        rows=[(w, members.get(w.pk, [])) for w in warehouses],
        can_manage=request.actor.can(Perm.WAREHOUSES_MANAGE),
    )
    return render(request, "web/warehouses/list.html", context)


def _form(request, organization: Organization, warehouse: Warehouse | None) -> WarehouseForm:
    physical = selectors.organization_warehouses(request.actor, organization).filter(
        kind=WarehouseKind.PHYSICAL
    )
    initial = None
    if warehouse is not None:
        initial = {f: getattr(warehouse, f) for f in ("name", *WarehouseForm.ADDRESS)}
        initial["members"] = member_codes([warehouse.pk]).get(warehouse.pk, [])
    return WarehouseForm(
        request.POST or None,
        initial=initial,
        kind_choices=WarehouseKind.choices,
        member_choices=[(w.code, f"{w.code} — {w.name}") for w in physical],
        fixed_kind=warehouse.kind if warehouse else "",
    )


def _render(request, organization: Organization, form: WarehouseForm, warehouse=None):
    context = organization_context(organization, TAB, form=form, warehouse=warehouse)
    context["breadcrumbs"].append(("Warehouses", _list_url(organization)))
    context["title"] = f"Warehouse {warehouse.code}" if warehouse else "New warehouse"
    return render(request, "web/warehouses/edit.html", context)


def _save(request, organization: Organization, form: WarehouseForm, save, warehouse=None):
    """Call ``save(data)`` with the posted values; on success back to the list."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationFailed as exc:
            show_errors(form, exc.errors)
        else:
            messages.success(request, f"Warehouse {saved.code} saved.")
            return redirect(_list_url(organization))
    return _render(request, organization, form, warehouse)


@organization_page
def warehouse_new(request, organization: Organization):
    request.actor.require(Perm.WAREHOUSES_MANAGE)
    form = _form(request, organization, None)
    return _save(
        request,
        organization,
        form,
        lambda data: warehouse_create(
            actor=request.actor,
            organization=organization,
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            members=data["members"],
            address=form.address(),
        ),
    )


@organization_page
def warehouse_edit(request, organization: Organization, code: str):
    warehouse = selectors.organization_warehouse_get(request.actor, organization, code)
    request.actor.require(Perm.WAREHOUSES_MANAGE)
    form = _form(request, organization, warehouse)
    return _save(
        request,
        organization,
        form,
        lambda data: warehouse_update(
            actor=request.actor,
            warehouse=warehouse,
            name=data["name"],
            members=data["members"] if warehouse.is_virtual else None,
            address=form.address(),
        ),
        warehouse,
    )
