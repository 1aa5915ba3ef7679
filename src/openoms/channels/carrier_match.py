"""Which carrier mapping of a channel a pair of channel codes falls under.

A mapping's channel code matches exactly, or, when it ends with ``*``, as a prefix:
``2nd Day Air*`` matches ``2nd Day Air`` and ``2nd Day Air Saver``. An empty service channel
code matches an order without a service code only; ``*`` alone matches any code, none included
(a carrier channel code ``*`` covers orders that arrive without a carrier code too). Of several matching mappings the most specific wins: an exact carrier code beats a
wildcard, a longer prefix a shorter one, then the same for the service code; a primary mapping
breaks what remains of a tie, then the oldest.
"""

from __future__ import annotations

from django.db.models import Q

from openoms.channels.carrier_models import WILDCARD, Carrier, CarrierMapping, CarrierService
from openoms.channels.models import Channel

Rank = tuple[int, int]


def is_wildcard(code: str) -> bool:
    return code.endswith(WILDCARD)


def code_rank(pattern: str, value: str) -> Rank | None:
    """How well ``pattern`` matches ``value``: ``(1, length)`` exactly, ``(0, prefix length)``
    as a wildcard, None not at all."""
    if pattern == value:
        return (1, len(pattern))
    if is_wildcard(pattern) and value.startswith(pattern[:-1]):
        return (0, len(pattern) - 1)
    return None


def mapping_rank(mapping: CarrierMapping, carrier_code: str, service_code: str) -> tuple | None:
    """The sort key of ``mapping`` for these codes (higher is better), or None if it does not
    match them."""
    carrier = code_rank(mapping.carrier_channel_code, carrier_code)
    service = code_rank(mapping.service_channel_code, service_code)
    if carrier is None or service is None:
        return None
    return (*carrier, *service, mapping.is_primary, -mapping.pk)


def mapping_for(channel: Channel, carrier_code: str, service_code: str) -> CarrierMapping | None:
    """The channel's mapping that these channel codes fall under, or None."""
    candidates = (
        CarrierMapping.objects.filter(channel=channel)
        .filter(Q(carrier_channel_code=carrier_code) | Q(carrier_channel_code__endswith=WILDCARD))
        .select_related("carrier", "service")
    )
    ranked = [
        (rank, mapping)
        for mapping in candidates
        if (rank := mapping_rank(mapping, carrier_code, service_code)) is not None
    ]
    return max(ranked, key=lambda pair: pair[0])[1] if ranked else None


def channel_codes_for(
    channel: Channel, carrier: Carrier, service: CarrierService | None
) -> tuple[str, str] | None:
    """The codes to send ``channel`` for an OpenOMS carrier/service: its primary mapping's, else
    its only exact mapping's; None when there is no such mapping (wildcards are never sent)."""
    rows = CarrierMapping.objects.filter(channel=channel, carrier=carrier, service=service)
    exact = [
        mapping
        for mapping in rows.order_by("-is_primary", "pk")
        if not is_wildcard(mapping.carrier_channel_code)
        and not is_wildcard(mapping.service_channel_code)
    ]
    if exact and (exact[0].is_primary or len(exact) == 1):
        return exact[0].carrier_channel_code, exact[0].service_channel_code
    return None
