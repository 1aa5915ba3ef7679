"""Query counts of the lists (API endpoints and web pages): flat in the number of rows.

Each list is a ``ListCase``: ``grow(world, start, stop)`` adds rows number ``start`` to
``stop - 1`` and returns the list's address. Every row it adds carries its marker
``QCROW<number>`` (in a name, SKU, message…), so the answer proves how many rows it shows.
``check_flat`` grows the list to ``SIZES[0]`` rows, then to ``SIZES[1]`` (five times as many),
and asserts the exact same number of queries for both answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import connection

from openoms.automation.job_types import JobType
from openoms.automation.models import RecurringJob
from openoms.automation.services.jobs import jobs_ensure
from openoms.catalog.models import Product, ProductVariant
from openoms.channels.models import Channel
from openoms.inventory.models import Warehouse
from openoms.tenancy.models import AuditAction, AuditEntry
from tests.factories import Tenant
from tests.inventory.stock import enable, make_warehouse
from tests.web.channel_data import make_channel

SIZES = (3, 15)
MARKER = re.compile(r"QCROW\d{3}", re.IGNORECASE)


def marker(number: int) -> str:
    return f"QCROW{number:03d}"


@dataclass
class World:
    """Our tenant's account, and the shared rows the lists hang from (made on first use)."""

    tenant: Tenant

    @property
    def account(self):
        return self.tenant.account

    @property
    def organization(self):
        return self.tenant.organization

    @cached_property
    def warehouse(self) -> Warehouse:
        warehouse = make_warehouse(self.organization, "QC-WH")
        enable(self.account, warehouse)
        return warehouse

    @cached_property
    def virtual(self) -> Warehouse:
        """QC-ALL, virtual, of the enabled QC-TOR and QC-MTL."""
        members = [make_warehouse(self.organization, code) for code in ("QC-TOR", "QC-MTL")]
        virtual = make_warehouse(self.organization, "QC-ALL", kind="virtual", members=members)
        enable(self.account, *members, virtual)
        return virtual

    @cached_property
    def store(self) -> Channel:
        return make_channel(self.account, "QC Store")

    @cached_property
    def threepl(self) -> Channel:
        return make_channel(self.account, "QC 3PL", "sandbox_fulfillment", "fulfillment")

    @cached_property
    def job(self) -> RecurringJob:
        """The account's Authorization Refresh (job rows made here, as a new account has them)."""
        jobs_ensure(self.account)
        return RecurringJob.objects.get(
            account=self.account, channel=None, job_type=JobType.AUTHORIZATION_REFRESH
        )

    def physical(self, number: int) -> Warehouse:
        """Enabled physical warehouse ``QCROW<n>``."""
        warehouse = make_warehouse(self.organization, marker(number))
        enable(self.account, warehouse)
        return warehouse


def add_products(account, start: int, stop: int) -> None:
    """Products ``QCROW<n>``, of two variants each."""
    for number in range(start, stop):
        product = Product.objects.create(account=account, name=marker(number))
        for size in ("S", "M"):
            ProductVariant.objects.create(account=account, product=product, sku=f"P{number}-{size}")


def add_history(tenant: Tenant, start: int, stop: int) -> None:
    """Setting changes of ``tenant.account`` to ``QCROW<n>``, by two users in turn."""
    users = [tenant.user("organization_owner"), tenant.user("supervisor")]
    for number in range(start, stop):
        user = users[number % 2]
        AuditEntry.objects.create(
            organization=tenant.organization,
            account=tenant.account,
            actor=user,
            actor_label=user.email,
            action=AuditAction.SETTING_CHANGED,
            field="name",
            field_label="Name",
            new_value=marker(number),
        )


@dataclass(frozen=True)
class ListCase:
    """One list: its name (the test id), how to grow it, and its exact number of queries (an
    int, or ``{"sqlite": …, "postgresql": …}`` where the backends differ)."""

    name: str
    grow: Callable[[Any, int, int], str]
    queries: int | dict[str, int]
    rows: Callable[[Any], int] | None = None  # how many rows an answer shows; else its markers

    def expected(self) -> int:
        if isinstance(self.queries, int):
            return self.queries
        return self.queries[connection.vendor]


def listed(response) -> int:
    """How many distinct rows (markers) the answer shows."""
    return len({found.upper() for found in MARKER.findall(response.content.decode())})


def check_flat(case: ListCase, world: Any, fetch: Callable[[str], Any], assert_queries) -> None:
    """``case`` answers with ``case.queries`` queries for N rows and for 5N rows.

    Each size is fetched once first, unmeasured: a first request may write once (an API key's
    last use, a session) and caches (content types) fill; the second is measured.
    """
    built = 0
    for size in SIZES:
        address = case.grow(world, built, size)
        built = size
        assert fetch(address).status_code == 200
        with assert_queries(case.expected()):
            response = fetch(address)
        assert response.status_code == 200
        shown = (case.rows or listed)(response)
        assert shown == size, f"{case.name}: {shown} rows shown, {size} built"
