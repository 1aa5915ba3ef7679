"""The demo's retention: Northwind Home keeps 30 days of personal data for its API, manual and
imported orders, and its first PII Redaction run redacts the order entered by hand four months
ago (and nothing else); Northwind Apparel's run redacts nothing."""

from __future__ import annotations

import pytest

from openoms.demo.manual_orders import OLD, OLD_CUSTOMER
from openoms.demo.seed import seed_demo
from openoms.orders.models import SalesOrder
from openoms.privacy.scrub import MARKER
from openoms.tenancy.models import Account
from tests.privacy.test_nothing_left import run_pii_redaction

pytestmark = pytest.mark.django_db


def test_the_demo_s_first_redaction_run_redacts_its_old_order(settings, tmp_path):
    # given
    settings.DATA_DIR = tmp_path
    seed_demo()
    home = Account.objects.get(code="NORTHWIND-HOME")
    apparel = Account.objects.get(code="NORTHWIND-APPAREL")
    old = SalesOrder.objects.get(account=home, order_number=OLD)
    assert (old.customer_name, old.ship_to["city"]) == (OLD_CUSTOMER["name"], "Victoria")
    # when
    home_run = run_pii_redaction(home)
    apparel_run = run_pii_redaction(apparel)
    # then
    assert (home_run.counts["redacted"], apparel_run.counts["redacted"]) == (1, 0)
    old.refresh_from_db()
    assert (old.customer_name, old.email, old.ship_to["city"]) == (MARKER, MARKER, MARKER)
    redacted = SalesOrder.objects.filter(redacted_at__isnull=False)
    assert list(redacted.values_list("order_number", flat=True)) == [OLD]
