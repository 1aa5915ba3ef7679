"""The account's API Validation Rules applied to a document's carrier and service codes
(seed 001): ``channels.carrier_check.carrier_resolve`` finds the problems (missing or invalid,
after the channel's carrier mappings) and the rule that applies; an Error stops the document,
a Warning is recorded and the document goes on."""

from __future__ import annotations

from dataclasses import dataclass, field

from openoms.channels.carrier_check import carrier_resolve
from openoms.channels.models import Channel
from openoms.core.read_memo import memoized
from openoms.tenancy.models import Account


@dataclass(frozen=True)
class CarrierOutcome:
    """``errors`` by field (the document must stop), or ``warnings`` to record."""

    errors: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    carrier_code: str = ""
    service_code: str = ""


def carrier_problems(
    account: Account,
    document: str,
    carrier_code: str,
    service_code: str,
    channel: Channel | None = None,
) -> CarrierOutcome:
    """Check a ``document``'s ("sales_order", "shipment" …) carrier and service codes, as
    ``channel`` sent them (None: API, file, manual); the codes OpenOMS uses (translated through
    the channel's mappings) are returned with the outcome. Memoized in a ``read_memo`` block
    (a batch of imported orders asks for the same few codes)."""
    carrier_code, service_code = (carrier_code or "").strip(), (service_code or "").strip()
    return _problems(account, document, carrier_code, service_code, channel)


@memoized
def _problems(
    account: Account, document: str, carrier_code: str, service_code: str, channel: Channel | None
) -> CarrierOutcome:
    found = carrier_resolve(
        account=account,
        document=document,
        carrier_code=carrier_code,
        service_code=service_code,
        channel=channel,
    )
    carrier = found.carrier.code if found.carrier else carrier_code
    service = found.service.code if found.service else service_code
    if not found.problems:
        return CarrierOutcome(carrier_code=carrier, service_code=service)
    if found.level == "error":
        return CarrierOutcome(errors={"carrier": " ".join(found.problems)})
    return CarrierOutcome(
        warnings=tuple(found.problems), carrier_code=carrier, service_code=service
    )
