"""``P_Products.csv``: import products (one row per variant), export them, and the template.

The import is the ``products`` kind of the file import skeleton (``activity.imports``): the file
is stored and its header checked at once, then the task applies it in batches of 5,000 rows, one
transaction each (see ``product_import`` for the rules). The export and the template write the
account's units; the import reads the units from the file's header.

When a channel is the Master Product Source, products are edited there: the import is refused
(at upload, and again when the queued run starts, should the source have changed meanwhile).
"""

from __future__ import annotations

from collections.abc import Iterator

from openoms.activity.import_kinds import ImportKind
from openoms.activity.import_runner import file_import_run
from openoms.activity.imports import file_import_start
from openoms.activity.models import FileImport
from openoms.catalog.master import refuse_when_read_only
from openoms.catalog.models import ProductVariant
from openoms.catalog.product_csv import (
    P_FILE,
    check_product_header,
    export_measure,
    product_header,
)
from openoms.catalog.product_import import ProductImporter
from openoms.core import units
from openoms.core.csv_files import csv_chunks, csv_line
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

IMPORT_KIND = "products"
BATCH_ROWS = 5_000

product_import_run = file_import_run  # the one run loop, under the name callers know
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


def _units(account: Account, header: list[str]) -> tuple[str, str]:
    return check_product_header(header, default=(account.weight_unit, account.size_unit))


def _refuse_when_read_only(actor: Actor, account: Account, channel_id: int | None) -> None:
    refuse_when_read_only(account)


def _writer(file_import: FileImport, actor: Actor, header: list[str]) -> ProductImporter:
    weight_unit, size_unit = _units(file_import.account, header)
    return ProductImporter(
        account=file_import.account, weight_unit=weight_unit, size_unit=size_unit
    )


PRODUCT_IMPORT = ImportKind(
    code=IMPORT_KIND,
    label="Products",
    file_name=P_FILE,
    import_perm=Perm.CATALOG_EDIT,
    view_perm=Perm.CATALOG_VIEW,
    batch_rows=BATCH_ROWS,
    check_header=_units,
    writer=_writer,
    check_allowed=_refuse_when_read_only,
)


def product_import_start(*, actor: Actor, account: Account, upload, file_name=None) -> FileImport:
    """Store a ``P_Products.csv`` upload and queue its import.

    Refused at once (``ValidationFailed`` on ``file``, nothing kept): a file over the size limit,
    an empty, binary or undecodable file, a wrong header row or an unknown unit in it; and any
    file (``ValidationFailed`` on ``product``) when a channel is the Master Product Source.
    """
    return file_import_start(
        actor=actor, account=account, kind=IMPORT_KIND, upload=upload, file_name=file_name
    )


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
