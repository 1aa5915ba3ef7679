"""Imports racing on PostgreSQL: the same Shopify order imported at once by several runs (a
webhook's and a poll's) is one order; the others find it, none fails."""

from __future__ import annotations

from collections import Counter

from openoms.orders.models import SalesOrder, SalesOrderLine
from openoms.sync.services.order_import import Imported, order_import
from tests.concurrency import POSTGRES_RACE, in_parallel

from .test_order_import_unit import ACTOR, channel_with_tee, incoming

pytestmark = POSTGRES_RACE
RUNS = 8


def test_one_order_imported_at_once_by_many_is_one_order(tenant):
    # given
    channel = channel_with_tee(tenant)

    # when
    outcomes, errors = in_parallel(
        lambda _: order_import(actor=ACTOR, channel=channel, incoming=incoming()).outcome, RUNS
    )

    # then
    assert errors == []
    assert Counter(outcomes) == {Imported.IMPORTED: 1, Imported.ALREADY: RUNS - 1}
    assert SalesOrder.objects.get().order_number == "1001"
    assert SalesOrderLine.objects.count() == 1
