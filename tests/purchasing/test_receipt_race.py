"""Receipts racing on PostgreSQL: ten receipts of one unit each arrive at once for a line that
expects six: exactly six are recorded, the others are refused whole; the line never
over-receives, Total and Incoming move by exactly six, the ledger adds up. Two receipts of four
each for that line: one is recorded, the other refused."""

from __future__ import annotations

from openoms.core.errors import ValidationFailed
from openoms.inventory.services.ledger import ledger_mismatches
from openoms.purchasing.models import PurchaseOrder, Receipt
from openoms.purchasing.services.receipts import receipt_record
from tests.concurrency import POSTGRES_RACE, in_parallel
from tests.purchasing.conftest import line_ids, sent, stock

pytestmark = POSTGRES_RACE


def _receive(buyer, order, line: int, quantity: int) -> bool:
    try:
        receipt_record(actor=buyer.actor, order=order.pk, received={line: quantity})
    except ValidationFailed:
        return False
    return True


def test_ten_receipts_of_one_for_six_expected_record_exactly_six(buyer):
    # given an order of TEE 6 (and MUG 4), sent: TEE total 10, incoming 6
    order = sent(buyer, "PO-1")
    tee = line_ids(order)["TEE"]
    # when
    results, errors = in_parallel(lambda _: _receive(buyer, order, tee, 1), 10)
    # then
    assert errors == []
    assert sorted(results) == [False] * 4 + [True] * 6
    assert order.lines.get(pk=tee).received == 6
    assert stock(buyer, "TEE") == (16, 0)
    assert Receipt.objects.filter(order=order).count() == 6
    assert sorted(Receipt.objects.values_list("number", flat=True)) == sorted(
        f"PO-1-R{n}" for n in range(1, 7)
    )
    assert PurchaseOrder.objects.get(pk=order.pk).status == "receiving"  # MUG still open
    assert ledger_mismatches(account=buyer.account) == []


def test_two_receipts_of_four_for_six_expected_record_one(buyer):
    # given
    order = sent(buyer, "PO-1")
    tee = line_ids(order)["TEE"]
    # when
    results, errors = in_parallel(lambda _: _receive(buyer, order, tee, 4), 2)
    # then
    assert errors == []
    assert sorted(results) == [False, True]
    assert order.lines.get(pk=tee).received == 4
    assert stock(buyer, "TEE") == (14, 2)
    assert ledger_mismatches(account=buyer.account) == []
