"""A sales channel's "PII retention days", on its page and through the API: shown with what it
does (precedence, irreversibility), 1 to 36,500 or empty, refused with the field named and
nothing changed otherwise, not on a fulfillment channel, and another account's channel is
neither read nor changed. The account's setting, the Recurring Jobs tab and an order's API
answer say the same."""

from __future__ import annotations

import pytest

from openoms.automation.services.jobs import jobs_ensure
from openoms.channels.models import Channel
from openoms.orders.models import SalesOrder
from openoms.privacy.services.redaction import pii_redact_account
from openoms.tenancy.roles import Role
from tests.api.helpers import api_get, api_send
from tests.privacy.builders import Person, cancelled, days_ago, manual_order
from tests.privacy.conftest import retention
from tests.web.catalog_data import text
from tests.web.channel_data import channel_url

pytestmark = pytest.mark.django_db

IRREVERSIBLE = "Redaction is irreversible."


def sales(account, name: str = "Acme Shopify") -> Channel:
    credentials = {"shop_domain": "acme.myshopify.com", "access_token": "shpat_x"}
    return Channel.objects.create(
        account=account, type="sales", kind="shopify", name=name, credentials=credentials
    )


def days(channel: Channel) -> int | None:
    return Channel.objects.get(pk=channel.pk).pii_retention_days


def patch(client, channel: Channel, body, key: str):
    return api_send(client, "patch", f"/channels/{channel.pk}", body, key)


def test_the_api_sets_reads_and_clears_a_sales_channel_s_retention(client, tenant, api_key):
    # given
    store = sales(tenant.account)
    # when
    set_response = patch(client, store, {"pii_retention_days": 30}, api_key)
    read = api_get(client, f"/channels/{store.pk}", api_key)
    cleared = patch(client, store, {"pii_retention_days": None}, api_key)
    # then
    assert set_response.status_code == 200
    assert set_response.json()["pii_retention_days"] == 30
    assert read.json()["pii_retention_days"] == 30
    assert cleared.json()["pii_retention_days"] is None
    assert days(store) is None


@pytest.mark.parametrize("value", [0, -1, 36_501, "30", 1.5, True])
def test_a_retention_outside_1_to_36500_whole_days_is_a_422_and_changes_nothing(
    client, tenant, api_key, value
):
    # given
    store = sales(tenant.account)
    Channel.objects.filter(pk=store.pk).update(pii_retention_days=90)
    # when
    response = patch(client, store, {"pii_retention_days": value, "name": "Renamed"}, api_key)
    # then
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["pii_retention_days"]
    assert (days(store), Channel.objects.get(pk=store.pk).name) == (90, "Acme Shopify")


def test_a_fulfillment_channel_has_no_retention_of_its_own(client, tenant, api_key):
    # given
    tpl = Channel.objects.create(
        account=tenant.account, type="fulfillment", kind="shipbob", name="Acme ShipBob"
    )
    # when
    response = patch(client, tpl, {"pii_retention_days": 30}, api_key)
    # then
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {
            "field": "pii_retention_days",
            "message": "Only sales channels have a PII retention: the orders a fulfillment "
            "channel ships follow their own sales channel's.",
        }
    ]
    assert days(tpl) is None


def test_another_account_s_channel_is_404_and_unchanged_through_the_api(
    client, other_tenant, api_key
):
    # given
    theirs = sales(other_tenant.account, "Globex Shop")
    # when
    read = api_get(client, f"/channels/{theirs.pk}", api_key)
    response = patch(client, theirs, {"pii_retention_days": 1}, api_key)
    # then
    assert (read.status_code, response.status_code) == (404, 404)
    assert days(theirs) is None


def test_the_channel_page_explains_the_setting_and_saves_it(signed_in, tenant):
    # given
    admin = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    store = sales(tenant.account)
    # when
    page = text(admin.get(channel_url(store)))
    saved = admin.post(channel_url(store), _settings(store, pii_retention_days="45"))
    # then
    assert "PII retention days" in page
    assert IRREVERSIBLE in page
    assert "Wins over the account's PII retention for this channel's orders" in page
    assert saved.status_code == 302
    assert days(store) == 45


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Enter 1 to 36500 days, or leave it empty."),
        ("36501", "Enter 1 to 36500 days, or leave it empty."),
        ("ten", "Enter a whole number of days, or leave it empty."),
    ],
)
def test_a_bad_retention_on_the_page_says_why_and_changes_nothing(
    signed_in, tenant, value, message
):
    # given
    admin = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    store = sales(tenant.account)
    # when
    response = admin.post(channel_url(store), _settings(store, pii_retention_days=value))
    # then
    assert response.status_code == 200
    assert message in text(response)
    assert days(store) is None


def test_another_account_s_channel_page_is_404_and_unchanged(signed_in, other_tenant):
    # given
    admin = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    theirs = sales(other_tenant.account, "Globex Shop")
    # when
    read = admin.get(channel_url(theirs))
    response = admin.post(channel_url(theirs), _settings(theirs, pii_retention_days="1"))
    # then
    assert (read.status_code, response.status_code) == (404, 404)
    assert days(theirs) is None


def test_the_account_s_privacy_tab_and_recurring_jobs_say_redaction_is_irreversible(
    signed_in, tenant
):
    # given
    admin = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    jobs_ensure(tenant.account)
    # when
    privacy = text(admin.get("/settings/account/"))
    jobs = text(admin.get("/settings/account/recurring-jobs/"))
    # then
    assert "PII retention days for non-sales channels (API, manual, and imported orders)" in (
        privacy
    )
    assert IRREVERSIBLE in privacy
    assert "A sales channel's orders follow only that channel's own PII retention setting." in (
        privacy
    )
    assert jobs.count("irreversible") == 2  # the tab's introduction and the job's help


def test_an_order_s_api_answer_says_when_it_was_redacted(shop, client, api_key):
    # given
    customer = Person("Nadia Ferreira-Lind", "nadia@lind.example", "+1 709 555 0141",
                      "8 Capelin Cove", "Twillingate")  # fmt: skip
    retention(shop.account, 30)
    order = cancelled(shop, manual_order(shop, "R-1", customer, days_ago(40)), customer)
    kept = manual_order(shop, "R-2", customer, days_ago(1))
    pii_redact_account(account=shop.account)
    # when
    redacted = api_get(client, f"/sales-orders/{order.pk}", api_key).json()
    fresh = api_get(client, f"/sales-orders/{kept.pk}", api_key).json()
    # then
    stamp = SalesOrder.objects.get(pk=order.pk).redacted_at
    assert redacted["redacted_at"] == stamp.isoformat().replace("+00:00", "Z")
    assert (redacted["customer_name"], redacted["email"], redacted["ship_to"]["city"]) == (
        "[redacted]",
        "[redacted]",
        "[redacted]",
    )
    assert (fresh["redacted_at"], fresh["customer_name"]) == (None, customer.name)


def _settings(channel: Channel, **changes) -> dict[str, str]:
    data = {
        "name": channel.name,
        "is_enabled": "yes",
        "is_beta": "beta",
        "shopify-shop_domain": "acme.myshopify.com",
        "shopify-access_token": "",
    }
    return data | changes
