"""``C_SKU_Mappings.csv``: a channel's SKU mappings as a file (Maintenance → Export, Import, Template).

One format for sales and fulfillment channels: ``SKU,Channel SKU`` (the OpenOMS SKU first). Export
streams the channel's mappings by Channel SKU (no mappings: just the header, the blank template).
Import creates or repoints mappings by Channel SKU (see ``sku_mapping_rows`` for the row rules) in
batches of 50,000 rows, one transaction each, either queued (an uploaded file, followed as a
``FileImport`` whose kind names the channel: ``sku_mappings:<channel id>``) or synchronously for the
API (``sku_mapping_import_file``). Both stream the file: memory does not grow with its size beyond
the set of Channel SKUs already seen.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction

from openoms.activity.import_runner import (
    BatchHandler,
    batches,
    file_import_actor,
    run_file_import,
    start_file_import,
)
from openoms.activity.models import FileImport
from openoms.channels.models import Channel, SkuMapping
from openoms.channels.sku_mapping_report import ImportReport, gc_paused, seekable_upload
from openoms.channels.sku_mapping_rows import SkuMappingImporter
from openoms.core.csv_files import CsvFileError, CsvReader, csv_chunks, csv_line, header_problem
from openoms.core.errors import NotFound, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import Perm

__all__ = [
    "BATCH_ROWS",
    "IMPORT_KIND",
    "SKU_MAPPING_FILE",
    "SKU_MAPPING_HEADER",
    "ImportReport",
    "sku_mapping_import_channel_id",
    "sku_mapping_import_file",
    "sku_mapping_import_kind",
    "sku_mapping_import_run",
    "sku_mapping_import_start",
    "sku_mapping_template_csv",
    "sku_mappings_csv",
]

SKU_MAPPING_FILE = "C_SKU_Mappings.csv"
SKU_MAPPING_HEADER = ["SKU", "Channel SKU"]
IMPORT_KIND = "sku_mappings"
BATCH_ROWS = 50_000


def sku_mapping_template_csv() -> str:
    """The canonical blank file: the header row only."""
    return csv_line(SKU_MAPPING_HEADER)


def sku_mappings_csv(*, actor: Actor, channel: Channel) -> Iterator[str]:
    """The channel's mappings as ``C_SKU_Mappings.csv`` rows, by Channel SKU, streamed."""
    actor.require_account(channel.account)
    actor.require(Perm.CHANNELS_VIEW)
    rows = (
        SkuMapping.objects.filter(channel=channel)
        .order_by("channel_sku")
        .values_list("variant__sku", "channel_sku")
        .iterator(chunk_size=5000)
    )
    return csv_chunks(SKU_MAPPING_HEADER, rows)


def sku_mapping_import_kind(channel: Channel) -> str:
    """The ``FileImport.kind`` of an import into ``channel``."""
    return f"{IMPORT_KIND}:{channel.pk}"


def sku_mapping_import_channel_id(file_import: FileImport) -> int | None:
    """The channel an import is for, or None when it is not a SKU mapping import."""
    prefix, _, channel_id = file_import.kind.partition(":")
    if prefix != IMPORT_KIND or not channel_id.isdigit():
        return None
    return int(channel_id)


def _require_manage(actor: Actor, channel: Channel) -> None:
    actor.require_account(channel.account)
    actor.require(Perm.SKU_MAPPINGS_MANAGE)


def _check_header(header: list[str]) -> None:
    problem = header_problem(header, SKU_MAPPING_HEADER)
    if problem:
        raise CsvFileError(problem)


def sku_mapping_import_start(*, actor: Actor, channel: Channel, upload) -> FileImport:
    """Store a ``C_SKU_Mappings.csv`` upload for ``channel`` and queue its import.

    Refused at once (``ValidationFailed`` on ``file``, nothing kept): a file over the size limit,
    an empty, binary or undecodable file, or a wrong header row.
    """
    _require_manage(actor, channel)
    with transaction.atomic():
        return start_file_import(
            actor=actor,
            account=channel.account,
            kind=sku_mapping_import_kind(channel),
            upload=upload,
            check_header=_check_header,
            enqueue=_enqueue,
        )


def _enqueue(file_import_id: int) -> None:
    from openoms.channels.tasks import sku_mapping_import_task

    sku_mapping_import_task.enqueue(file_import_id)


def sku_mapping_import_run(file_import_id: int) -> FileImport:
    """The task's body: apply the stored file batch by batch; returns the finished import."""
    with gc_paused():
        return run_file_import(file_import_id, prepare=_prepare, batch_rows=BATCH_ROWS)


def _prepare(file_import: FileImport, header: list[str]) -> BatchHandler:
    _check_header(header)
    channel_id = sku_mapping_import_channel_id(file_import)
    channel = Channel.objects.filter(pk=channel_id, account_id=file_import.account_id).first()
    if channel is None:
        raise NotFound("The channel of this import no longer exists.")
    _require_manage(file_import_actor(file_import), channel)
    return SkuMappingImporter(channel).apply


def sku_mapping_import_file(*, actor: Actor, channel: Channel, fileobj) -> ImportReport:
    """Import a ``C_SKU_Mappings.csv`` now (the API's path), with the same rules and batches.

    ``fileobj`` is a binary file object (an upload, or the request body); one that cannot seek
    is spooled to a temporary file first, within the size limit. Refused before any row applies
    (``ValidationFailed`` on ``file``): too large, empty, binary, undecodable, wrong header. A
    file that turns out not to be valid CSV further down stops there: the report's ``error``
    says where, and the batches before it stay applied.
    """
    _require_manage(actor, channel)
    with seekable_upload(fileobj) as binary:
        try:
            reader = CsvReader(binary)
            _check_header(reader.header)
        except CsvFileError as exc:
            raise ValidationFailed({"file": exc.message}) from exc
        with gc_paused():
            return _apply_all(reader, SkuMappingImporter(channel))


def _apply_all(reader: CsvReader, importer: SkuMappingImporter) -> ImportReport:
    report = ImportReport()
    try:
        for batch in batches(reader, BATCH_ROWS):
            with transaction.atomic():
                report.add(importer.apply(batch), rows=len(batch))
    except CsvFileError as exc:
        report.error = exc.message
    return report
