"""Admin Settings → Carriers: the account's carrier list (search, pagination), a carrier's page
with its services inline, and Maintenance → Import (add or update), Export and Template of
``Carriers.csv``."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from openoms.channels.carrier_csv import (
    CARRIERS_FILE,
    carriers_csv,
    carriers_import_start,
    carriers_template_csv,
)
from openoms.channels.carrier_models import Carrier
from openoms.channels.carrier_selectors import carrier_get_by_id, carrier_service_get, carriers
from openoms.channels.services import carriers as services
from openoms.core.errors import Conflict, ValidationFailed
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.carrier_forms import CarrierForm, ServiceForm
from openoms.web.forms import show_errors
from openoms.web.scopes import selected_account_page
from openoms.web.views.files import csv_file, csv_stream, import_upload

PAGE_SIZE = 50
AREA = "Admin Settings"
SERVICE = "service"  # the Add a service form's prefix: its fields are not the carrier's

carriers_page = selected_account_page(
    Perm.CHANNELS_VIEW, "Carriers", "Carriers belong to one account."
)


def _list_url() -> str:
    return reverse("web:carriers")


def _crumbs(*extra) -> list[tuple[str, str | None]]:
    return [(AREA, None), ("Carriers", _list_url()), *extra]


@carriers_page
def carriers_list(request, account: Account):
    q = request.GET.get("q", "")
    rows = carriers(request.actor, account, q=q)
    context = {
        "title": "Carriers",
        "breadcrumbs": [(AREA, None), ("Carriers", None)],
        "q": q,
        "page_obj": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_manage": request.actor.can(services.MANAGE),
        "file_name": CARRIERS_FILE,
    }
    return render(request, "web/carriers/list.html", context)


def _edit_page(request, carrier: Carrier, form: CarrierForm, service_form=None, status=200):
    context = {
        "title": f"Carrier {carrier.code}",
        "breadcrumbs": _crumbs((carrier.code, None)),
        "carrier": carrier,
        "form": form,
        "service_form": service_form or ServiceForm(prefix=SERVICE),
        "services": list(carrier.services.all()),
        "can_manage": request.actor.can(services.MANAGE),
    }
    return render(request, "web/carriers/edit.html", context, status=status)


@carriers_page
def carrier_new(request, account: Account):
    request.actor.require(services.MANAGE)
    form = CarrierForm(request.POST or None)
    if request.method == "POST":
        try:
            carrier = services.carrier_create(
                actor=request.actor,
                account=account,
                code=form.data.get("code", ""),
                name=form.data.get("name", ""),
            )
        except ValidationFailed as exc:
            show_errors(form, exc.errors)
        else:
            messages.success(request, f"Carrier {carrier.code} created: add its services below.")
            return redirect("web:carrier", carrier.pk)
    context = {"title": "New carrier", "breadcrumbs": _crumbs(("New", None)), "form": form}
    return render(request, "web/carriers/new.html", context)


@carriers_page
def carrier_edit(request, account: Account, pk: int):
    carrier = carrier_get_by_id(request.actor, account, pk)
    form = CarrierForm(request.POST or None, initial={"name": carrier.name})
    form.fields["code"].disabled = True
    if request.method == "POST":
        request.actor.require(services.MANAGE)
        try:
            services.carrier_update(
                actor=request.actor, carrier=carrier, name=form.data.get("name", "")
            )
        except ValidationFailed as exc:
            show_errors(form, exc.errors)
        else:
            messages.success(request, f"Carrier {carrier.code} saved.")
            return redirect("web:carrier", carrier.pk)
    return _edit_page(request, carrier, form)


@require_POST
@carriers_page
def carrier_remove(request, account: Account, pk: int):
    carrier = carrier_get_by_id(request.actor, account, pk)
    try:
        services.carrier_delete(actor=request.actor, carrier=carrier)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("web:carrier", carrier.pk)
    messages.success(request, f"Carrier {carrier.code} deleted.")
    return redirect("web:carriers")


@require_POST
@carriers_page
def service_add(request, account: Account, pk: int):
    carrier = carrier_get_by_id(request.actor, account, pk)
    form = ServiceForm(request.POST, prefix=SERVICE)
    try:
        service = services.carrier_service_create(
            actor=request.actor,
            carrier=carrier,
            code=form.data.get(form.add_prefix("code"), ""),
            name=form.data.get(form.add_prefix("name"), ""),
        )
    except ValidationFailed as exc:
        show_errors(form, exc.errors)
        edit = CarrierForm(initial={"code": carrier.code, "name": carrier.name})
        edit.fields["code"].disabled = True
        return _edit_page(request, carrier, edit, form, status=422)
    messages.success(request, f"Service {service.code} added to {carrier.code}.")
    return redirect("web:carrier", carrier.pk)


@require_POST
@carriers_page
def service_rename(request, account: Account, pk: int, service: int):
    carrier = carrier_get_by_id(request.actor, account, pk)
    found = carrier_service_get(carrier, pk=service)
    try:
        services.carrier_service_update(
            actor=request.actor, service=found, name=request.POST.get("name", "")
        )
    except ValidationFailed as exc:
        messages.error(request, f"Service {found.code}: {' '.join(exc.errors.values())}")
    else:
        messages.success(request, f"Service {found.code} saved.")
    return redirect("web:carrier", carrier.pk)


@require_POST
@carriers_page
def service_remove(request, account: Account, pk: int, service: int):
    carrier = carrier_get_by_id(request.actor, account, pk)
    found = carrier_service_get(carrier, pk=service)
    try:
        services.carrier_service_delete(actor=request.actor, service=found)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Service {found.code} deleted.")
    return redirect("web:carrier", carrier.pk)


@carriers_page
def carriers_export(request, account: Account):
    return csv_stream(carriers_csv(actor=request.actor, account=account), CARRIERS_FILE)


@carriers_page
def carriers_template(request, account: Account):
    return csv_file(carriers_template_csv(), CARRIERS_FILE)


carriers_import = carriers_page(import_upload(carriers_import_start, "web:carriers"))


# Admin Settings → Carriers (web/urls.py includes them).
URLS = [
    path("settings/carriers/", carriers_list, name="carriers"),
    path("settings/carriers/new/", carrier_new, name="carrier_new"),
    path("settings/carriers/import/", carriers_import, name="carriers_import"),
    path("settings/carriers/export/", carriers_export, name="carriers_export"),
    path("settings/carriers/template/", carriers_template, name="carriers_template"),
    path("settings/carriers/<int:pk>/", carrier_edit, name="carrier"),
    path("settings/carriers/<int:pk>/delete/", carrier_remove, name="carrier_delete"),
    path("settings/carriers/<int:pk>/services/", service_add, name="carrier_service_add"),
    path(
        "settings/carriers/<int:pk>/services/<int:service>/",
        service_rename,
        name="carrier_service",
    ),
    path(
        "settings/carriers/<int:pk>/services/<int:service>/delete/",
        service_remove,
        name="carrier_service_delete",
    ),
]
