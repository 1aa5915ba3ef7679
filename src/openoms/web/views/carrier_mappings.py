"""A channel's Carrier Mappings tab: the list (search, pagination), Create, Edit, Delete, and
Maintenance → Import (adds only), Export and Template of ``C_Carrier_Mappings.csv``."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openoms.channels.carrier_csv import (
    MAPPINGS_FILE,
    carrier_mappings_csv,
    carrier_mappings_import_start,
    mappings_template_csv,
)
from openoms.channels.carrier_models import CarrierMapping
from openoms.channels.carrier_selectors import (
    carrier_choices,
    carrier_mapping_get,
    carrier_mappings,
)
from openoms.channels.services.carrier_mappings import (
    MANAGE,
    carrier_mapping_create,
    carrier_mapping_delete,
    carrier_mapping_update,
)
from openoms.core.errors import ValidationFailed
from openoms.tenancy.permissions import Perm
from openoms.web.carrier_forms import CarrierMappingForm
from openoms.web.channel_scope import ChannelScope, channel_context, channel_page
from openoms.web.forms import show_errors
from openoms.web.views.files import csv_file, csv_stream, start_import

PAGE_SIZE = 50
TAB = "carrier_mappings"
FIELDS = ("carrier_channel_code", "service_channel_code", "carrier_code", "service_code")


@channel_page(Perm.CHANNELS_VIEW)
def carrier_mappings_list(request, scope: ChannelScope):
    q = request.GET.get("q", "")
    rows = carrier_mappings(request.actor, scope.channel, q=q)
    context = channel_context(
        request,
        scope,
        TAB,
        q=q,
        page_obj=Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        can_manage=request.actor.can(MANAGE),
        file_name=MAPPINGS_FILE,
    )
    return render(request, "web/channels/carrier_mappings.html", context)


def _values(form: CarrierMappingForm) -> dict:
    values = {name: form.data.get(name, "") for name in FIELDS}
    return values | {"is_primary": form.data.get("is_primary") in {"on", "true", "1"}}


def _form_page(request, scope: ChannelScope, form, mapping: CarrierMapping | None = None):
    context = channel_context(
        request,
        scope,
        TAB,
        title="Edit carrier mapping" if mapping else "Create carrier mapping",
        breadcrumbs=scope.breadcrumbs(("Carrier Mappings", scope.url(TAB))),
        form=form,
        mapping=mapping,
    )
    return render(request, "web/channels/carrier_mapping_form.html", context)


def _save(request, scope: ChannelScope, form, save):
    try:
        mapping = save(**_values(form))
    except ValidationFailed as exc:
        show_errors(form, exc.errors)
        return None
    pair = "/".join(filter(None, [mapping.carrier_channel_code, mapping.service_channel_code]))
    messages.success(request, f"Carrier mapping saved: {pair} → {mapping.carrier.code}.")
    return redirect(scope.url(TAB))


def _form(request, scope: ChannelScope, initial=None) -> CarrierMappingForm:
    choices = carrier_choices(request.actor, scope.channel.account)
    return CarrierMappingForm(request.POST or None, initial=initial, carriers=choices)


@channel_page(MANAGE)
def carrier_mapping_new(request, scope: ChannelScope):
    form = _form(request, scope)
    if request.method == "POST":

        def save(**values):
            return carrier_mapping_create(actor=request.actor, channel=scope.channel, **values)

        saved = _save(request, scope, form, save)
        if saved is not None:
            return saved
    return _form_page(request, scope, form)


@channel_page(MANAGE)
def carrier_mapping_edit(request, scope: ChannelScope, mapping: int):
    stored = carrier_mapping_get(request.actor, scope.channel, mapping)
    initial = {
        "carrier_channel_code": stored.carrier_channel_code,
        "service_channel_code": stored.service_channel_code,
        "carrier_code": stored.carrier.code,
        "service_code": stored.service.code if stored.service else "",
        "is_primary": stored.is_primary,
    }
    form = _form(request, scope, initial)
    if request.method == "POST":

        def save(**values):
            return carrier_mapping_update(actor=request.actor, mapping=stored, **values)

        saved = _save(request, scope, form, save)
        if saved is not None:
            return saved
    return _form_page(request, scope, form, stored)


@require_POST
@channel_page(MANAGE)
def carrier_mapping_remove(request, scope: ChannelScope, mapping: int):
    stored = carrier_mapping_get(request.actor, scope.channel, mapping)
    carrier_mapping_delete(actor=request.actor, mapping=stored)
    messages.success(request, f"Carrier mapping of {stored.carrier_channel_code} deleted.")
    return redirect(scope.url(TAB))


@channel_page(Perm.CHANNELS_VIEW)
def carrier_mappings_export(request, scope: ChannelScope):
    return csv_stream(
        carrier_mappings_csv(actor=request.actor, channel=scope.channel), MAPPINGS_FILE
    )


@channel_page(Perm.CHANNELS_VIEW)
def carrier_mappings_template(request, scope: ChannelScope):
    return csv_file(mappings_template_csv(), MAPPINGS_FILE)


@require_POST
@channel_page(MANAGE)
def carrier_mappings_import(request, scope: ChannelScope):
    return start_import(
        request,
        lambda file: carrier_mappings_import_start(
            actor=request.actor, channel=scope.channel, upload=file
        ),
        scope.url(TAB),
    )


# The tab's pages below a channel's address (web/urls.py adds them to the channel pages).
PAGES = [
    ("carrier-mappings/", carrier_mappings_list, "_carrier_mappings"),
    ("carrier-mappings/new/", carrier_mapping_new, "_carrier_mapping_new"),
    ("carrier-mappings/<int:mapping>/", carrier_mapping_edit, "_carrier_mapping"),
    ("carrier-mappings/<int:mapping>/delete/", carrier_mapping_remove, "_carrier_mapping_delete"),
    ("carrier-mappings/import/", carrier_mappings_import, "_carrier_mappings_import"),
    ("carrier-mappings/export/", carrier_mappings_export, "_carrier_mappings_export"),
    ("carrier-mappings/template/", carrier_mappings_template, "_carrier_mappings_template"),
]
