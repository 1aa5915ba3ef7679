"""Redaction stays in its account: another account's orders with the very same customer (and
their events, webhook bodies and stored API responses) are untouched by our account's run, even
when that account's own retention would redact them at its own run."""

from __future__ import annotations

import pytest
from django.apps import apps

from openoms.activity.models import Event
from openoms.api.models import IdempotencyKey
from openoms.orders.models import SalesOrder
from openoms.sync.models import WebhookDelivery
from openoms.tenancy.models import Account
from tests.privacy.builders import (
    Person,
    api_order,
    cancelled,
    days_ago,
    make_shop,
    manual_order,
    shopify_order,
)
from tests.privacy.conftest import retention
from tests.privacy.search import database_hits
from tests.privacy.test_nothing_left import run_pii_redaction

pytestmark = pytest.mark.django_db

SAME = Person("Ingrid Vasquez-Holm", "ingrid@holm.example", "+1 902 555 0121",
              "14 Lighthouse Row", "Lunenburgton")  # fmt: skip


def rows_of(account: Account) -> list:
    """Everything the other account holds of its customer, as stored."""
    return [
        list(SalesOrder.objects.filter(account=account).order_by("pk").values()),
        list(Event.objects.filter(account=account).order_by("pk").values()),
        list(WebhookDelivery.objects.filter(account=account).order_by("pk").values()),
        list(IdempotencyKey.objects.filter(account=account).order_by("pk").values()),
    ]


def test_another_account_s_orders_and_copies_are_untouched(
    shop, other_tenant, client, api_key, other_api_key
):
    # given: both accounts have old closed orders of the same customer, from each source,
    # and both keep 30 days
    other = make_shop(other_tenant)
    for each, key in ((shop, api_key), (other, other_api_key)):
        retention(each.account, 30, **{"Proof Shop": 30})
        cancelled(each, manual_order(each, "H-9", SAME, days_ago(90)), SAME)
        by_api = api_order(client, key, "API-9", SAME, days_ago(90))
        cancelled(each, SalesOrder.objects.get(pk=by_api["id"]), SAME)
        cancelled(each, shopify_order(each, 9009, SAME, days_ago(90)), SAME)
    before = rows_of(other.account)
    # when our account's PII Redaction runs
    run = run_pii_redaction(shop.account)
    # then: ours are redacted, theirs are exactly as they were
    assert run.counts["redacted"] == 3
    assert rows_of(other.account) == before
    hits = database_hits(SAME.values)
    assert {model for model, _, _, _ in hits} >= {"orders.SalesOrder", "sync.WebhookDelivery"}
    assert {account_of(model, pk) for model, pk, _, _ in hits} == {other.account.pk}
    assert not SalesOrder.objects.filter(account=shop.account, redacted_at__isnull=True).exists()


def account_of(label: str, pk) -> int | None:
    return apps.get_model(label).objects.filter(pk=pk).values_list("account_id", flat=True).get()
