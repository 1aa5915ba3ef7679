"""Products: the list (search, status filter, Maintenance menu), the product page with its variants
table, Archive/Restore, and the P_Products.csv import, export and template."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openoms.catalog import selectors
from openoms.catalog.imports import product_import_start, product_template_csv, products_csv
from openoms.catalog.master import READ_ONLY_MESSAGE, catalog_is_read_only
from openoms.catalog.models import Product, ProductStatus
from openoms.catalog.services.products import product_create, product_set_status, product_update
from openoms.channels.selectors import master_channel
from openoms.core.errors import ValidationFailed
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm
from openoms.web.product_form import ProductForm, column_headers
from openoms.web.scopes import selected_account_page
from openoms.web.views.files import csv_file, csv_stream, import_upload

PAGE_SIZE = 50
SKUS_SHOWN = 3
STATUS_FILTERS = [("active", "Active"), ("archived", "Archived"), ("all", "All")]
ADD_VARIANT = "add_variant"

products_page = selected_account_page(
    Perm.CATALOG_VIEW, "Products", "Products belong to one account."
)


def _crumbs(*extra) -> list[tuple[str, str | None]]:
    return [("Products", reverse("web:products")), *extra]


def read_only_note(request, account: Account) -> str:
    """Where to edit the products when a channel is the Master Product Source; "" otherwise."""
    if not catalog_is_read_only(account):
        return ""
    master = master_channel(request.actor, account)
    if master is None:
        return READ_ONLY_MESSAGE
    return (
        f"Products of this account come from {master.name} (its Master Product "
        "Channel): edit them there; OpenOMS updates them on the next Import Products."
    )


def _rows(page_obj) -> list[tuple[Product, int, list[str]]]:
    """Each product of the page with its number of variants and its first SKUs."""
    rows = []
    for product in page_obj.object_list:
        skus = [variant.sku for variant in product.variants.all()]
        rows.append((product, len(skus), skus[:SKUS_SHOWN]))
    return rows


@products_page
def products(request, account: Account):
    q = request.GET.get("q", "")
    status = request.GET.get("status", "active")
    if status not in dict(STATUS_FILTERS):
        status = "active"
    found = selectors.products_search(
        request.actor, account, q=q, status=None if status == "all" else status
    )
    page_obj = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    note = read_only_note(request, account)
    context = {
        "title": "Products",
        "breadcrumbs": [("Products", None)],
        "page_obj": page_obj,
        "rows": _rows(page_obj),
        "q": q,
        "status": status,
        "status_filters": STATUS_FILTERS,
        "read_only_note": note,
        "can_edit": request.actor.can(Perm.CATALOG_EDIT) and not note,
    }
    return render(request, "web/products/list.html", context)


def _render(request, account: Account, form: ProductForm, product: Product | None = None):
    headers = column_headers(account)
    note = read_only_note(request, account)
    editable = request.actor.can(Perm.CATALOG_EDIT) and not note
    for field in form.fields.fields.values():
        field.disabled = not editable
    context = {
        "title": product.name if product else "New product",
        "breadcrumbs": _crumbs(),
        "product": product,
        "form": form,
        "headers": headers,
        "table": form.table(headers),
        "blank_cells": [(name, header, "", "") for name, header in headers],
        "status_choices": ProductStatus.choices,
        "editable": editable,
        "can_archive": request.actor.can(Perm.CATALOG_EDIT),
        "read_only_note": note,
    }
    return render(request, "web/products/edit.html", context)


def _post(request, account: Account, product: Product | None, save):
    """Save the posted form with ``save(form)``, or add a blank row ("Add variant" without JS)."""
    request.actor.require(Perm.CATALOG_EDIT)
    form = ProductForm.posted(request.POST, with_ids=product is not None)
    if ADD_VARIANT in request.POST:
        form.add_blank_row()
        return _render(request, account, form, product)
    try:
        saved = save(form)
    except ValidationFailed as exc:
        form.show_errors(exc.errors)
        return _render(request, account, form, product)
    messages.success(request, f"Product “{saved.name}” {'saved' if product else 'created'}.")
    return redirect("web:product", saved.pk)


@products_page
def product_new(request, account: Account):
    note = read_only_note(request, account)
    if note:
        messages.info(request, note)
        return redirect("web:products")
    if request.method != "POST":
        return _render(request, account, ProductForm.blank())
    return _post(
        request,
        account,
        None,
        lambda form: product_create(
            actor=request.actor, account=account, **form.values(), variants=form.variants_payload()
        ),
    )


@products_page
def product_page(request, account: Account, pk: int):
    product = selectors.product_get(request.actor, account, pk)
    if request.method != "POST":
        return _render(request, account, ProductForm.of(product, account), product)
    return _post(
        request,
        account,
        product,
        lambda form: product_update(
            actor=request.actor, product=product, **form.values(), variants=form.variants_payload()
        ),
    )


@require_POST
@products_page
def product_status(request, account: Account, pk: int):
    """Archive or Restore (the button posts the new status)."""
    product = selectors.product_get(request.actor, account, pk)
    status = request.POST.get("status", "")
    try:
        product_set_status(actor=request.actor, product=product, status=status)
    except ValidationFailed as exc:
        messages.error(request, " ".join(exc.errors.values()))
    else:
        done = "archived" if status == ProductStatus.ARCHIVED else "restored"
        messages.success(request, f"Product “{product.name}” {done}.")
    return redirect("web:product", product.pk)


@products_page
def products_export(request, account: Account):
    return csv_stream(products_csv(actor=request.actor, account=account), "P_Products.csv")


@products_page
def products_template(request, account: Account):
    return csv_file(product_template_csv(account), "P_Products.csv")


products_import = products_page(import_upload(product_import_start, "web:products"))
