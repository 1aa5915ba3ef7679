"""C_SKU_Mappings.csv files that are wrong as a whole: refused with a clear error, nothing changes;
and the odd but valid ones (BOM, CRLF, quotes and commas inside SKUs, Latin-1) read correctly."""

import pytest

from openoms.activity.models import FileImport, ImportStatus
from openoms.channels.sku_mapping_csv import sku_mapping_import_start
from openoms.core.errors import ValidationFailed
from tests.channels.sku_mapping_files import (
    HEADER,
    GeneratedFile,
    counts,
    issues,
    make_variants,
    map_sku,
    mapped_fixture,  # noqa: F401 -- a fixture
    mappings,
    run_import,
    snapshot,
    upload,
    uploads_fixture,  # noqa: F401 -- a fixture
)

HUNDRED_MB = 100 * 1024 * 1024
BAD_FILES = [
    (b"", "The file is empty."),
    (b"\r\n\r\n", "The file is empty."),
    (b"\xef\xbb\xbf", "The file is empty."),
    (
        b"SKU;Channel SKU\nSKU-1;CH-1\n",
        "The header row must be “SKU, Channel SKU”: column 1 is “SKU;Channel SKU” but should "
        "be “SKU”; missing: “Channel SKU”.",
    ),
    (
        b"SKU,Sales Channel SKU\nSKU-1,CH-1\n",
        "The header row must be “SKU, Channel SKU”: column 2 is “Sales Channel SKU” but should "
        "be “Channel SKU”.",
    ),
    (
        b"Channel SKU,SKU\nCH-1,SKU-1\n",
        "The header row must be “SKU, Channel SKU”: the columns are not in this order, or one "
        "is repeated.",
    ),
    (
        b"SKU,Channel SKU,Note\nSKU-1,CH-1,x\n",
        "The header row must be “SKU, Channel SKU”: unexpected: “Note”.",
    ),
    (b"SKU\nSKU-1\n", "The header row must be “SKU, Channel SKU”: missing: “Channel SKU”."),
    (
        b"SKU-1,CH-1\n",
        "The header row must be “SKU, Channel SKU”: column 1 is “SKU-1” but should "
        "be “SKU”; column 2 is “CH-1” but should be “Channel SKU”.",
    ),
    (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "The file contains binary data, so it is not a CSV text file. Save it from your "
        "spreadsheet as CSV and import it again.",
    ),
    (
        "SKU,Channel SKU\nSKU-1,CH-1\n".encode("utf-16"),
        "The file is saved as UTF-16 (Unicode text). Save it as “CSV UTF-8” and import it again.",
    ),
    (
        b"\xef\xbb\xbfSKU,Channel SKU\nCAF\xc9,CH-1\n",
        "The file starts with a UTF-8 byte-order mark, but line 2 is not UTF-8 (it looks like "
        "Latin-1 or Windows-1252 text). Save the file as “CSV UTF-8” and import it again.",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_a_file_that_cannot_be_read_is_refused_at_once_and_nothing_is_kept(
    mapped, uploads, data, message
):
    # given
    map_sku(mapped, "CH-1", "SKU-2")
    before = snapshot()
    # when
    with pytest.raises(ValidationFailed) as refused:
        sku_mapping_import_start(actor=mapped.actor, channel=mapped.channel, upload=upload(data))
    # then
    assert refused.value.errors == {"file": message}
    assert FileImport.objects.count() == 0
    assert list(uploads.rglob("*")) in ([], [uploads / str(mapped.account.pk)])
    assert snapshot() == before


def test_a_100_mb_file_is_refused_while_it_streams_and_nothing_is_stored(mapped, uploads):
    # given: 100 MB made up as it is read, no size declared (the default limit is 32 MB)
    before = snapshot()
    stream = GeneratedFile(HUNDRED_MB)
    # when
    with pytest.raises(ValidationFailed) as refused:
        sku_mapping_import_start(actor=mapped.actor, channel=mapped.channel, upload=stream)
    # then
    assert refused.value.errors == {
        "file": "The file is larger than 32 MB; split it into smaller files."
    }
    assert stream.given < 40 * 1024 * 1024  # stopped soon after the limit
    assert FileImport.objects.count() == 0
    assert [path for path in uploads.rglob("*") if path.is_file()] == []
    assert snapshot() == before


def test_an_upload_declaring_100_mb_is_refused_before_it_is_read(mapped, uploads):
    # given
    declared = upload(HEADER + "SKU-1,CH-1\n")
    declared.size = HUNDRED_MB
    # when
    with pytest.raises(ValidationFailed) as refused:
        sku_mapping_import_start(actor=mapped.actor, channel=mapped.channel, upload=declared)
    # then
    assert refused.value.errors == {
        "file": "The file is larger than 32 MB; split it into smaller files."
    }
    assert FileImport.objects.count() == 0


def test_a_file_over_a_smaller_limit_is_refused(mapped, uploads, settings):
    # given
    settings.OPENOMS_IMPORT_MAX_BYTES = 1024
    data = HEADER + "SKU-1,CH-1\n" * 200
    # when
    with pytest.raises(ValidationFailed) as refused:
        sku_mapping_import_start(actor=mapped.actor, channel=mapped.channel, upload=upload(data))
    # then
    too_large = "The file is larger than 1 KB; split it into smaller files."
    assert refused.value.errors == {"file": too_large}
    assert FileImport.objects.count() == 0


def test_bom_crlf_quotes_commas_and_a_trimmed_header_are_read(mapped, uploads):
    # given
    mapped.variants.update(make_variants(mapped.account, 'TEE, "RED"'))
    data = (
        "\ufeff SKU , Channel SKU \r\n"
        '"TEE, ""RED""","Tee ""Red"", L"\r\n'
        '"SKU-1","CH,1"\r\n'
        "\r\n"
        'SKU-2,"MULTI\r\nLINE"\r\n'
        "SKU-3,CH;3\r\n"
    ).encode()
    # when
    file_import = run_import(mapped, data)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 4, 3, 0, 0, 1)
    assert issues(file_import) == [(5, "The channel SKU contains control characters.")]
    assert mappings(mapped.channel) == {
        'Tee "Red", L': 'TEE, "RED"',
        "CH,1": "SKU-1",
        "CH;3": "SKU-3",
    }


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_latin1_or_windows_1252_file_is_read(mapped, uploads, encoding):
    # given: "€" exists in Windows-1252 only; byte 0x81 only in Latin-1
    extra = "€" if encoding == "cp1252" else "\x81"
    mapped.variants.update(make_variants(mapped.account, "CAFÉ-1"))
    data = f"SKU,Channel SKU\nCAFÉ-1,crème-{extra}\n".encode(encoding)
    # when
    file_import = run_import(mapped, data)
    # then
    if encoding == "cp1252":
        assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 1, 0, 0, 0)
        assert mappings(mapped.channel) == {"crème-€": "CAFÉ-1"}
    else:  # U+0081 is a control character: that row is rejected, the file was read
        assert counts(file_import) == (ImportStatus.SUCCEEDED, 1, 0, 0, 0, 1)
        assert issues(file_import) == [(2, "The channel SKU contains control characters.")]


def test_a_quote_never_closed_fails_the_import_there_and_keeps_earlier_batches(
    settings, mapped, uploads, monkeypatch
):
    # given: batches of 2; line 5 opens a quote that swallows the rest of the file
    settings.OPENOMS_IMPORT_BATCH_ROWS = 2
    rest = "".join(f"SKU-1,CH-{n}\n" for n in range(10, 20_000))
    text = HEADER + 'SKU-1,CH-1\nSKU-2,CH-2\nSKU-3,CH-3\nSKU-1,"CH-4\n' + rest
    # when
    file_import = run_import(mapped, text)
    # then
    assert file_import.status == ImportStatus.FAILED
    assert file_import.error == (
        "Line 5: a field is longer than 131,072 characters (is a quote opened and never closed?)."
    )
    assert mappings(mapped.channel) == {"CH-1": "SKU-1", "CH-2": "SKU-2"}
