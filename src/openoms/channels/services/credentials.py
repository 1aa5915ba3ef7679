"""Channel credentials at rest: re-encrypt them all with the first key (key rotation).

``openoms secrets rotate`` calls ``channel_credentials_rotate`` after a new key was put first in
``OPENOMS_SECRETS_KEYS`` (the old ones still after it); once it reports no unreadable channel, the
old keys can be removed. An operator's command, not a tenant's: no actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from openoms.channels.models import Channel
from openoms.core.encrypted_fields import UnreadableSecret

BATCH = 500


@dataclass
class RotationReport:
    rotated: int = 0
    unreadable: list[int] = field(default_factory=list)  # channel ids no key decrypts


def channel_credentials_rotate() -> RotationReport:
    """Every channel's credentials decrypted with any key and encrypted again with the first one;
    rows no key decrypts are left unchanged and listed. Batches of ``BATCH``, each locked."""
    report = RotationReport()
    ids = list(Channel.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            rows = (
                Channel.objects.select_for_update()
                .filter(pk__in=ids[start : start + BATCH])
                .order_by("pk")
                .values_list("pk", "credentials")
            )
            for pk, credentials in rows:
                if isinstance(credentials, UnreadableSecret):
                    report.unreadable.append(pk)
                    continue
                Channel.objects.filter(pk=pk).update(credentials=credentials)
                report.rotated += 1
    return report


def channel_credentials_unreadable() -> list[int]:
    """The ids of the channels whose credentials no configured key decrypts."""
    rows = Channel.objects.order_by("pk").values_list("pk", "credentials")
    return [pk for pk, credentials in rows.iterator() if isinstance(credentials, UnreadableSecret)]
