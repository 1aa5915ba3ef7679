"""After the PII Redaction job, no personal datum of a redacted order is left anywhere: every
text, char and JSON column of every model and every uploaded file is searched for the customers'
names, e-mails, phones, streets and cities (and first found there before the run, so the search
can fail). Orders came from each source — by hand, the API with an Idempotency-Key, an
``SO_Import_Orders.csv`` file imported twice, and a signed Shopify webhook whose order shipped
through ShipBob (its webhook stored too) — and quantities, SKUs, prices, dates and statuses stay
as they were."""

from __future__ import annotations

import pytest
from django.utils import timezone

from openoms.activity.models import Event, FileImport
from openoms.automation.models import JobRun, RecurringJob, RunStatus
from openoms.automation.services.jobs import jobs_ensure
from openoms.automation.services.runs import job_run_now, run_execute
from openoms.orders.models import OrderStatus, SalesOrder, SalesOrderLine
from openoms.privacy.scrub import MARKER
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.privacy.builders import (
    Person,
    api_order,
    cancelled,
    csv_row,
    days_ago,
    file_import,
    manual_order,
    shipped_through_shipbob,
    shopify_order,
)
from tests.privacy.conftest import retention
from tests.privacy.search import database_hits, file_hits

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads")]

BY_HAND = Person(
    "Marguerite Okonkwo",
    "m.okonkwo@quill.example",
    "+1 416 555 0101",
    "77 Quillfeather Lane",
    "Thunderbay",
    "Okonkwo Bakery",
)
BY_API = Person(
    "Zoë Ångström", "zoe.angstrom@fjord.example", "+46 8 555 0102", "12 Fjordvägen", "Kirunaby"
)
BY_FILE = Person(
    "Tobias Wexlerman",
    "t.wexlerman@meadow.example",
    "+1 604 555 0103",
    "5 Meadowlark Crescent",
    "Quesnelford",
)
BY_STORE = Person(
    "Priyanka Durvasula",
    "priyanka.d@lotus.example",
    "+1 514 555 0104",
    "908 Lotuspond Road",
    "Saguenayville",
    "Lotus Textiles",
)
EVERYONE = [BY_HAND, BY_API, BY_FILE, BY_STORE]  # fmt: skip


def values() -> list[str]:
    return [value for person in EVERYONE for value in person.values]


def order_facts() -> list[tuple]:
    """What must not change: each order's number, date, status, total, currency, and lines."""
    orders = SalesOrder.objects.order_by("pk").values_list(
        "order_number", "order_date", "status", "total", "currency", "source", "channel_id"
    )
    lines = SalesOrderLine.objects.order_by("pk").values_list(
        "order__order_number", "line_number", "sku", "variant_id", "quantity", "price", "shipped"
    )
    return [*orders, *lines]


@pytest.fixture
def every_source(shop, client, api_key):
    """One closed order of each source, 60 days old, the account's and the store's retention
    30 days; → the orders."""
    retention(shop.account, 30, **{"Proof Shop": 30})
    old = days_ago(60)
    by_hand = cancelled(shop, manual_order(shop, "H-1", BY_HAND, old), BY_HAND)
    by_api = SalesOrder.objects.get(pk=api_order(client, api_key, "API-1", BY_API, old)["id"])
    by_api = cancelled(shop, by_api, BY_API)
    rows = [csv_row("F-1", BY_FILE, old), csv_row("F-1", BY_FILE, old, sku="MUG")]
    file_import(shop, *rows)
    again = file_import(shop, *rows)  # its rows are warned "already exists", excerpts kept
    assert again.warning_count == 2
    by_file = cancelled(shop, SalesOrder.objects.get(order_number="F-1"), BY_FILE)
    by_store = shopify_order(shop, 4001, BY_STORE, old)
    by_store = shipped_through_shipbob(shop, by_store, BY_STORE)
    return [by_hand, by_api, by_file, by_store]


def run_pii_redaction(account) -> JobRun:
    jobs_ensure(account)
    job = RecurringJob.objects.get(account=account, channel=None, job_type="pii_redaction")
    run = job_run_now(actor=Actor.system("test"), job=job)
    run_execute(run.pk)
    return JobRun.objects.get(pk=run.pk)


def test_no_personal_datum_of_a_redacted_order_is_left_anywhere(shop, every_source):
    # given: the orders are closed, and their data is in many places
    assert [o.status for o in every_source] == [OrderStatus.CANCELLED] * 3 + [OrderStatus.SHIPPED]
    before = {(model, column) for model, _, column, _ in database_hits(values())}
    assert {
        ("orders.SalesOrder", "customer_name"),
        ("orders.SalesOrder", "ship_to"),
        ("sync.WebhookDelivery", "body"),
        ("api.IdempotencyKey", "body"),
        ("activity.FileImportIssue", "row_excerpt"),
        ("activity.Event", "message"),
    } <= before
    assert {value for _, value in file_hits(values())} == set(BY_FILE.values)
    facts = order_facts()
    # when
    run = run_pii_redaction(shop.account)
    # then: nothing of theirs is left, in any column of any table or in any file
    assert database_hits(values()) == []
    assert file_hits(values()) == []
    # and what reports and stock need is unchanged
    assert order_facts() == facts
    redacted = SalesOrder.objects.get(order_number="H-1")
    assert (redacted.customer_name, redacted.email, redacted.phone) == (MARKER,) * 3
    assert redacted.ship_to == {key: MARKER for key in BY_HAND.address}
    assert redacted.bill_to == redacted.ship_to
    assert redacted.redacted_at is not None
    assert SalesOrder.objects.filter(redacted_at__isnull=True).count() == 0
    assert not FileImport.objects.exclude(stored_path="").exists()
    # and the run says how many it redacted, in its summary and in an Info event
    assert run.status == RunStatus.SUCCEEDED
    assert run.counts["redacted"] == 4
    assert run.summary.startswith("PII Redaction: 4 orders redacted (")
    assert Event.objects.filter(run_id=run.pk, level="info", message=run.summary).count() == 1


def test_a_second_run_redacts_nothing_more(shop, every_source):
    # given
    run_pii_redaction(shop.account)
    first = list(SalesOrder.objects.order_by("pk").values_list("pk", "redacted_at", "updated_at"))
    # when
    again = run_pii_redaction(shop.account)
    # then
    assert again.status == RunStatus.SUCCEEDED
    assert (again.counts["redacted"], again.counts["copies"], again.counts["files_deleted"]) == (
        0,
        0,
        0,
    )
    assert again.summary == "PII Redaction: 0 orders redacted."
    assert (
        list(SalesOrder.objects.order_by("pk").values_list("pk", "redacted_at", "updated_at"))
        == first
    )


def test_an_order_page_says_when_its_data_was_redacted_and_shows_none_of_it(
    shop, every_source, signed_in
):
    # given
    run_pii_redaction(shop.account)
    order = SalesOrder.objects.get(order_number="H-1")
    # when
    html = signed_in(Role.ACCOUNT_USER).get(f"/sales-orders/{order.pk}/").content.decode()
    # then
    stamp = timezone.localtime(order.redacted_at).strftime("%Y-%m-%d %H:%M")
    assert f"Personal data redacted on {stamp}" in html
    assert "This is irreversible." in html
    assert not [value for value in BY_HAND.values if value in html]
    assert MARKER in html
