"""Carriers: the account's master list (Admin Settings → Carriers) and each channel's mappings.

``Carrier`` and ``CarrierService`` are the codes OpenOMS itself uses; ``CarrierMapping`` tells how
one channel spells them. Several channel codes may map to one carrier/service (many-to-one); one
of them per target is the primary, the one OpenOMS sends back to that channel. A channel code
ending with ``*`` is a prefix (``2nd Day Air*`` matches ``2nd Day Air Saver``).
"""

from __future__ import annotations

from django.db import models

MAX_CODE = 60
MAX_NAME = 120
MAX_CHANNEL_CODE = 120
WILDCARD = "*"


class Carrier(models.Model):
    """A carrier of the account's master list: its code (as sent on orders) and its name.

    Codes are kept as typed, special characters included (only surrounding spaces are trimmed),
    and are unique in the account, case-sensitively.
    """

    account = models.ForeignKey("tenancy.Account", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=MAX_CODE)
    name = models.CharField(max_length=MAX_NAME)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "code"], name="carrier_code_once_per_account"
            )
        ]

    def __str__(self) -> str:
        return self.code


class CarrierService(models.Model):
    """A service level of a carrier (Ground, 2nd Day Air…), unique by code within its carrier."""

    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="services")
    code = models.CharField(max_length=MAX_CODE)
    name = models.CharField(max_length=MAX_NAME)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "code"], name="carrier_service_code_once_per_carrier"
            )
        ]

    def __str__(self) -> str:
        return self.code


class CarrierMapping(models.Model):
    """How a channel spells a carrier (and service) of the master list.

    ``service_channel_code`` empty matches an order without a service code; ``service`` null maps
    to the carrier without a service. At most one mapping per target (channel, carrier, service)
    is primary: the database refuses a second one.
    """

    account = models.ForeignKey("tenancy.Account", on_delete=models.PROTECT, related_name="+")
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="carrier_mappings"
    )
    carrier_channel_code = models.CharField(max_length=MAX_CHANNEL_CODE)
    service_channel_code = models.CharField(max_length=MAX_CHANNEL_CODE, blank=True)
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="mappings")
    service = models.ForeignKey(
        CarrierService,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mappings",
    )
    is_primary = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["carrier_channel_code", "service_channel_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "carrier_channel_code", "service_channel_code"],
                name="carrier_mapping_once_per_channel",
            ),
            models.UniqueConstraint(
                fields=["channel", "carrier", "service"],
                condition=models.Q(is_primary=True, service__isnull=False),
                name="carrier_mapping_one_primary",
            ),
            models.UniqueConstraint(
                fields=["channel", "carrier"],
                condition=models.Q(is_primary=True, service__isnull=True),
                name="carrier_mapping_one_primary_no_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carrier_channel_code}/{self.service_channel_code} → {self.carrier_id}"
