"""``P_Products.csv``: import products (one row per variant), export them, and the template.

The import stores the file and checks its header at once, then a task applies it in batches of
5,000 rows, one transaction each (see ``product_import`` for the rules). The export and the template
write the account's units; the import reads the units from the file's header.

When a channel is the Master Product Source, products are edited there: the import is refused
(at upload, and again when the queued run starts, should the source have changed meanwhile).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction

from openoms.activity.import_runner import (
    BatchHandler,
    file_import_actor,
    run_file_import,
    start_file_import,
)
from openoms.activity.models import FileImport
from openoms.catalog.master import refuse_when_read_only
from openoms.catalog.models import ProductVariant
from openoms.catalog.product_csv import check_product_header, export_measure, product_header
from openoms.catalog.product_import import ProductImporter
from openoms.core import units
from openoms.core.csv_files import csv_chunks, csv_line
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

IMPORT_KIND = "products"
BATCH_ROWS = 5_000
EXPORT_COLUMNS = (
    "product__name",
    "sku",
    "name",
    "product__description",
    "barcode",
    "weight_g",
    "length_mm",
    "width_mm",
    "height_mm",
    "price",
    "product__status",
)


def product_template_csv(account: Account) -> str:
    """The import template: the header row, measures in the account's units."""
    return csv_line(product_header(account.weight_unit, account.size_unit))


def product_import_start(*, actor: Actor, account: Account, upload) -> FileImport:
    """Store a ``P_Products.csv`` upload and queue its import.

    Refused at once (``ValidationFailed`` on ``file``, nothing kept): a file over the size limit,
    an empty, binary or undecodable file, a wrong header row or an unknown unit in it; and any
    file (``ValidationFailed`` on ``product``) when a channel is the Master Product Source.
    """
    actor.require_account(account)
    actor.require(Perm.CATALOG_EDIT)
    refuse_when_read_only(account)
    units_default = (account.weight_unit, account.size_unit)
    with transaction.atomic():
        return start_file_import(
            actor=actor,
            account=account,
            kind=IMPORT_KIND,
            upload=upload,
            check_header=lambda header: check_product_header(header, default=units_default),
            enqueue=_enqueue,
        )


def _enqueue(file_import_id: int) -> None:
    from openoms.catalog.tasks import product_import_task

    product_import_task.enqueue(file_import_id)


def product_import_run(file_import_id: int) -> FileImport:
    """The task's body: apply the stored file batch by batch; returns the finished import."""
    return run_file_import(file_import_id, prepare=_prepare, batch_rows=BATCH_ROWS)


def _prepare(file_import: FileImport, header: list[str]) -> BatchHandler:
    account = file_import.account
    weight_unit, size_unit = check_product_header(
        header, default=(account.weight_unit, account.size_unit)
    )
    actor = file_import_actor(file_import)
    actor.require_account(account)
    actor.require(Perm.CATALOG_EDIT)
    refuse_when_read_only(account)
    return ProductImporter(account=account, weight_unit=weight_unit, size_unit=size_unit).apply


def products_csv(*, actor: Actor, account: Account) -> Iterator[str]:
    """Every variant of the account as ``P_Products.csv`` rows, by product name then SKU."""
    actor.require_account(account)
    actor.require(Perm.CATALOG_VIEW)
    header = product_header(account.weight_unit, account.size_unit)
    variants = (
        ProductVariant.objects.filter(account=account)
        .order_by("product__name", "product_id", "sku")
        .values_list(*EXPORT_COLUMNS)
        .iterator(chunk_size=2000)
    )
    return csv_chunks(header, (_export_row(row, account) for row in variants))


def _export_row(row: tuple, account: Account) -> list:
    name, sku, variant, description, barcode, weight, length, width, height, price, status = row
    size = account.size_unit
    return [
        name,
        sku,
        variant,
        description,
        barcode,
        export_measure(weight, account.weight_unit, units.WEIGHT_UNITS),
        *(export_measure(value, size, units.SIZE_UNITS) for value in (length, width, height)),
        "" if price is None else f"{price:.2f}",
        status,
    ]
