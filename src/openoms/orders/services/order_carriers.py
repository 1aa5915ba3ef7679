"""The account's API Validation Rules applied to a document's carrier and service codes
(seed 001): ``channels.carrier_check.carrier_resolve`` finds the problems (missing or invalid,
after the channel's carrier mappings) and the rule that applies; an Error stops the document,
a Warning is recorded and the document goes on."""

from __future__ import annotations

from dataclasses import dataclass, field

from openoms.channels.carrier_check import carrier_resolve
from openoms.channels.models import Channel
from openoms.tenancy.models import Account


@dataclass(frozen=True)
class CarrierOutcome:
    """``errors`` by field (the document must stop), or ``warnings`` to record."""

    errors: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    carrier_code: str = ""
    service_code: str = ""


def carrier_problems(
    account: Account, draft, document: str, channel: Channel | None = None
) -> CarrierOutcome:
    """Check ``draft.carrier`` / ``draft.service`` for ``document`` ("sales_order",
    "shipment" …); the codes OpenOMS uses (translated through the channel's mappings) are
    returned with the outcome."""
    if channel is None and getattr(draft, "channel_id", None):
        channel = Channel.objects.filter(pk=draft.channel_id, account=account).first()
    found = carrier_resolve(
        account=account,
        document=document,
        carrier_code=(draft.carrier or "").strip(),
        service_code=(draft.service or "").strip(),
        channel=channel,
    )
    carrier = found.carrier.code if found.carrier else (draft.carrier or "").strip()
    service = found.service.code if found.service else (draft.service or "").strip()
    if not found.problems:
        return CarrierOutcome(carrier_code=carrier, service_code=service)
    if found.level == "error":
        return CarrierOutcome(errors={"carrier": " ".join(found.problems)})
    return CarrierOutcome(
        warnings=tuple(found.problems), carrier_code=carrier, service_code=service
    )
