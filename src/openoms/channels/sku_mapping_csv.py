"""``C_SKU_Mappings.csv``: a channel's SKU mappings as a file (Maintenance → Export, Import, Template).

One format for sales and fulfillment channels: ``SKU,Channel SKU`` (the OpenOMS SKU first). Export
streams the channel's mappings by Channel SKU (no mappings: just the header, the blank template).
Import is the ``sku_mappings`` kind of the file import skeleton (``activity.imports``), for one
channel (``FileImport.channel``), whether the file is uploaded on the channel's page or sent to the
API: it creates or repoints mappings by Channel SKU (see ``sku_mapping_rows`` for the row rules) in
batches of 50,000 rows, one transaction each, streaming the file: memory does not grow with its
size beyond the set of Channel SKUs already seen.
"""

from __future__ import annotations

from collections.abc import Iterator

from openoms.activity.import_kinds import ImportKind
from openoms.activity.import_runner import file_import_run, gc_paused
from openoms.activity.imports import file_import_start
from openoms.activity.models import FileImport
from openoms.channels.models import Channel, SkuMapping
from openoms.channels.sku_mapping_rows import SkuMappingImporter
from openoms.core.csv_files import CsvFileError, csv_chunks, csv_line, header_problem
from openoms.core.errors import NotFound
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

__all__ = [
    "BATCH_ROWS",
    "IMPORT_KIND",
    "SKU_MAPPING_FILE",
    "SKU_MAPPING_HEADER",
    "SKU_MAPPING_IMPORT",
    "sku_mapping_import_run",
    "sku_mapping_import_start",
    "sku_mapping_template_csv",
    "sku_mappings_csv",
]

SKU_MAPPING_FILE = "C_SKU_Mappings.csv"
SKU_MAPPING_HEADER = ["SKU", "Channel SKU"]
IMPORT_KIND = "sku_mappings"
BATCH_ROWS = 50_000

sku_mapping_import_run = file_import_run  # the one run loop, under the name callers know


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


def _check_header(account: Account, header: list[str]) -> None:
    problem = header_problem(header, SKU_MAPPING_HEADER)
    if problem:
        raise CsvFileError(problem)


def _channel(account: Account, channel_id: int | None) -> Channel:
    channel = Channel.objects.filter(pk=channel_id, account=account).first()
    if channel is None:
        raise NotFound("The channel of this import no longer exists.")
    return channel


def _check_channel(actor: Actor, account: Account, channel_id: int | None) -> None:
    _channel(account, channel_id)


def _writer(file_import: FileImport, actor: Actor, header: list[str]) -> SkuMappingImporter:
    return SkuMappingImporter(_channel(file_import.account, file_import.channel_id))


SKU_MAPPING_IMPORT = ImportKind(
    code=IMPORT_KIND,
    label="SKU mappings",
    file_name=SKU_MAPPING_FILE,
    import_perm=Perm.SKU_MAPPINGS_MANAGE,
    view_perm=Perm.CHANNELS_VIEW,
    batch_rows=BATCH_ROWS,
    check_header=_check_header,
    writer=_writer,
    check_allowed=_check_channel,
    for_channel=True,
    run_scope=gc_paused,
)


def sku_mapping_import_start(
    *, actor: Actor, channel: Channel, upload, file_name: str | None = None
) -> FileImport:
    """Store a ``C_SKU_Mappings.csv`` upload (a file or the API's body) for ``channel`` and queue
    its import.

    Refused at once (``ValidationFailed`` on ``file``, nothing kept): a file over the size limit,
    an empty, binary or undecodable file, or a wrong header row.
    """
    actor.require_account(channel.account)
    return file_import_start(
        actor=actor,
        account=channel.account,
        kind=IMPORT_KIND,
        upload=upload,
        channel_id=channel.pk,
        file_name=file_name,
    )
