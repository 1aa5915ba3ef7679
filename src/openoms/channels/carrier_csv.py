"""``Carriers.csv`` (Admin Settings → Carriers) and ``C_Carrier_Mappings.csv`` (a channel's
Carrier Mappings tab): exports, templates and the two kinds of the file import skeleton.

``Carriers.csv`` is ``carrier_code,carrier_name,service_code,service_name``, one row per service
(a carrier without services: one row, its service columns empty); its import adds or updates
(``carrier_rows``). ``C_Carrier_Mappings.csv`` is
``carrier_channel_code,service_channel_code,carrier_code,service_code,primary``; its import only
adds (``carrier_mapping_rows``).
"""

from __future__ import annotations

from collections.abc import Iterator

from openoms.activity.import_kinds import ImportKind
from openoms.activity.imports import file_import_start
from openoms.activity.models import FileImport
from openoms.channels.carrier_mapping_rows import CarrierMappingImporter
from openoms.channels.carrier_models import Carrier, CarrierMapping, CarrierService
from openoms.channels.carrier_rows import CarrierImporter
from openoms.channels.models import Channel
from openoms.channels.services import carrier_mappings, carriers
from openoms.core.csv_files import CsvFileError, csv_chunks, csv_line, header_problem
from openoms.core.errors import NotFound
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

CARRIERS_FILE = "Carriers.csv"
CARRIERS_HEADER = ["carrier_code", "carrier_name", "service_code", "service_name"]
CARRIERS_KIND = "carriers"
MAPPINGS_FILE = "C_Carrier_Mappings.csv"
MAPPINGS_HEADER = [
    "carrier_channel_code",
    "service_channel_code",
    "carrier_code",
    "service_code",
    "primary",
]
MAPPINGS_KIND = "carrier_mappings"
BATCH_ROWS = 5_000


def carriers_template_csv() -> str:
    return csv_line(CARRIERS_HEADER)


def mappings_template_csv() -> str:
    return csv_line(MAPPINGS_HEADER)


def carriers_csv(*, actor: Actor, account: Account) -> Iterator[str]:
    """The account's carriers as ``Carriers.csv``: by carrier code, then service code."""
    actor.require_account(account)
    actor.require(Perm.CHANNELS_VIEW)
    services = CarrierService.objects.filter(carrier__account=account).values_list(
        "carrier__code", "carrier__name", "code", "name"
    )
    bare = (
        Carrier.objects.filter(account=account, services__isnull=True)
        .values_list("code", "name")
        .order_by()
    )
    rows = list(services) + [(code, name, "", "") for code, name in bare]
    return csv_chunks(CARRIERS_HEADER, sorted(rows, key=lambda row: (row[0], row[2])))


def carrier_mappings_csv(*, actor: Actor, channel: Channel) -> Iterator[str]:
    """The channel's carrier mappings as ``C_Carrier_Mappings.csv``, by channel codes."""
    actor.require_account(channel.account)
    actor.require(Perm.CHANNELS_VIEW)
    rows = (
        CarrierMapping.objects.filter(channel=channel)
        .order_by("carrier_channel_code", "service_channel_code")
        .values_list(
            "carrier_channel_code",
            "service_channel_code",
            "carrier__code",
            "service__code",
            "is_primary",
        )
    )
    return csv_chunks(
        MAPPINGS_HEADER,
        ((*row[:3], row[3] or "", "true" if row[4] else "false") for row in rows),
    )


def _header_check(expected: list[str]):
    def check(account: Account, header: list[str]) -> None:
        problem = header_problem(header, expected)
        if problem:
            raise CsvFileError(problem)

    return check


def _channel(account: Account, channel_id: int | None) -> Channel:
    channel = Channel.objects.filter(pk=channel_id, account=account).first()
    if channel is None:
        raise NotFound("The channel of this import no longer exists.")
    return channel


CARRIERS_IMPORT = ImportKind(
    code=CARRIERS_KIND,
    label="Carriers",
    file_name=CARRIERS_FILE,
    import_perm=carriers.MANAGE,
    view_perm=Perm.CHANNELS_VIEW,
    batch_rows=BATCH_ROWS,
    check_header=_header_check(CARRIERS_HEADER),
    writer=lambda file_import, actor, header: CarrierImporter(file_import.account),
)

CARRIER_MAPPINGS_IMPORT = ImportKind(
    code=MAPPINGS_KIND,
    label="Carrier mappings",
    file_name=MAPPINGS_FILE,
    import_perm=carrier_mappings.MANAGE,
    view_perm=Perm.CHANNELS_VIEW,
    batch_rows=BATCH_ROWS,
    check_header=_header_check(MAPPINGS_HEADER),
    writer=lambda file_import, actor, header: CarrierMappingImporter(
        _channel(file_import.account, file_import.channel_id)
    ),
    check_allowed=lambda actor, account, channel_id: _channel(account, channel_id) and None,
    for_channel=True,
)


def carriers_import_start(
    *, actor: Actor, account: Account, upload, file_name: str | None = None
) -> FileImport:
    """Store a ``Carriers.csv`` upload and queue its import (add or update). Refused at once
    (``ValidationFailed`` on ``file``, nothing kept): too large, empty, binary, wrong header."""
    return file_import_start(
        actor=actor, account=account, kind=CARRIERS_KIND, upload=upload, file_name=file_name
    )


def carrier_mappings_import_start(
    *, actor: Actor, channel: Channel, upload, file_name: str | None = None
) -> FileImport:
    """Store a ``C_Carrier_Mappings.csv`` upload for ``channel`` and queue its import (adds
    only), refused at once like ``carriers_import_start``."""
    actor.require_account(channel.account)
    return file_import_start(
        actor=actor,
        account=channel.account,
        kind=MAPPINGS_KIND,
        upload=upload,
        channel_id=channel.pk,
        file_name=file_name,
    )
