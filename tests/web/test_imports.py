"""Imports and exports through the Maintenance menus, and the import's page (progress, counts,
rejected rows), with the immediate task backend."""

from __future__ import annotations

import pytest

from openoms.activity.import_runner import file_import_run
from openoms.activity.models import FileImport, ImportStatus
from openoms.tenancy.roles import Role
from tests.file_imports import immediate_tasks, upload, uploads  # noqa: F401
from tests.web.catalog_data import stocked, text

# line 2 updates, 3 and 4 are rejected, 5 creates a level
IL_BAD_ROWS = (
    "Warehouse,SKU,Quantity\nTOR-1,SKU-1,25\nTOR-1,NOPE,3\nMTL-1,SKU-1,-4\nMTL-1,SKU-2,6\n"
)


def csv_upload(content: str):
    return upload(content, "IL_Inventory_Levels.csv")


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def stock_client(signed_in, tenant, immediate_tasks, uploads):  # noqa: F811
    stocked(tenant)
    return signed_in(Role.ACCOUNT_USER)


@pytest.fixture
def import_file(stock_client, django_capture_on_commit_callbacks):
    """``import_file(content)`` posts an IL file; its task runs when the request commits."""

    def _import(content: str, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return stock_client.post("/inventory/import/", {"file": csv_upload(content)}, **extra)

    return _import


def test_an_il_file_with_two_bad_rows_shows_counts_and_reasons(stock_client, import_file):
    # when
    response = import_file(IL_BAD_ROWS)
    file_import = FileImport.objects.get()
    page = text(stock_client.get(response.url))
    # then
    assert response.url == f"/imports/{file_import.pk}/"
    assert file_import.status == ImportStatus.SUCCEEDED
    assert '<span class="count-value">1</span><span class="count-label">Created</span>' in page
    assert '<span class="count-value">1</span><span class="count-label">Updated</span>' in page
    assert '<span class="count-value">2</span><span class="count-label">Rejected</span>' in page
    issues = page.split("<tbody>")[1]
    assert '<td class="num">3</td>' in issues and '<td class="num">4</td>' in issues
    assert "Unknown SKU 'NOPE'." in issues
    assert "The quantity must be 0 or more; got -4." in issues
    assert '<code class="excerpt">MTL-1,SKU-1,-4</code>' in issues
    assert "Download rejected rows (CSV)" in page


def test_the_rejected_rows_download_lists_line_and_reason(stock_client, import_file):
    # given
    import_file(IL_BAD_ROWS)
    file_import = FileImport.objects.get()
    # when
    response = stock_client.get(f"/imports/{file_import.pk}/rejected.csv")
    # then
    lines = body(response).splitlines()
    assert response["Content-Disposition"] == (
        'attachment; filename="IL_Inventory_Levels_rejected_rows.csv"'
    )
    assert lines[0] == "Line,Severity,Reason,Row"
    assert [line.split(",")[0] for line in lines[1:]] == ["3", "4"]


def test_a_wrong_header_is_refused_at_once_and_nothing_is_kept(import_file):
    # when
    response = import_file("Code,Item,Qty\nTOR-1,SKU-1,1\n", follow=True)
    # then
    assert response.redirect_chain == [("/inventory/", 302)]
    assert 'class="flash flash-error"' in response.content.decode()
    assert FileImport.objects.count() == 0


def test_an_upload_without_a_file_goes_back_with_a_message(stock_client):
    # when
    response = stock_client.post("/inventory/import/", {}, follow=True)
    # then
    assert "Choose a CSV file to import." in text(response)


def test_a_running_import_shows_a_polling_progress_bar(stock_client, tenant):
    # given an import still queued (no worker yet)
    file_import = FileImport.objects.create(
        account=tenant.account,
        kind="inventory_levels",
        file_name="big.csv",
        total_bytes=100,
        processed_bytes=40,
        status=ImportStatus.RUNNING,
        actor_label="someone",
    )
    url = f"/imports/{file_import.pk}/"
    # when
    page = stock_client.get(url).content.decode()
    partial = stock_client.get(url + "progress/", HTTP_HX_REQUEST="true")
    FileImport.objects.filter(pk=file_import.pk).update(status=ImportStatus.SUCCEEDED)
    finished = stock_client.get(url + "progress/", HTTP_HX_REQUEST="true")
    # then
    assert f'hx-get="{url}progress/" hx-trigger="every 1s"' in page
    assert 'aria-valuenow="40"' in partial.content.decode()
    assert finished["HX-Refresh"] == "true"


def test_a_failed_import_shows_its_file_error(stock_client, tenant):
    # given
    file_import = FileImport.objects.create(
        account=tenant.account,
        kind="inventory_levels",
        file_name="bad.csv",
        status=ImportStatus.FAILED,
        error="The file is not valid UTF-8.",
        actor_label="someone",
    )
    # when
    page = stock_client.get(f"/imports/{file_import.pk}/").content.decode()
    # then
    assert '<div class="alert alert-error file-error" role="alert">' in page
    assert "The file is not valid UTF-8." in page


def test_export_and_template_of_inventory_levels(stock_client):
    # when
    everything = stock_client.get("/inventory/export/")
    east = stock_client.get("/inventory/export/?warehouse=EAST")
    template = stock_client.get("/inventory/template/")
    unknown = stock_client.get("/inventory/export/?warehouse=NOPE")
    # then
    assert everything["Content-Disposition"] == 'attachment; filename="IL_Inventory_Levels.csv"'
    exported = body(everything)
    assert exported.splitlines() == [
        "Warehouse,SKU,Quantity",
        "MTL-1,SKU-1,4",
        "TOR-1,SKU-1,10",
        "TOR-1,SKU-2,0",
    ]
    assert body(east) == exported
    assert template.content.decode().splitlines() == ["Warehouse,SKU,Quantity"]
    assert unknown.status_code == 404


def test_the_imports_list_shows_the_accounts_imports(stock_client, import_file):
    # given
    import_file(IL_BAD_ROWS)
    # when
    page = text(stock_client.get("/imports/"))
    # then
    assert "IL_Inventory_Levels.csv</a>" in page
    assert "<td>Inventory levels</td>" in page
    assert '<span class="badge badge-green">Finished</span>' in page


def test_products_template_export_and_import(signed_in, tenant, immediate_tasks, uploads):  # noqa: F811
    # given an account in pounds and inches, and its template
    tenant.account.weight_unit, tenant.account.size_unit = "lb", "in"
    tenant.account.save()
    client = signed_in(Role.ACCOUNT_USER)
    header = client.get("/products/template/").content.decode().strip()
    rows = f"{header}\nTrail Tee,TEE-S,Small,,,2,,,,34.00,active\n,,,,,,,,,,\n"
    # when the filled-in template is imported through the Maintenance menu
    response = client.post("/products/import/", {"file": upload(rows, "P_Products.csv")})
    file_import = FileImport.objects.get()
    file_import_run(file_import.pk)
    page = text(client.get(response.url))
    exported = body(client.get("/products/export/")).splitlines()
    # then
    assert header.startswith("Product Name,SKU,Variant Name,Description,Barcode,Weight (lb)")
    assert response.url == f"/imports/{file_import.pk}/"
    assert '<span class="count-value">1</span><span class="count-label">Created</span>' in page
    assert exported[0] == header
    assert exported[1].startswith("Trail Tee,TEE-S,Small,,,2,")


def test_run_again_imports_the_same_file_as_a_new_import(
    stock_client, import_file, django_capture_on_commit_callbacks
):
    # given: a finished import whose page offers Run again
    first = FileImport.objects.get(pk=int(import_file(IL_BAD_ROWS).url.split("/")[2]))
    page = text(stock_client.get(f"/imports/{first.pk}/"))
    assert f'action="/imports/{first.pk}/run-again/"' in page
    assert ">Run again</button>" in page
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = stock_client.post(f"/imports/{first.pk}/run-again/")
    # then
    again = FileImport.objects.exclude(pk=first.pk).get()
    assert response.url == f"/imports/{again.pk}/"
    assert (again.status, again.file_name, again.rows_processed) == (
        ImportStatus.SUCCEEDED,
        "IL_Inventory_Levels.csv",
        4,
    )
    assert (again.unchanged_count, again.rejected_count) == (2, 2)


def test_run_again_of_a_running_import_says_why_not(stock_client, uploads):  # noqa: F811
    # given: an import still queued
    response = stock_client.post("/inventory/import/", {"file": csv_upload(IL_BAD_ROWS)})
    queued = FileImport.objects.get()
    page = text(stock_client.get(response.url))
    # when
    refused = stock_client.post(f"/imports/{queued.pk}/run-again/", follow=True)
    # then
    assert ">Run again</button>" not in page
    assert "This import has not finished yet; run it again once it has." in text(refused)
    assert FileImport.objects.count() == 1
