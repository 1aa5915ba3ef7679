"""Demo carriers: a small master list per account (Admin Settings → Carriers) and the carrier
mappings of the demo's Shopify channel, so its orders' shipping line (``Standard Shipping``,
``Express``) names a carrier and service of the list under the default API Validation Rules
(*Error*). Idempotent: a carrier or mapping that exists is left as it is."""

from __future__ import annotations

from openoms.channels.carrier_models import Carrier, CarrierMapping
from openoms.channels.models import Channel
from openoms.channels.services.carrier_mappings import carrier_mapping_create
from openoms.channels.services.carriers import carrier_create
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account

# (code, name, [(service code, service name)])
CARRIERS = [
    (
        "UPS",
        "UPS",
        [("GND", "UPS Ground"), ("2DA", "UPS 2nd Day Air"), ("NDA", "UPS Next Day Air")],
    ),
    ("FedEx", "FedEx", [("Ground", "FedEx Ground"), ("2DAY", "FedEx 2Day")]),
    ("USPS", "USPS", [("Priority", "Priority Mail")]),
]
# Shopify's shipping line (title, code pattern) → (carrier, service); ``*``: any code.
SHOPIFY_MAPPINGS = [
    ("Standard Shipping", "*", "UPS", "GND"),
    ("Express", "*", "UPS", "2DA"),
]


def seed_carriers(actor: Actor, accounts: list[Account]) -> None:
    """The carrier list of each account (missing carriers only)."""
    for account in accounts:
        known = set(Carrier.objects.filter(account=account).values_list("code", flat=True))
        for code, name, services in CARRIERS:
            if code not in known:
                carrier_create(
                    actor=actor, account=account, code=code, name=name, services=services
                )


def seed_carrier_mappings(actor: Actor, channel: Channel) -> None:
    """The Shopify channel's mappings of its shipping lines (missing ones only)."""
    for title, code, carrier, service in SHOPIFY_MAPPINGS:
        exists = CarrierMapping.objects.filter(
            channel=channel, carrier_channel_code=title, service_channel_code=code
        ).exists()
        if not exists:
            carrier_mapping_create(
                actor=actor,
                channel=channel,
                carrier_channel_code=title,
                service_channel_code=code,
                carrier_code=carrier,
                service_code=service,
                is_primary=False,
            )
