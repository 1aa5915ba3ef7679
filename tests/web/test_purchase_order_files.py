"""The Purchase Orders list's Maintenance menu: importing a PO_Import_Orders.csv (the import's
page with its counts and rejected rows by line, and its way back to the list; an order with a bad
row is rejected whole, a number the account has is skipped with a warning), exporting the list
as filtered with the API's writer, the template; a role without PURCHASES_MANAGE; tenancy; the
export's queries do not grow with the orders."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openoms.activity.models import FileImport, ImportStatus
from openoms.purchasing.models import PurchaseOrder, PurchaseOrderLine
from openoms.purchasing.po_rows import PO_HEADER
from openoms.tenancy.permissions import PERMISSIONS, Perm
from openoms.tenancy.roles import Role
from tests.file_imports import immediate_tasks, upload, uploads  # noqa: F401
from tests.web.purchase_order_data import make_po, make_shop
from tests.web.sales_order_data import table_rows

LIST = "/purchase-orders/"
HEADER = ",".join(PO_HEADER)
FILE = "PO_Import_Orders.csv"


def row(number: str, sku: str = "TEE", quantity: str = "5", warehouse: str = "", **more) -> str:
    values = dict.fromkeys(PO_HEADER, "") | {
        "order_number": number,
        "order_date": "2026-12-01T10:00:00Z",
        "warehouse": warehouse,
        "supplier": "Acme Textiles",
        "carrier": "UPS",
        "service": "GND",
        "sku": sku,
        "quantity": quantity,
    }
    values.update(more)
    return ",".join(values[name] for name in PO_HEADER)


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def shop(tenant):
    return make_shop(tenant.account)


@pytest.fixture
def import_orders(signed_in, shop, immediate_tasks, uploads, django_capture_on_commit_callbacks):  # noqa: F811
    """``import_orders(*rows)``: an account user posts the file to the list's Import; its task
    runs when the request commits. → (client, response)."""
    client = signed_in(Role.ACCOUNT_USER)

    def _import(*rows: str, header: str = HEADER, **extra):
        content = "\n".join([header, *rows]) + "\n"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(LIST + "import/", {"file": upload(content, FILE)}, **extra)
        return client, response

    return _import


def test_the_list_offers_import_export_and_template(signed_in, shop):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get(LIST).content.decode()
    # then
    assert 'action="/purchase-orders/import/" enctype="multipart/form-data"' in html
    assert "Import PO_Import_Orders.csv</label>" in html
    assert 'href="/purchase-orders/export/" download>Export<small>Every purchase order' in html
    assert 'href="/purchase-orders/template/" download>Template' in html


def test_an_imported_file_creates_drafts_and_reports_each_bad_row(import_orders, shop):
    # given / when: PO-1 of two rows is good (lines 2 and 5, apart in the file); PO-2 has a
    # serial number on 3 units (line 4); PO-3 a date that is not one (line 6)
    a = shop.a.code
    client, response = import_orders(
        row("PO-1", warehouse=a, lot_number="LOT-1"),
        row("PO-2", warehouse=a),
        row("PO-2", "MUG", "3", serial_number="SN-1"),
        row("PO-1", "MUG", "2"),
        row("PO-3", warehouse=a, cancel_after="31/12/2026"),
    )
    file_import = FileImport.objects.get()
    page = client.get(response.url)
    html = page.content.decode()
    # then
    assert response.status_code == 302 and response.url == f"/imports/{file_import.pk}/"
    assert (file_import.kind, file_import.status) == ("purchase_orders", ImportStatus.SUCCEEDED)
    order = PurchaseOrder.objects.get()
    assert (order.order_number, order.status, order.source) == ("PO-1", "draft", "file")
    assert list(order.lines.values_list("sku", "quantity", "lot_number")) == [
        ("TEE", 5, "LOT-1"),
        ("MUG", 2, ""),
    ]
    assert '<span class="count-value">2</span><span class="count-label">Created</span>' in html
    assert '<span class="count-value">3</span><span class="count-label">Rejected</span>' in html
    issues = [line.split(" | ")[:3] for line in table_rows(html, "issues-table")]
    assert issues == [
        ["3", "Rejected", "Not imported: order PO-2 has errors on line 4."],
        [
            "4",
            "Rejected",
            "serial_number: A line with a serial number has quantity 1. This line has 3.",
        ],
        ["6", "Rejected", "cancel_after: not a date; write one such as 2026-12-31."],
    ]
    assert '<a class="btn" href="/purchase-orders/">Back to purchase orders</a>' in html


def test_a_row_that_changes_the_orders_fields_is_rejected_with_its_order(import_orders, shop):
    # when
    _, _ = import_orders(
        row("PO-1", warehouse=shop.a.code), row("PO-1", "MUG", "1", warehouse=shop.b.code)
    )
    # then
    issue = FileImport.objects.get().issues.order_by("line").values_list("line", "reason")
    assert list(issue) == [
        (2, "Not imported: order PO-1 has errors on line 3."),
        (
            3,
            f"warehouse: “{shop.b.code}” differs from “{shop.a.code}” on line 2, the order's "
            "first row (leave it empty or repeat it).",
        ),
    ]
    assert not PurchaseOrderLine.objects.exists()


def test_running_a_file_again_creates_nothing_twice(import_orders, shop):
    # given
    import_orders(row("PO-1", warehouse=shop.a.code))
    # when
    import_orders(row("PO-1", warehouse=shop.a.code))
    # then
    second = FileImport.objects.order_by("pk").last()
    assert second.issues.get().reason == "Purchase order PO-1 already exists; the row was skipped."
    assert PurchaseOrder.objects.count() == 1


def test_a_wrong_header_is_refused_at_once_back_on_the_list(import_orders, shop):
    # when
    _, response = import_orders(row("PO-1"), header="number,sku,qty", follow=True)
    # then
    assert response.redirect_chain == [("/purchase-orders/", 302)]
    assert 'class="flash flash-error"' in response.content.decode()
    assert FileImport.objects.count() == 0
    assert not PurchaseOrder.objects.exists()


def test_the_export_is_the_filtered_list_in_the_import_columns(signed_in, shop):
    # given
    make_po(shop, "PO-1", ("TEE", 2, "L-1", ""), ("MUG", 1, "", "SN-1"))
    make_po(shop, "PO-2", approve=True)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get(LIST + "?status=draft&page=1").content.decode()
    drafts = client.get(LIST + "export/?status=draft")
    everything = body(client.get(LIST + "export/")).splitlines()
    template = client.get(LIST + "template/").content.decode().splitlines()
    # then
    assert 'href="/purchase-orders/export/?status=draft" download>Export' in html
    assert "The purchase orders of this filtered list, one row per line" in html
    assert drafts["Content-Disposition"] == f'attachment; filename="{FILE}"'
    lines = body(drafts).splitlines()
    assert lines[0] == HEADER
    assert [(x.split(",")[0], *x.split(",")[-4:]) for x in lines[1:]] == [
        ("PO-1", "TEE", "2", "L-1", ""),
        ("PO-1", "MUG", "1", "", "SN-1"),
    ]
    assert sorted(line.split(",")[0] for line in everything[1:]) == ["PO-1", "PO-1", "PO-2"]
    assert template == [HEADER]


def test_a_role_without_purchases_manage_may_export_but_not_import(
    signed_in,
    shop,
    uploads,  # noqa: F811
    monkeypatch,
):
    # given
    monkeypatch.setitem(PERMISSIONS, Perm.PURCHASES_MANAGE, frozenset())
    make_po(shop, "PO-1")
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get(LIST).content.decode()
    refused = client.post(LIST + "import/", {"file": upload(f"{HEADER}\n{row('PO-9')}\n", FILE)})
    exported = body(client.get(LIST + "export/")).splitlines()
    # then
    assert "/purchase-orders/import/" not in html
    assert 'href="/purchase-orders/export/" download>Export' in html
    assert refused.status_code == 403
    assert FileImport.objects.count() == 0
    assert [line.split(",")[0] for line in exported[1:]] == ["PO-1"]


def test_another_accounts_orders_and_imports_stay_out_of_reach(
    signed_in, tenant, other_tenant, shop, import_orders
):
    # given: orders of the sibling account and of another tenant, and their imports
    make_po(shop, "PO-1")
    make_po(make_shop(tenant.second_account), "PO-9001")
    make_po(make_shop(other_tenant.account), "PO-9002")
    theirs = FileImport.objects.create(
        account=other_tenant.account, kind="purchase_orders", file_name=FILE, actor_label="x"
    )
    client = signed_in(Role.ORGANIZATION_OWNER)  # sees both accounts; the first is selected
    # when
    exported = body(client.get(LIST + "export/?q=900")).splitlines()
    everything = body(client.get(LIST + "export/")).splitlines()
    page = client.get(f"/imports/{theirs.pk}/").status_code
    import_orders(row("PO-5", warehouse=shop.a.code))
    # then
    assert exported == [HEADER]
    assert [line.split(",")[0] for line in everything[1:]] == ["PO-1"]
    assert page == 404
    assert PurchaseOrder.objects.get(order_number="PO-5").account_id == tenant.account.pk


def test_the_exports_queries_do_not_grow_with_the_orders(signed_in, shop):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    counts = []
    for start, stop in ((0, 1), (1, 20)):
        for number in range(start, stop):
            make_po(shop, f"PO-{7000 + number}", ("TEE", 1), ("MUG", 1))
        assert client.get(LIST + "export/").status_code == 200
        # when
        with CaptureQueriesContext(connection) as queries:
            lines = body(client.get(LIST + "export/")).splitlines()
        counts.append(len(queries))
        # then
        assert len(lines) == 1 + 2 * stop
    assert counts[0] == counts[1]
