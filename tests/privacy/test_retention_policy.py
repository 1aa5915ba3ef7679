"""Which orders the redaction takes (techOMS §3.10): a sales channel's own retention always
wins for its orders, a channel without one keeps them (the account's setting is for the orders
that did not come from a channel: API, manual and file imports), empty retention keeps the data,
an order exactly at its retention is not yet due, and an open order waits until it is closed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openoms.channels.models import Channel
from openoms.orders.models import SalesOrder
from openoms.orders.services.workflow import sales_order_cancel
from openoms.privacy.jobs import report_summary
from openoms.privacy.scrub import MARKER
from openoms.privacy.services.redaction import pii_redact_account
from tests.privacy.builders import Person, days_ago, manual_order
from tests.privacy.conftest import retention

pytestmark = pytest.mark.django_db

CUSTOMER = Person("Elodie Marchetti", "elodie@marchetti.example", "+1 819 555 0111",
                  "3 Rue des Ormeaux", "Gatineauville")  # fmt: skip
SOURCES = ("api", "manual", "file", "channel")


def closed(shop, number: str, source: str, age: timedelta, now, channel: Channel | None = None):
    """A cancelled order of ``source`` dated ``age`` before ``now`` (a channel order: of
    ``channel``, the shop's store by default)."""
    fields = {}
    if source == "channel":
        channel = channel or shop.store
        fields = {"channel_id": channel.pk, "external_ref": f"gid://shopify/Order/{number}"}
    order = manual_order(shop, number, CUSTOMER, now - age, source=source, **fields)
    return sales_order_cancel(actor=shop.actor, order=order)


def redacted(*numbers: str) -> list[bool]:
    """Whether each order was redacted (its customer's name replaced and the time stamped)."""
    rows = dict(
        SalesOrder.objects.filter(order_number__in=numbers).values_list(
            "order_number", "redacted_at"
        )
    )
    names = dict(
        SalesOrder.objects.filter(order_number__in=numbers).values_list(
            "order_number", "customer_name"
        )
    )
    assert all((rows[n] is not None) == (names[n] == MARKER) for n in numbers)
    return [rows[number] is not None for number in numbers]


def test_the_account_setting_applies_to_api_manual_and_imported_orders_only(shop):
    # given: the account keeps 10 days; the store has no setting of its own
    now = days_ago(0)
    retention(shop.account, 10)
    for source in SOURCES:
        closed(shop, f"{source}-old", source, timedelta(days=11), now)
        closed(shop, f"{source}-new", source, timedelta(days=9), now)
    # when
    report = pii_redact_account(account=shop.account, now=now)
    # then: the API, manual and file orders past 10 days are redacted; the store's are kept
    assert redacted(*(f"{s}-old" for s in SOURCES)) == [True, True, True, False]
    assert redacted(*(f"{s}-new" for s in SOURCES)) == [False] * 4
    assert report.redacted == 3


def test_a_channel_s_own_setting_wins_for_its_orders_shorter_or_longer(shop):
    # given: the account keeps 30 days; the store 5, a second store 90
    now = days_ago(0)
    second = Channel.objects.create(
        account=shop.account, type="sales", kind="shopify", name="Second Shop"
    )
    retention(shop.account, 30, **{"Proof Shop": 5, "Second Shop": 90})
    closed(shop, "store-6d", "channel", timedelta(days=6), now)
    closed(shop, "second-60d", "channel", timedelta(days=60), now, channel=second)
    closed(shop, "second-91d", "channel", timedelta(days=91), now, channel=second)
    for source in ("api", "manual", "file"):
        closed(shop, f"{source}-6d", source, timedelta(days=6), now)
        closed(shop, f"{source}-31d", source, timedelta(days=31), now)
    # when
    pii_redact_account(account=shop.account, now=now)
    # then: each channel's orders follow their channel; the others follow the account
    assert redacted("store-6d", "second-60d", "second-91d") == [True, False, True]
    assert redacted("api-6d", "manual-6d", "file-6d") == [False, False, False]
    assert redacted("api-31d", "manual-31d", "file-31d") == [True, True, True]


def test_a_channel_order_without_a_channel_setting_keeps_its_data(shop):
    # given: the account keeps 1 day, the store has no setting; a 3-year-old store order
    now = days_ago(0)
    retention(shop.account, 1, **{"Proof Shop": None})
    closed(shop, "ancient", "channel", timedelta(days=3 * 365), now)
    # when
    report = pii_redact_account(account=shop.account, now=now)
    # then
    assert redacted("ancient") == [False]
    assert SalesOrder.objects.get(order_number="ancient").email == CUSTOMER.email
    assert report.redacted == 0


def test_empty_retention_everywhere_keeps_every_order_s_data(shop):
    # given: no retention on the account nor on the store
    now = days_ago(0)
    retention(shop.account, None, **{"Proof Shop": None})
    for source in SOURCES:
        closed(shop, f"{source}-ancient", source, timedelta(days=5000), now)
    # when
    report = pii_redact_account(account=shop.account, now=now)
    # then
    assert redacted(*(f"{s}-ancient" for s in SOURCES)) == [False] * 4
    assert not report.retention_set
    assert report_summary(report) == (
        "PII Redaction: no PII retention is set (account or sales channels): every order keeps "
        "its personal data."
    )


@pytest.mark.parametrize("source", SOURCES)
def test_an_order_exactly_at_its_retention_is_kept_and_one_second_older_is_redacted(shop, source):
    # given: 10 days of retention for the account and the store
    now = days_ago(0)
    retention(shop.account, 10, **{"Proof Shop": 10})
    closed(shop, "at", source, timedelta(days=10), now)
    closed(shop, "past", source, timedelta(days=10, seconds=1), now)
    # when
    pii_redact_account(account=shop.account, now=now)
    # then
    assert redacted("at", "past") == [False, True]


def test_an_open_order_waits_until_it_is_closed(shop):
    # given: a Draft and an Approved order past the account's retention
    now = days_ago(0)
    retention(shop.account, 10)
    draft = manual_order(shop, "draft", CUSTOMER, now - timedelta(days=20))
    approved = manual_order(shop, "approved", CUSTOMER, now - timedelta(days=20), source="api")
    SalesOrder.objects.filter(pk=approved.pk).update(status="approved")
    # when
    first = pii_redact_account(account=shop.account, now=now)
    # then: both keep their data, the run says they wait
    assert redacted("draft", "approved") == [False, False]
    assert (first.redacted, first.held_open) == (0, 2)
    assert report_summary(first) == (
        "PII Redaction: 0 orders redacted. 2 orders past retention still open (Draft, Approved "
        "or Fulfilling): redacted once shipped or cancelled."
    )
    # when the draft is cancelled, the next run redacts it
    sales_order_cancel(actor=shop.actor, order=draft)
    second = pii_redact_account(account=shop.account, now=now)
    # then
    assert redacted("draft", "approved") == [True, False]
    assert (second.redacted, second.held_open) == (1, 1)


def test_batches_redact_every_due_order_and_a_second_run_none(shop, settings):
    # given: 7 due orders and batches of 3
    settings.OPENOMS_PII_REDACTION_BATCH = 3
    now = days_ago(0)
    retention(shop.account, 10)
    numbers = [f"B-{n}" for n in range(7)]
    for number in numbers:
        closed(shop, number, "manual", timedelta(days=11), now)
    # when
    first = pii_redact_account(account=shop.account, now=now)
    second = pii_redact_account(account=shop.account, now=now)
    # then
    assert redacted(*numbers) == [True] * 7
    assert (first.redacted, second.redacted, second.copies) == (7, 0, 0)
