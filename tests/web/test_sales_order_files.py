"""The Sales Orders list's Maintenance menu: importing an SO_Import_Orders.csv (the import's page
with its progress, counts and rejected rows, and its way back to the list), exporting the list as
filtered with the API's writer, the template; a role without ORDERS_MANAGE; tenancy; the export's
queries do not grow with the orders."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openoms.activity.models import FileImport, ImportStatus
from openoms.orders.models import OrderStatus, SalesOrder
from openoms.orders.order_rows import ORDER_HEADER
from openoms.tenancy.permissions import PERMISSIONS, Perm
from openoms.tenancy.roles import Role
from tests.file_imports import immediate_tasks, upload, uploads  # noqa: F401
from tests.web.catalog_data import text
from tests.web.sales_order_data import make_order, make_shop, table_rows

LIST = "/sales-orders/"
HEADER = ",".join(ORDER_HEADER)
FILE = "SO_Import_Orders.csv"


def row(number: str, sku: str = "TEE", quantity: str = "1") -> str:
    values = {name: "" for name in ORDER_HEADER} | {
        "order_number": number,
        "order_date": "2026-12-01T10:00:00Z",
        "carrier": "UPS",
        "service": "GND",
        "customer_name": "Ada Lovelace",
        "ship_to_name": "Ada Lovelace",
        "ship_to_address1": "1 Main St",
        "ship_to_city": "Toronto",
        "ship_to_country": "CA",
        "currency": "CAD",
        "sku": sku,
        "quantity": quantity,
        "price": "20.00",
    }
    return ",".join(values[name] for name in ORDER_HEADER)


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
    assert 'action="/sales-orders/import/" enctype="multipart/form-data"' in html
    assert "Import SO_Import_Orders.csv</label>" in html
    assert 'href="/sales-orders/export/" download>Export<small>Every order' in html
    assert 'href="/sales-orders/template/" download>Template' in html


def test_an_imported_file_creates_drafts_and_its_page_leads_back_to_the_list(import_orders, shop):
    # given / when: 1001 is good (line 2), 1002 has a bad quantity on its second row (line 4)
    client, response = import_orders(row("1001"), row("1002"), row("1002", "MUG", "-2"))
    file_import = FileImport.objects.get()
    page = client.get(response.url)
    html = page.content.decode()
    # then
    assert response.status_code == 302 and response.url == f"/imports/{file_import.pk}/"
    assert (file_import.kind, file_import.status) == ("sales_orders", ImportStatus.SUCCEEDED)
    orders = SalesOrder.objects.filter(account=shop.account)
    assert list(orders.values_list("order_number", "status", "source")) == [
        ("1001", OrderStatus.DRAFT, "file")
    ]
    assert '<span class="count-value">1</span><span class="count-label">Created</span>' in html
    assert '<span class="count-value">2</span><span class="count-label">Rejected</span>' in html
    issues = [line.split(" | ")[:3] for line in table_rows(html, "issues-table")]
    assert issues == [
        ["3", "Rejected", "Not imported: order 1002 has errors on line 4."],
        ["4", "Rejected", "quantity: The quantity must be at least 1."],
    ]
    assert '<a class="btn" href="/sales-orders/">Back to sales orders</a>' in html
    assert "Sales orders" in text(page)


def test_a_running_import_of_orders_shows_its_progress(signed_in, shop):
    # given an import still running
    file_import = FileImport.objects.create(
        account=shop.account,
        kind="sales_orders",
        file_name=FILE,
        total_bytes=200,
        processed_bytes=50,
        status=ImportStatus.RUNNING,
        actor_label="someone",
    )
    client = signed_in(Role.ACCOUNT_USER)
    url = f"/imports/{file_import.pk}/"
    # when
    page = client.get(url).content.decode()
    partial = client.get(url + "progress/", HTTP_HX_REQUEST="true").content.decode()
    # then
    assert f'hx-get="{url}progress/" hx-trigger="every 1s"' in page
    assert 'aria-valuenow="25"' in partial
    assert '<a class="btn" href="/sales-orders/">Back to sales orders</a>' in page


def test_a_wrong_header_is_refused_at_once_back_on_the_list(import_orders, shop):
    # when
    _, response = import_orders(row("1001"), header="number,sku,qty", follow=True)
    # then
    assert response.redirect_chain == [("/sales-orders/", 302)]
    assert 'class="flash flash-error"' in response.content.decode()
    assert FileImport.objects.count() == 0
    assert not SalesOrder.objects.exists()


def test_an_upload_without_a_file_says_so(signed_in, shop):
    # given
    client = signed_in(Role.ACCOUNT_USER)
    # when
    response = client.post(LIST + "import/", {}, follow=True)
    # then
    assert response.redirect_chain == [("/sales-orders/", 302)]
    assert "Choose a CSV file to import." in text(response)


def test_the_export_is_the_filtered_list_in_the_import_columns(signed_in, shop):
    # given
    make_order(shop, "1001", ("TEE", 2, "20.00"), ("MUG", 1, "5.00"))
    make_order(shop, "1002", approve=True)
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get(LIST + "?status=draft&page=1").content.decode()
    drafts = client.get(LIST + "export/?status=draft")
    everything = body(client.get(LIST + "export/")).splitlines()
    template = client.get(LIST + "template/").content.decode().splitlines()
    # then
    assert 'href="/sales-orders/export/?status=draft" download>Export' in html
    assert "The orders of this filtered list, one row per line" in html
    assert drafts["Content-Disposition"] == f'attachment; filename="{FILE}"'
    lines = body(drafts).splitlines()
    assert lines[0] == HEADER
    assert [(line.split(",")[0], line.split(",")[-3]) for line in lines[1:]] == [
        ("1001", "TEE"),
        ("1001", "MUG"),
    ]
    assert sorted(line.split(",")[0] for line in everything[1:]) == ["1001", "1001", "1002"]
    assert template == [HEADER]


def test_a_role_without_orders_manage_may_export_but_not_import(
    signed_in,
    shop,
    uploads,  # noqa: F811
    monkeypatch,
):
    # given
    monkeypatch.setitem(PERMISSIONS, Perm.ORDERS_MANAGE, frozenset())
    make_order(shop, "1001")
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get(LIST).content.decode()
    refused = client.post(LIST + "import/", {"file": upload(f"{HEADER}\n{row('1009')}\n", FILE)})
    exported = body(client.get(LIST + "export/")).splitlines()
    # then
    assert "/sales-orders/import/" not in html
    assert 'href="/sales-orders/export/" download>Export' in html
    assert refused.status_code == 403
    assert FileImport.objects.count() == 0
    assert [line.split(",")[0] for line in exported[1:]] == ["1001"]


def test_another_accounts_orders_and_imports_stay_out_of_reach(
    signed_in, tenant, other_tenant, shop, import_orders
):
    # given: orders of the sibling account and of another tenant, and their imports
    make_order(shop, "1001")
    make_order(make_shop(tenant.second_account), "9001")
    make_order(make_shop(other_tenant.account), "9002")
    theirs = FileImport.objects.create(
        account=other_tenant.account, kind="sales_orders", file_name=FILE, actor_label="x"
    )
    sibling = FileImport.objects.create(
        account=tenant.second_account, kind="sales_orders", file_name=FILE, actor_label="x"
    )
    client = signed_in(Role.ORGANIZATION_OWNER)  # sees both accounts; the first is selected
    # when
    exported = body(client.get(LIST + "export/?q=900")).splitlines()
    everything = body(client.get(LIST + "export/")).splitlines()
    pages = [client.get(f"/imports/{done.pk}/").status_code for done in (theirs, sibling)]
    import_orders(row("1005"))
    # then
    assert exported == [HEADER]
    assert [line.split(",")[0] for line in everything[1:]] == ["1001"]
    assert pages == [404, 404]
    assert SalesOrder.objects.filter(account=tenant.second_account).count() == 1
    assert SalesOrder.objects.get(order_number="1005").account_id == tenant.account.pk


def test_the_exports_queries_do_not_grow_with_the_orders(signed_in, shop):
    # given
    client = signed_in(Role.ORGANIZATION_OWNER)
    counts = []
    for start, stop in ((0, 1), (1, 20)):
        for number in range(start, stop):
            make_order(shop, str(7000 + number), ("TEE", 1, "1.00"), ("MUG", 1, "1.00"))
        assert client.get(LIST + "export/").status_code == 200
        # when
        with CaptureQueriesContext(connection) as queries:
            lines = body(client.get(LIST + "export/")).splitlines()
        counts.append(len(queries))
        # then
        assert len(lines) == 1 + 2 * stop
    assert counts[0] == counts[1]
