"""A channel's SKU Mappings tab, as the help article walks through it: the list (search,
pagination), Create (the channel's SKU, a Product Variant searched and picked, the OpenOMS SKU
filled in read-only, Save), Edit, Delete, and Maintenance → Import, Export and Template of
``C_SKU_Mappings.csv``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openoms.catalog.selectors import variant_get, variants_search
from openoms.channels import selectors
from openoms.channels.models import SkuMapping
from openoms.channels.services.sku_mappings import (
    sku_mapping_create,
    sku_mapping_delete,
    sku_mapping_update,
)
from openoms.channels.sku_mapping_csv import (
    SKU_MAPPING_FILE,
    sku_mapping_import_start,
    sku_mapping_template_csv,
    sku_mappings_csv,
)
from openoms.core.errors import NotFound, ValidationFailed
from openoms.tenancy.permissions import Perm
from openoms.web.channel_forms import SkuMappingForm
from openoms.web.channel_scope import ChannelScope, channel_context, channel_page
from openoms.web.forms import show_errors
from openoms.web.views.files import csv_file, csv_stream, start_import

PAGE_SIZE = 50
VARIANT_OPTIONS = 20
PICK_FIRST = "Search for and pick the Product Variant: the OpenOMS SKU fills in from it."


def _channel_sku_label(scope: ChannelScope) -> str:
    """ "Sales Channel SKU" or "Fulfillment Channel SKU", as the article names the field."""
    return f"{scope.channel.get_type_display()} SKU"


@channel_page(Perm.CHANNELS_VIEW)
def sku_mappings(request, scope: ChannelScope):
    q = request.GET.get("q", "")
    rows = selectors.sku_mappings(request.actor, scope.channel, q=q)
    context = channel_context(
        request,
        scope,
        "sku_mappings",
        q=q,
        page_obj=Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        can_manage=request.actor.can(Perm.SKU_MAPPINGS_MANAGE),
        channel_sku_label=_channel_sku_label(scope),
        file_name=SKU_MAPPING_FILE,
    )
    return render(request, "web/channels/sku_mappings.html", context)


def _mapping(request, scope: ChannelScope, pk: int) -> SkuMapping:
    mapping = selectors.sku_mappings(request.actor, scope.channel).filter(pk=pk).first()
    if mapping is None:
        raise NotFound("SKU mapping not found.")
    return mapping


def _picked(request, scope: ChannelScope, sku: str):
    """The variant whose SKU the form holds, to name it under the OpenOMS SKU."""
    if not sku:
        return None
    return variants_search(request.actor, scope.channel.account, sku=sku).first()


def _form_page(request, scope: ChannelScope, form: SkuMappingForm, mapping=None):
    title = "Edit SKU mapping" if mapping else "Create SKU mapping"
    context = channel_context(
        request,
        scope,
        "sku_mappings",
        title=title,
        breadcrumbs=scope.breadcrumbs(("SKU Mappings", scope.url("sku_mappings"))),
        form=form,
        mapping=mapping,
        picked=_picked(request, scope, form.value("sku")),
    )
    return render(request, "web/channels/sku_mapping_form.html", context)


def _save(request, scope: ChannelScope, form: SkuMappingForm, channel_sku: str, service):
    """Save the mapping with ``service`` (create or update) and go back to the list, or show
    the form with the service's errors (an already mapped channel SKU among them)."""
    sku = form.value("sku")
    try:
        if not sku:
            raise ValidationFailed({"sku": PICK_FIRST})
        service(actor=request.actor, channel=scope.channel, channel_sku=channel_sku, sku=sku)
    except ValidationFailed as exc:
        show_errors(form, exc.errors)
        return None
    messages.success(request, f"SKU mapping saved: {channel_sku} → {sku}.")
    return redirect(scope.url("sku_mappings"))


@channel_page(Perm.SKU_MAPPINGS_MANAGE)
def sku_mapping_new(request, scope: ChannelScope):
    form = SkuMappingForm(request.POST or None, channel_sku_label=_channel_sku_label(scope))
    if request.method == "POST":
        channel_sku = form.value("channel_sku")
        saved = _save(request, scope, form, channel_sku, sku_mapping_create)
        if saved is not None:
            return saved
    return _form_page(request, scope, form)


@channel_page(Perm.SKU_MAPPINGS_MANAGE)
def sku_mapping_edit(request, scope: ChannelScope, mapping: int):
    stored = _mapping(request, scope, mapping)
    initial = {"channel_sku": stored.channel_sku, "sku": stored.variant.sku}
    form = SkuMappingForm(
        request.POST or None, initial=initial, channel_sku_label=_channel_sku_label(scope)
    )
    form.fields["channel_sku"].disabled = True
    if request.method == "POST":
        saved = _save(request, scope, form, stored.channel_sku, sku_mapping_update)
        if saved is not None:
            return saved
    return _form_page(request, scope, form, stored)


@require_POST
@channel_page(Perm.SKU_MAPPINGS_MANAGE)
def sku_mapping_remove(request, scope: ChannelScope, mapping: int):
    stored = _mapping(request, scope, mapping)
    sku_mapping_delete(actor=request.actor, channel=scope.channel, channel_sku=stored.channel_sku)
    messages.success(request, f"SKU mapping of {stored.channel_sku} deleted.")
    return redirect(scope.url("sku_mappings"))


@channel_page(Perm.SKU_MAPPINGS_MANAGE)
def variant_options(request, scope: ChannelScope):
    """The Product Variant picker's results for what was typed so far (htmx)."""
    typed = request.GET.get("variant", "").strip()
    found = (
        variants_search(request.actor, scope.channel.account, q=typed)[:VARIANT_OPTIONS]
        if typed
        else []
    )
    context = {"variants": found, "typed": typed, "scope": scope}
    return render(request, "web/channels/_variant_results.html", context)


@channel_page(Perm.SKU_MAPPINGS_MANAGE)
def variant_pick(request, scope: ChannelScope, variant: int):
    """A picked variant fills in the read-only OpenOMS SKU (htmx) and closes the results."""
    picked = variant_get(request.actor, scope.channel.account, variant)
    form = SkuMappingForm(initial={"sku": picked.sku}, channel_sku_label=_channel_sku_label(scope))
    context = {"form": form, "picked": picked, "close_results": True}
    return render(request, "web/channels/_openoms_sku.html", context)


@channel_page(Perm.CHANNELS_VIEW)
def sku_mappings_export(request, scope: ChannelScope):
    return csv_stream(
        sku_mappings_csv(actor=request.actor, channel=scope.channel), SKU_MAPPING_FILE
    )


@channel_page(Perm.CHANNELS_VIEW)
def sku_mappings_template(request, scope: ChannelScope):
    return csv_file(sku_mapping_template_csv(), SKU_MAPPING_FILE)


@require_POST
@channel_page(Perm.SKU_MAPPINGS_MANAGE)
def sku_mappings_import(request, scope: ChannelScope):
    return start_import(
        request,
        lambda file: sku_mapping_import_start(
            actor=request.actor, channel=scope.channel, upload=file
        ),
        scope.url("sku_mappings"),
    )
