"""Inventory pages: levels with their filters (a virtual warehouse shows sums), a variant's levels,
Adjust Inventory (set, add, remove) and the ledger of movements."""

from __future__ import annotations

from openoms.inventory.models import InventoryLevel, InventoryMovement
from openoms.tenancy.roles import Role
from tests.web.catalog_data import stocked, text

ADJUST = "/inventory/adjust/"


def level_total(sku: str, code: str) -> int:
    return InventoryLevel.objects.get(variant__sku=sku, warehouse__code=code).total


def adjust_post(mode: str, quantity: str, sku: str = "SKU-1", warehouse: str = "TOR-1") -> dict:
    return {"warehouse": warehouse, "sku": sku, "mode": mode, "quantity": quantity, "reason": "x"}


def rows(html: str) -> list[str]:
    """The table's body rows as text of cells, e.g. "SKU-1 | Trail Tee | TOR-1 | 10 | …"."""
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    cells = [row.split("<td")[1:] for row in body.split("<tr")[1:]]
    return [" | ".join(_plain(cell) for cell in row) for row in cells]


def _plain(cell: str) -> str:
    inner = cell.split(">", 1)[1].rsplit("</td>", 1)[0]
    while "<" in inner:
        start = inner.index("<")
        inner = inner[:start] + inner[inner.index(">", start) + 1 :]
    return " ".join(inner.split())


def test_levels_list_every_physical_level_by_default(signed_in, tenant):
    # given
    stocked(tenant)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get("/inventory/").content.decode()
    # then
    assert rows(html) == [
        "SKU-1 | Trail Tee | MTL-1 | 4 | 0 | 0 | 4 | 0",
        "SKU-1 | Trail Tee | TOR-1 | 10 | 0 | 0 | 10 | 0",
        "SKU-2 | Trail Tee | TOR-1 | 0 | 3 | 0 | -3 | 0",
    ]
    assert '<td class="num negative">-3</td>' in html


def test_a_virtual_warehouse_shows_the_sum_of_its_members(signed_in, tenant):
    # given
    stocked(tenant)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get("/inventory/?warehouse=EAST").content.decode()
    # then
    assert rows(html) == [
        "SKU-1 | Trail Tee | EAST sum | 14 | 0 | 0 | 14 | 0",
        "SKU-2 | Trail Tee | EAST sum | 0 | 3 | 0 | -3 | 0",
    ]
    assert "EAST is virtual: each row is the sum of MTL-1 + TOR-1." in html
    assert 'href="/inventory/export/?warehouse=EAST" download>Export' in html


def test_only_with_stock_and_only_negative(signed_in, tenant):
    # given
    stocked(tenant)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    with_stock = rows(client.get("/inventory/?warehouse=TOR-1&stock=1").content.decode())
    negative = rows(client.get("/inventory/?negative=1").content.decode())
    searched = rows(client.get("/inventory/?q=sku-2").content.decode())
    # then
    assert with_stock == ["SKU-1 | Trail Tee | TOR-1 | 10 | 0 | 0 | 10 | 0"]
    assert negative == ["SKU-2 | Trail Tee | TOR-1 | 0 | 3 | 0 | -3 | 0"]
    assert searched == negative


def test_the_variant_page_shows_every_enabled_warehouse_and_its_movements(signed_in, tenant):
    # given
    data = stocked(tenant)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get(f"/inventory/variants/{data['variants']['SKU-1'].pk}/").content.decode()
    # then
    levels = html.split("Levels by warehouse")[1].split("Recent movements")[0]
    assert rows(levels) == [
        "MTL-1 Warehouse MTL-1 | 4 | 0 | 0 | 4 | 0",
        "TOR-1 Warehouse TOR-1 | 10 | 0 | 0 | 10 | 0",
        "EAST Warehouse EAST virtual · sum of MTL-1, TOR-1 | 14 | 0 | 0 | 14 | 0",
    ]
    assert html.count("Import Inventory Level</td>") == 2


def test_adjust_set_add_and_remove_write_movements(signed_in, tenant):
    # given
    stocked(tenant)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    set_to = client.post(ADJUST, adjust_post("set", "12"), follow=True)
    added = client.post(ADJUST, adjust_post("add", "5"), follow=True)
    removed = client.post(ADJUST, adjust_post("remove", "7"), follow=True)
    # then
    assert "SKU-1 at TOR-1: 10 → 12" in text(set_to)
    assert "SKU-1 at TOR-1: 12 → 17" in text(added)
    assert "SKU-1 at TOR-1: 17 → 10" in text(removed)
    assert removed.redirect_chain == [("/inventory/adjust/?warehouse=TOR-1", 302)]
    assert level_total("SKU-1", "TOR-1") == 10
    manual = InventoryMovement.objects.filter(trigger="adjust_inventory_manually")
    assert list(manual.order_by("id").values_list("change", "resulting", "reason")) == [
        (2, 12, "x"),
        (5, 17, "x"),
        (-7, 10, "x"),
    ]
    assert manual.first().actor == tenant.user(Role.ACCOUNT_USER)


def test_removing_below_zero_is_refused_and_nothing_changes(signed_in, tenant):
    # given
    stocked(tenant)
    client = signed_in(Role.ACCOUNT_USER)
    before = InventoryMovement.objects.count()
    # when
    response = client.post(ADJUST, adjust_post("remove", "11"))
    # then
    assert response.status_code == 200
    assert "Removing 11 would leave -1 in stock (there are 10)." in text(response)
    assert level_total("SKU-1", "TOR-1") == 10
    assert InventoryMovement.objects.count() == before


def test_adjust_errors_are_shown_on_their_fields(signed_in, tenant):
    # given
    stocked(tenant)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    not_whole = text(client.post(ADJUST, adjust_post("add", "2.5")))
    unknown = text(client.post(ADJUST, adjust_post("set", "1", sku="NOPE", warehouse="EAST")))
    # then
    assert "Enter a whole number, 0 or more." in not_whole
    assert "Unknown SKU 'NOPE'." in unknown
    assert "EAST" in unknown.split('class="field-error"')[1]
    assert InventoryMovement.objects.filter(trigger="adjust_inventory_manually").count() == 0


def test_the_adjust_form_offers_enabled_physical_warehouses_only(signed_in, tenant):
    # given
    stocked(tenant)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get(ADJUST).content.decode()
    # then
    select = html.split('name="warehouse"')[1].split("</select>")[0]
    assert '<option value="MTL-1">MTL-1 — Warehouse MTL-1</option>' in select
    assert '<option value="TOR-1">TOR-1 — Warehouse TOR-1</option>' in select
    assert "EAST" not in select


def test_sku_options_offer_matching_variants(signed_in, tenant):
    # given
    stocked(tenant)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get("/inventory/skus/?sku=sku-2", HTTP_HX_REQUEST="true").content.decode()
    # then
    assert html.strip() == '<option value="SKU-2">Trail Tee</option>'


def test_movements_are_listed_newest_first_and_filtered(signed_in, tenant):
    # given
    stocked(tenant)
    client = signed_in(Role.ACCOUNT_USER)
    client.post(ADJUST, adjust_post("add", "5"))
    # when
    everything = rows(client.get("/inventory/movements/").content.decode())
    manual = rows(
        client.get("/inventory/movements/?trigger=adjust_inventory_manually").content.decode()
    )
    at_mtl = rows(client.get("/inventory/movements/?warehouse=MTL-1&sku=SKU-1").content.decode())
    # then
    assert len(everything) == 3
    assert manual == [everything[0]]
    assert manual[0].split(" | ")[1:] == [
        "SKU-1",
        "TOR-1",
        "Total",
        "+5",
        "15",
        "Adjust Inventory Manually",
        "—",
        "x",
        "account_user@acme-group.example",
    ]
    assert [row.split(" | ")[2] for row in at_mtl] == ["MTL-1"]


def test_home_summarises_catalog_and_stock(signed_in, tenant):
    # given
    stocked(tenant)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get("/").content.decode()
    # then
    card = html.split("Catalog and inventory")[1].split("</dl>")[0]
    assert '<dt>Products</dt><dd><a href="/products/">1</a></dd>' in card
    assert '<dt>SKUs</dt><dd><a href="/products/">2</a></dd>' in card
    assert "<dt>Warehouses enabled</dt><dd>3</dd>" in card
    assert '<dt>Units in stock</dt><dd><a href="/inventory/">14</a></dd>' in card


def test_the_menu_marks_only_the_page_open(signed_in, tenant):
    # given
    stocked(tenant)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get(ADJUST).content.decode()
    # then
    assert '<a href="/inventory/adjust/" class="active" aria-current="page">' in html
    assert '<a href="/inventory/">Inventory Levels</a>' in html
