"""Builders and fixtures of the ``C_SKU_Mappings.csv`` tests: a channel, SKUs, the import calls.

Rows are written directly, like tests/factories.py; the tests call the import and export services.
A test module imports the fixtures it uses by their ``*_fixture`` names (pytest knows them by the
short name), so no conftest is needed; ``uploads`` and ``immediate_tasks`` do what those of
tests/file_imports.py do.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest

from openoms.activity.models import FileImport
from openoms.catalog.models import Product, ProductVariant
from openoms.channels.models import Channel, SkuMapping
from openoms.channels.sku_mapping_csv import sku_mapping_import_run, sku_mapping_import_start
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role
from tests.factories import Tenant
from tests.file_imports import upload as file_upload

HEADER = "SKU,Channel SKU\n"


@dataclass
class Mapped:
    """A sales channel of ``tenant.account`` with the SKUs ``SKU-1``…``SKU-3``, and an actor."""

    tenant: Tenant
    channel: Channel
    actor: Actor
    variants: dict[str, ProductVariant] = field(default_factory=dict)

    @property
    def account(self) -> Account:
        return self.tenant.account


def make_channel(account: Account, name: str = "Main store", *, type: str = "sales") -> Channel:
    kind = "shopify" if type == "sales" else "shipbob"
    return Channel.objects.create(account=account, type=type, kind=kind, name=name)


def make_variants(account: Account, *skus: str) -> dict[str, ProductVariant]:
    product = Product.objects.create(account=account, name=f"Product {skus[0]}")
    return {
        sku: ProductVariant.objects.create(account=account, product=product, sku=sku)
        for sku in skus
    }


def map_sku(mapped: Mapped, channel_sku: str, sku: str) -> SkuMapping:
    return SkuMapping.objects.create(
        account=mapped.account,
        channel=mapped.channel,
        channel_sku=channel_sku,
        variant=mapped.variants[sku],
    )


def mappings(channel: Channel) -> dict[str, str]:
    """Channel SKU → OpenOMS SKU of every mapping of the channel."""
    rows = SkuMapping.objects.filter(channel=channel).values_list("channel_sku", "variant__sku")
    return dict(rows)


def snapshot() -> list[tuple]:
    """Every mapping of every channel, with its timestamps: compare before/after."""
    rows = SkuMapping.objects.order_by("pk").values_list(
        "pk", "channel_id", "channel_sku", "variant_id", "updated_at"
    )
    return list(rows)


def upload(content: str | bytes):
    return file_upload(content, "C_SKU_Mappings.csv")


def run_import(mapped: Mapped, content: str | bytes) -> FileImport:
    file_import = sku_mapping_import_start(
        actor=mapped.actor, channel=mapped.channel, upload=upload(content)
    )
    return sku_mapping_import_run(file_import.pk)


def counts(file_import: FileImport) -> tuple:
    """(status, rows, created, updated, unchanged, rejected)."""
    return (
        file_import.status,
        file_import.rows_processed,
        file_import.created_count,
        file_import.updated_count,
        file_import.unchanged_count,
        file_import.rejected_count,
    )


def issues(file_import: FileImport) -> list[tuple[int, str]]:
    return list(file_import.issues.values_list("line", "reason"))


@pytest.fixture(name="uploads")
def uploads_fixture(settings, tmp_path):
    """Uploaded files go to a temporary data folder; returns the uploads folder."""
    settings.DATA_DIR = tmp_path
    return tmp_path / "uploads"


@pytest.fixture(name="immediate_tasks")
def immediate_tasks_fixture(settings):
    """Tasks run synchronously when enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(name="mapped")
def mapped_fixture(tenant) -> Mapped:
    """A sales channel of the tenant's account, SKU-1…SKU-3, and an Account User acting."""
    channel = make_channel(tenant.account)
    actor = Actor.for_user(tenant.user(Role.ACCOUNT_USER))
    variants = make_variants(tenant.account, "SKU-1", "SKU-2", "SKU-3")
    return Mapped(tenant, channel, actor, variants)


class GeneratedFile(io.RawIOBase):
    """A CSV of ``size`` bytes made up as it is read (never held whole): the header, then rows.

    It cannot seek, like a request body; ``size`` is not declared, so a reader must count.
    """

    def __init__(self, size: int, row: bytes = b"SKU-1,CH-0000000001\n"):
        self._left = size
        self.given = 0
        self._pending = HEADER.encode()
        self._row = row

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        wanted = min(len(buffer), self._left)
        while len(self._pending) < wanted:
            self._pending += self._row * (1 + (wanted - len(self._pending)) // len(self._row))
        data, self._pending = self._pending[:wanted], self._pending[wanted:]
        buffer[:wanted] = data
        self._left -= wanted
        self.given += wanted
        return wanted
