"""C_SKU_Mappings.csv by API: POST .../sku-mappings/import and GET .../sku-mappings/export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openoms.channels import sku_mapping_csv
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


BAD_ROWS_REPORT = {
    "counts": {"created": 2, "updated": 1, "unchanged": 1, "rejected": 3},
    "issues": [
        {
            "line": 5,
            "reason": "Unknown OpenOMS SKU 'NOPE': no product variant of this account has it.",
        },
        {"line": 6, "reason": "The row has 1 column; the header has 2."},
        {"line": 7, "reason": "Duplicate of line 2: each Channel SKU may appear once in the file."},
    ],
    "applied": True,
    "error": None,
}


def stored(channel) -> dict[str, str]:
    return dict(channel.sku_mappings.values_list("channel_sku", "variant__sku"))


def export(client, channel, api_key):
    return api_get(client, f"/channels/{channel.pk}/sku-mappings/export", api_key)


def test_the_import_applies_good_rows_and_reports_each_bad_one(client, outlets, api_key):
    # when
    response = post_csv(client, outlets.store, BAD_ROWS_FILE, api_key)

    # then
    assert response.status_code == 200
    assert response.json() == BAD_ROWS_REPORT
    assert stored(outlets.store) == {
        "mug": "MUG-1",
        "SHOP-TEE": "TEE-RED-M",
        "SHOP BAG 1": "MUG-1",
        'TEE, "RED" 12"': "TEE-RED-M",
    }


def test_the_file_may_be_the_file_field_of_a_multipart_form(client, outlets, api_key):
    # given
    upload = SimpleUploadedFile("C_SKU_Mappings.csv", b"SKU,Channel SKU\r\nMUG-1,mug\r\n")

    # when
    response = client.post(
        f"{API}/channels/{outlets.store.pk}/sku-mappings/import",
        data={"file": upload},
        headers={"X-API-Key": api_key},
    )

    # then
    assert response.status_code == 200
    assert response.json()["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    assert stored(outlets.store)["mug"] == "MUG-1"


def test_a_byte_order_mark_and_crlf_line_ends_are_read(client, outlets, api_key):
    # when
    response = post_csv(
        client, outlets.store, b"\xef\xbb\xbfSKU,Channel SKU\r\nMUG-1,m\r\n", api_key
    )

    # then
    assert response.json()["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0}


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
def test_an_unreadable_file_is_422_on_file_and_changes_nothing(
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
    post_csv(client, outlets.store, 'SKU,Channel SKU\nMUG-1,"a,b ""c"""\nMUG-1,x/y z\n', api_key)
    exported = b"".join(export(client, outlets.store, api_key).streaming_content)
    before = mappings_state()

    # when
    response = post_csv(client, outlets.store, exported, api_key)

    # then
    assert response.json() == {
        "counts": {"created": 0, "updated": 0, "unchanged": 4, "rejected": 0},
        "issues": [],
        "applied": True,
        "error": None,
    }
    assert mappings_state() == before


BROKEN_AT_LINE_3 = "SKU,Channel SKU\nMUG-1,a\nMUG-1," + "x" * 200_000 + "\n"
BROKEN_REASON = (
    "Line 3: a field is longer than 131,072 characters (is a quote opened and never closed?)."
)


def test_a_file_broken_before_any_batch_applied_is_422_and_changes_nothing(
    client, outlets, api_key
):
    # given
    before = mappings_state()

    # when
    response = post_csv(client, outlets.store, BROKEN_AT_LINE_3, api_key)

    # then
    assert response.status_code == 422
    assert response.json() == error(
        "validation_error",
        "Some values are not valid.",
        [{"field": "file", "message": BROKEN_REASON}],
    )
    assert mappings_state() == before


def test_a_file_broken_after_a_batch_applied_reports_where(client, outlets, api_key, monkeypatch):
    # given: batches of one row, so line 2 is applied before line 3 is read
    monkeypatch.setattr(sku_mapping_csv, "BATCH_ROWS", 1)

    # when
    response = post_csv(client, outlets.store, BROKEN_AT_LINE_3, api_key)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "counts": {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0},
        "issues": [],
        "applied": True,
        "error": BROKEN_REASON,
    }
    assert stored(outlets.store)["a"] == "MUG-1"
