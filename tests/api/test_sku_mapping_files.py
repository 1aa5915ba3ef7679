"""C_SKU_Mappings.csv by API: POST .../sku-mappings/import (202, then GET the import's url)
and GET .../sku-mappings/export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openoms.activity.import_runner import file_import_run
from openoms.activity.models import FileImport
from tests.api.channel_data import CSV_HEADER, mappings_state, post_csv
from tests.api.helpers import API, api_get, error

BAD_ROWS_FILE = (
    "SKU,Channel SKU\n"
    "MUG-1,mug\n"
    "TEE-RED-M,SHOP-TEE\n"
    "MUG-1,SHOP BAG 1\n"
    "NOPE,x\n"
    "MUG-1\n"
    "MUG-1,mug\n"
    'TEE-RED-M,"TEE, ""RED"" 12"""\n'
)

BAD_ROWS_ISSUES = [
    {
        "line": 5,
        "severity": "error",
        "reason": "Unknown OpenOMS SKU 'NOPE': no product variant of this account has it.",
        "row": "NOPE,x",
    },
    {
        "line": 6,
        "severity": "error",
        "reason": "The row has 1 column; the header has 2.",
        "row": "MUG-1",
    },
    {
        "line": 7,
        "severity": "error",
        "reason": "Duplicate of line 2: each Channel SKU may appear once in the file.",
        "row": "MUG-1,mug",
    },
]


def counts(created=0, updated=0, unchanged=0, rejected=0, warning=0) -> dict:
    return {
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "rejected": rejected,
        "warning": warning,
    }


def stored(channel) -> dict[str, str]:
    return dict(channel.sku_mappings.values_list("channel_sku", "variant__sku"))


def export(client, channel, api_key):
    return api_get(client, f"/channels/{channel.pk}/sku-mappings/export", api_key)


def finished(client, started, api_key, query: str = "") -> dict:
    """Run the queued import (the worker's part), then GET its url."""
    assert started.status_code == 202, started.content
    file_import_run(started.json()["id"])
    url = started.json()["url"]
    assert url.startswith(f"{API}/imports/")
    return client.get(url + query, headers={"X-API-Key": api_key}).json()


def test_the_import_answers_202_with_the_queued_import(client, outlets, api_key):
    # when
    response = post_csv(client, outlets.store, BAD_ROWS_FILE, api_key)

    # then
    assert response.status_code == 202
    body = response.json()
    file_import = FileImport.objects.get()
    assert {key: body[key] for key in ("id", "url", "kind", "channel_id", "file_name")} == {
        "id": file_import.pk,
        "url": f"{API}/imports/{file_import.pk}",
        "kind": "sku_mappings",
        "channel_id": outlets.store.pk,
        "file_name": "C_SKU_Mappings.csv",
    }
    assert (body["status"], body["rows_processed"], body["counts"]) == ("queued", 0, counts())
    assert body["issues"]["items"] == []
    assert stored(outlets.store) == {"SHOP-TEE": "TEE-RED-M", "SHOP BAG 1": "BAG/ONE SIZE"}


def test_the_import_applies_good_rows_and_reports_each_bad_one(client, outlets, api_key):
    # when
    report = finished(client, post_csv(client, outlets.store, BAD_ROWS_FILE, api_key), api_key)

    # then
    assert (report["status"], report["progress_percent"], report["rows_processed"]) == (
        "succeeded",
        100,
        7,
    )
    assert report["counts"] == counts(created=2, updated=1, unchanged=1, rejected=3)
    assert report["error"] is None
    assert report["issues"]["items"] == BAD_ROWS_ISSUES
    assert report["issues"]["count"] == 3
    assert stored(outlets.store) == {
        "mug": "MUG-1",
        "SHOP-TEE": "TEE-RED-M",
        "SHOP BAG 1": "MUG-1",
        'TEE, "RED" 12"': "TEE-RED-M",
    }


def test_the_issues_are_paginated(client, outlets, api_key):
    # when
    started = post_csv(client, outlets.store, BAD_ROWS_FILE, api_key)
    report = finished(client, started, api_key, "?page=2&page_size=2")

    # then
    issues = report["issues"]
    assert (issues["count"], issues["page"], issues["page_size"]) == (3, 2, 2)
    assert issues["items"] == BAD_ROWS_ISSUES[2:]
    assert issues["next"] is None
    assert issues["previous"].endswith(f"/imports/{started.json()['id']}?page=1&page_size=2")


def test_another_accounts_import_is_404(client, outlets, api_key, other_api_key):
    # given
    started = post_csv(client, outlets.store, BAD_ROWS_FILE, api_key)
    url = started.json()["url"]

    # when
    response = client.get(url, headers={"X-API-Key": other_api_key})
    again = client.post(url + "/run-again", headers={"X-API-Key": other_api_key})

    # then
    assert response.status_code == 404
    assert response.json() == error("not_found", "Import not found.")
    assert again.status_code == 404
    assert FileImport.objects.count() == 1


def test_the_file_may_be_the_file_field_of_a_multipart_form(client, outlets, api_key):
    # given
    upload = SimpleUploadedFile("mine.csv", b"SKU,Channel SKU\r\nMUG-1,mug\r\n")

    # when
    started = client.post(
        f"{API}/channels/{outlets.store.pk}/sku-mappings/import",
        data={"file": upload},
        headers={"X-API-Key": api_key},
    )
    report = finished(client, started, api_key)

    # then
    assert (report["file_name"], report["counts"]) == ("mine.csv", counts(created=1))
    assert stored(outlets.store)["mug"] == "MUG-1"


def test_a_byte_order_mark_and_crlf_line_ends_are_read(client, outlets, api_key):
    # when
    started = post_csv(
        client, outlets.store, b"\xef\xbb\xbfSKU,Channel SKU\r\nMUG-1,m\r\n", api_key
    )

    # then
    assert finished(client, started, api_key)["counts"] == counts(created=1)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "The file is empty."),
        (
            b"Channel SKU,SKU\nmug,MUG-1\n",
            "The header row must be \u201cSKU, Channel SKU\u201d: the columns are not in this order, "
            "or one is repeated.",
        ),
        (
            b"SKU,Channel SKU,Note\nMUG-1,mug,x\n",
            "The header row must be \u201cSKU, Channel SKU\u201d: unexpected: \u201cNote\u201d.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "The file contains binary data, so it is not a CSV text file. "
            "Save it from your spreadsheet as CSV and import it again.",
        ),
    ],
    ids=["empty", "swapped-header", "extra-column", "binary"],
)
def test_an_unreadable_file_is_422_on_file_and_nothing_is_kept(
    client, outlets, api_key, content, reason
):
    # given
    before = mappings_state()

    # when
    response = post_csv(client, outlets.store, content, api_key)

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "validation_error", "Some values are not valid.", [{"field": "file", "message": reason}]
    )
    assert mappings_state() == before
    assert FileImport.objects.count() == 0


def test_a_multipart_form_without_the_file_field_is_422(client, outlets, api_key):
    # when
    response = client.post(
        f"{API}/channels/{outlets.store.pk}/sku-mappings/import",
        data={"other": "x"},
        headers={"X-API-Key": api_key},
    )

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "validation_error",
        "Some values are not valid.",
        [{"field": "file", "message": "Send the CSV file in the form's file field."}],
    )


def test_a_body_over_the_api_limit_is_413_and_changes_nothing(client, outlets, api_key, settings):
    # given
    settings.OPENOMS_API_MAX_BODY_BYTES = 1000
    before = mappings_state()
    content = CSV_HEADER + "".join(f"MUG-1,big-{n}\r\n" for n in range(100))

    # when
    response = post_csv(client, outlets.store, content, api_key)

    # then
    assert response.status_code == 413
    assert response.json() == error(
        "payload_too_large", "The request body is larger than the 1000 bytes this API accepts."
    )
    assert mappings_state() == before
    assert FileImport.objects.count() == 0


def test_export_downloads_the_mappings_by_channel_sku(client, outlets, api_key):
    # when
    response = export(client, outlets.store, api_key)

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="C_SKU_Mappings.csv"'
    assert b"".join(response.streaming_content).decode() == (
        CSV_HEADER + "BAG/ONE SIZE,SHOP BAG 1\r\nTEE-RED-M,SHOP-TEE\r\n"
    )


def test_export_without_mappings_is_the_header_only(client, outlets, api_key):
    # when
    response = export(client, outlets.threepl, api_key)

    # then
    assert b"".join(response.streaming_content).decode() == CSV_HEADER


def test_importing_the_exported_file_changes_nothing(client, outlets, api_key):
    # given
    first = 'SKU,Channel SKU\nMUG-1,"a,b ""c"""\nMUG-1,x/y z\n'
    finished(client, post_csv(client, outlets.store, first, api_key), api_key)
    exported = b"".join(export(client, outlets.store, api_key).streaming_content)
    before = mappings_state()

    # when
    report = finished(client, post_csv(client, outlets.store, exported, api_key), api_key)

    # then
    assert (report["status"], report["counts"]) == ("succeeded", counts(unchanged=4))
    assert report["issues"]["items"] == []
    assert mappings_state() == before


BROKEN_AT_LINE_3 = "SKU,Channel SKU\nMUG-1,a\nMUG-1," + "x" * 200_000 + "\n"
BROKEN_REASON = (
    "Line 3: a field is longer than 131,072 characters (is a quote opened and never closed?)."
)


def test_a_file_broken_part_way_fails_there_and_says_where(client, outlets, api_key, settings):
    # given: batches of one row, so line 2 is applied before line 3 is read
    settings.OPENOMS_IMPORT_BATCH_ROWS = 1

    # when
    report = finished(client, post_csv(client, outlets.store, BROKEN_AT_LINE_3, api_key), api_key)

    # then
    assert (report["status"], report["rows_processed"], report["error"]) == (
        "failed",
        1,
        BROKEN_REASON,
    )
    assert report["counts"] == counts(created=1)
    assert stored(outlets.store)["a"] == "MUG-1"


def test_run_again_imports_the_same_file_as_a_new_import(client, outlets, api_key):
    # given: a finished import, then its mapping changed by hand
    first = post_csv(client, outlets.store, "SKU,Channel SKU\nMUG-1,mug\n", api_key)
    finished(client, first, api_key)
    outlets.store.sku_mappings.filter(channel_sku="mug").delete()

    # when
    again = client.post(first.json()["url"] + "/run-again", headers={"X-API-Key": api_key})
    report = finished(client, again, api_key)

    # then
    assert again.json()["id"] != first.json()["id"]
    assert (report["kind"], report["channel_id"], report["file_name"]) == (
        "sku_mappings",
        outlets.store.pk,
        "C_SKU_Mappings.csv",
    )
    assert (report["status"], report["counts"]) == ("succeeded", counts(created=1))
    assert stored(outlets.store)["mug"] == "MUG-1"


def test_run_again_of_a_queued_import_is_409(client, outlets, api_key):
    # given
    started = post_csv(client, outlets.store, "SKU,Channel SKU\nMUG-1,mug\n", api_key)

    # when
    response = client.post(started.json()["url"] + "/run-again", headers={"X-API-Key": api_key})

    # then
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "This import has not finished yet; run it again once it has."
    )
    assert FileImport.objects.count() == 1
