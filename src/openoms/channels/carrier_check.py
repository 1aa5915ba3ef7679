"""The carrier check of the API Validation Rules: which carrier/service an order's codes name,
and what is wrong with them, at the level the account chose (Warning or Error).

Orders, shipments, purchase orders and receipts call ``carrier_resolve`` with the codes they
received. With a channel, its carrier mappings translate the codes first (wildcards, the most
specific mapping, a primary one preferred), an empty carrier code included (a carrier channel
code ``*`` alone covers orders that arrive without a carrier); codes no mapping matches are
looked up in the account's carrier list as they are. The account's ``<document>_carrier_code_rule`` and
``<document>_service_code_rule`` say whether each problem is a warning or an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from openoms.channels.carrier_match import mapping_for
from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.channels.models import Channel
from openoms.tenancy.models import Account, ValidationLevel

DOCUMENTS = ("sales_order", "shipment", "purchase_order", "receipt")
NO_PROBLEM = ""


@dataclass(frozen=True)
class CarrierResolution:
    """The carrier and service the codes name (None when they name none) and the problems found,
    as sentences; ``level`` is "" without problems, else the strictest of their rules."""

    carrier: Carrier | None
    service: CarrierService | None
    problems: tuple[str, ...]
    level: str

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def is_error(self) -> bool:
        return self.level == ValidationLevel.ERROR


def _rules(account: Account, document: str) -> tuple[str, str]:
    if document not in DOCUMENTS:
        raise ValueError(f"Unknown document {document!r}; one of {', '.join(DOCUMENTS)}.")
    return (
        getattr(account, f"{document}_carrier_code_rule"),
        getattr(account, f"{document}_service_code_rule"),
    )


def _strictest(levels: list[str]) -> str:
    if not levels:
        return NO_PROBLEM
    return ValidationLevel.ERROR if ValidationLevel.ERROR in levels else ValidationLevel.WARNING


def _service_problem(carrier: Carrier, service_code: str) -> tuple[CarrierService | None, str]:
    """The carrier's service of ``service_code`` and "", or None and why not."""
    services = {service.code: service for service in carrier.services.all()}
    if not service_code:
        if services:
            return None, f'The service code is missing; carrier "{carrier.code}" has services.'
        return None, ""
    if service_code in services:
        return services[service_code], ""
    return None, f'Service code "{service_code}" is not a service of carrier "{carrier.code}".'


def _translated(channel: Channel, carrier_code: str, service_code: str):
    """The mapped carrier and service (its service's problem, if any), or None when no mapping
    of the channel matches."""
    mapping = mapping_for(channel, carrier_code, service_code)
    if mapping is None:
        return None
    if mapping.service is not None:
        return mapping.carrier, mapping.service, ""
    _, problem = _service_problem(mapping.carrier, "")
    return mapping.carrier, None, problem


def carrier_resolve(
    *,
    account: Account,
    document: str,
    carrier_code: str,
    service_code: str,
    channel: Channel | None = None,
) -> CarrierResolution:
    """The carrier and service that ``carrier_code`` and ``service_code`` stand for on a
    ``document`` ("sales_order", "shipment", "purchase_order" or "receipt") of ``account``,
    received from ``channel`` (None: API, file, manual), with every problem found."""
    carrier_rule, service_rule = _rules(account, document)
    if channel is not None and channel.account_id != account.pk:
        raise ValueError("The channel belongs to another account.")
    carrier_code = (carrier_code or "").strip()
    service_code = (service_code or "").strip()
    if channel is not None:  # a "*" mapping covers an order without a carrier code too
        found = _translated(channel, carrier_code, service_code)
        if found is not None:
            return _result(*found, service_rule)
    if not carrier_code:
        return _result(None, None, "The carrier code is missing.", carrier_rule)
    carrier = Carrier.objects.filter(account=account, code=carrier_code).first()
    if carrier is None:
        unknown = f'Carrier code "{carrier_code}" is not in the carrier list'
        if channel is not None:
            unknown += f' and no carrier mapping of channel "{channel.name}" matches it'
        return _result(None, None, unknown + ".", carrier_rule)
    return _result(carrier, *_service_problem(carrier, service_code), service_rule)


def _result(
    carrier: Carrier | None, service: CarrierService | None, problem: str, rule: str
) -> CarrierResolution:
    """The resolution with ``problem`` ("" for none) at the level of ``rule``."""
    if not problem:
        return CarrierResolution(carrier, service, (), NO_PROBLEM)
    return CarrierResolution(carrier, service, (problem,), _strictest([rule]))
