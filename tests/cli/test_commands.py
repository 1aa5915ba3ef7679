"""The ``openoms`` management commands, run in-process against the test database."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from openoms.automation.models import JobRun, RecurringJob
from openoms.catalog.models import ProductVariant
from openoms.channels.carrier_models import CarrierMapping, CarrierService
from openoms.channels.models import Channel, SkuMapping
from openoms.demo.seed import DEMO_PASSWORD
from openoms.inventory.models import AccountWarehouse, InventoryLevel, InventoryMovement, Warehouse
from openoms.orders.models import SalesOrder, Shipment
from openoms.purchasing.models import PurchaseOrder
from openoms.tenancy.models import Account, ApiKey, Organization, User
from openoms.tenancy.services.api_keys import api_key_authenticate


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_apikey_create_prints_only_the_key(tenant):
    # when
    output = run("apikey", "create", "--account", tenant.account.code, "--name", "ERP")
    # then
    raw = output.strip()
    assert output == raw + "\n"
    key = api_key_authenticate(raw)
    assert (key.account, key.name) == (tenant.account, "ERP")


def test_apikey_list_and_revoke(tenant):
    # given
    raw = run("apikey", "create", "--account", tenant.account.code).strip()
    prefix = ApiKey.objects.get().prefix
    # when
    listing = run("apikey", "list", "--account", tenant.account.code)
    revoked = run("apikey", "revoke", "--prefix", prefix)
    # then
    assert prefix in listing and raw not in listing
    assert revoked == f"Revoked {prefix}.\n"
    assert api_key_authenticate(raw) is None


def test_apikey_create_for_an_unknown_account_fails_clearly(db):
    # when / then
    with pytest.raises(CommandError, match="No account with code 'NOPE'"):
        run("apikey", "create", "--account", "NOPE")


def test_user_create_at_both_levels(tenant):
    # when
    org_out = run(
        "user",
        "create",
        "--email",
        "ops@example.com",
        "--role",
        "supervisor",
        "--organization",
        tenant.organization.code,
    )
    acc_out = run(
        "user",
        "create",
        "--email",
        "clerk@example.com",
        "--role",
        "Account User",
        "--account",
        tenant.account.code,
    )
    # then
    clerk = User.objects.get(email="clerk@example.com")
    assert (clerk.role, clerk.account) == ("account_user", tenant.account)
    password = acc_out.rsplit("Password: ", 1)[1].strip()
    assert clerk.check_password(password)
    assert User.objects.get(email="ops@example.com").account is None
    assert org_out.startswith("Created ops@example.com (Supervisor).")


def test_user_create_with_a_wrong_role_level_changes_nothing(tenant):
    # when / then
    with pytest.raises(CommandError, match="role: Users of an account can have these roles"):
        run(
            "user",
            "create",
            "--email",
            "x@example.com",
            "--role",
            "supervisor",
            "--account",
            tenant.account.code,
        )
    assert not User.objects.filter(email="x@example.com").exists()


def test_user_set_password(tenant):
    # given
    user = tenant.user("supervisor")
    # when
    output = run("user", "set_password", "--email", user.email)
    # then
    user.refresh_from_db()
    assert user.check_password(output.rsplit(": ", 1)[1].strip())


def test_organization_create_prints_the_code(db):
    # when
    output = run("organization", "create", "--name", "Umbrella Corp")
    # then
    assert output == "UMBRELLA-CORP\n"
    assert Organization.objects.get(code="UMBRELLA-CORP").name == "Umbrella Corp"


def test_seed_demo_is_idempotent_and_prints_working_credentials(db):
    # when run twice
    first = run("seed_demo")
    second = run("seed_demo")
    # then the same rows exist once, with one active demo key per account
    assert Organization.objects.count() == 1
    assert Account.objects.count() == 2
    assert User.objects.count() == 5
    assert ApiKey.objects.filter(revoked_at__isnull=True).count() == 2
    assert ApiKey.objects.count() == 4
    owner = User.objects.get(email="owner@northwind.example")
    assert owner.check_password(DEMO_PASSWORD)
    assert "owner@northwind.example" in first and "owner@northwind.example" in second
    key_line = next(
        line for line in second.splitlines() if line.strip().startswith("NORTHWIND-APPAREL")
    )
    assert api_key_authenticate(key_line.split()[-1]).account.code == "NORTHWIND-APPAREL"
    apparel = Account.objects.get(code="NORTHWIND-APPAREL")
    assert (apparel.timezone, apparel.pii_retention_days) == ("America/Toronto", 90)
    seeded_catalog_and_stock(apparel)
    seeded_channels(apparel)
    seeded_carriers()
    seeded_sales_orders(apparel)
    seeded_purchase_orders()
    seeded_jobs()


def seeded_catalog_and_stock(apparel: Account) -> None:
    # the catalog and stock, seeded once
    assert sorted(Warehouse.objects.values_list("code", flat=True)) == [
        "CHI-1",
        "EAST",
        "MTL-1",
        "TOR-1",
        "VAN-1",
    ]
    assert ProductVariant.objects.filter(account=apparel).count() == 16
    assert ProductVariant.objects.count() == 24
    stocked = InventoryLevel.objects.exclude(total=0)
    assert stocked.count() > 30
    assert InventoryMovement.objects.filter(trigger="adjust_inventory_manually").count() > 30
    assert InventoryMovement.objects.filter(trigger="fc_recurring_job").count() > 0
    assert (
        InventoryMovement.objects.aggregate(s=Sum("change"))["s"]
        == stocked.aggregate(s=Sum("total"))["s"]
    )
    assert AccountWarehouse.objects.get(account=apparel, is_default=True).warehouse.code == "CHI-1"


def seeded_channels(apparel: Account) -> None:
    # the channels with their mappings
    assert sorted(Channel.objects.filter(account=apparel).values_list("name", "is_enabled")) == [
        ("Legacy Wholesale Portal", False),
        ("Northwind 3PL (sandbox)", True),
        ("Northwind Online Store", True),
        ("Northwind ShipBob", True),
        ("Northwind on Shopify", True),
    ]
    assert SkuMapping.objects.filter(channel__name="Northwind Online Store").count() == 6
    online = Channel.objects.get(name="Northwind Online Store")
    assert online.inventory_sync_mode == "real_time"
    assert sorted(online.warehouse_mappings.values_list("warehouse__code", flat=True)) == [
        "CHI-1",
        "EAST",
        "TOR-1",
    ]


def seeded_carriers() -> None:
    # the carriers of each account, the Shopify store's mappings of its shipping lines
    for account in Account.objects.all():
        assert sorted(
            CarrierService.objects.filter(carrier__account=account).values_list(
                "carrier__code", "code"
            )
        ) == [
            ("FedEx", "2DAY"),
            ("FedEx", "Ground"),
            ("UPS", "2DA"),
            ("UPS", "GND"),
            ("UPS", "NDA"),
            ("USPS", "Priority"),
        ]
    assert sorted(
        CarrierMapping.objects.values_list(
            "channel__name",
            "carrier_channel_code",
            "service_channel_code",
            "carrier__code",
            "service__code",
        )
    ) == [
        ("Northwind on Shopify", "Express", "*", "UPS", "2DA"),
        ("Northwind on Shopify", "Standard Shipping", "*", "UPS", "GND"),
    ]


def seeded_sales_orders(apparel: Account) -> None:
    # the sandbox account's orders, once: a Draft, a backordered Approved, a Cancelled, and
    # one past the account's 30 days of PII retention (its first PII Redaction run redacts it)
    home = Account.objects.get(code="NORTHWIND-HOME")
    assert home.pii_retention_days == 30
    orders = SalesOrder.objects.filter(account=home).order_by("order_number")
    assert [(o.order_number, o.status, o.source) for o in orders] == [
        ("H-0950", "cancelled", "manual"),
        ("H-1001", "draft", "manual"),
        ("H-1002", "approved", "api"),
        ("H-1003", "cancelled", "api"),
    ]
    backordered = orders.get(order_number="H-1002")
    assert backordered.backordered_since is not None
    assert backordered.last_error.startswith("Not Enough Stock at VAN-1 for order H-1002: ")
    assert not Shipment.objects.exists()
    assert not SalesOrder.objects.filter(account=apparel).exists()  # needs the emulators


def seeded_purchase_orders() -> None:
    # the purchase orders that need no emulator, once: Apparel's Draft for CHI-1, Home's
    # Draft and Cancelled (the ShipBob-received ones: tests/demo/test_live_purchases.py)
    assert sorted(
        PurchaseOrder.objects.values_list(
            "account__code", "order_number", "status", "warehouse__code"
        )
    ) == [
        ("NORTHWIND-APPAREL", "NW-PO-1001", "draft", "CHI-1"),
        ("NORTHWIND-HOME", "NH-PO-2001", "draft", "VAN-1"),
        ("NORTHWIND-HOME", "NH-PO-2002", "cancelled", "TOR-1"),
    ]
    assert not InventoryLevel.objects.exclude(incoming=0).exists()  # nothing approved remains


def seeded_jobs() -> None:
    # the recurring jobs, scheduled once, with a first run each that did its work
    scheduled = RecurringJob.objects.exclude(period="none").exclude(
        job_type="authorization_refresh"
    )
    # 4 of them the live channels' order jobs, 2 the accounts' PII Redaction (daily)
    assert scheduled.count() == 16
    assert sorted(JobRun.objects.values_list("job_type", "status")) == sorted(
        [("authorization_refresh", "succeeded")]
        + [("export_inventory", "succeeded")] * 2
        + [("export_products", "succeeded")] * 2
        + [("import_inventory", "succeeded")] * 2
        + [("import_inventory", "queued"), ("export_inventory", "queued")]  # the live channels'
        # the sandbox 3PLs' imports changed levels: the pushes of the beta store (Synchronize
        # With FC) and of the stable store (the account's real-time updates) are queued
        + [("push_inventory_updates", "queued")] * 2
    )


def test_scheduler_once_creates_the_job_rows_and_enqueues_what_is_due(tenant):
    # given an account whose job rows do not exist yet
    assert not RecurringJob.objects.exists()
    # when
    output = run("scheduler", "--once")
    # then: both accounts' Authorization Refresh (every 12 hours) and PII Redaction (daily) are
    # due at once
    assert output == "Enqueued 4 due job(s); recovered 0 stopped run(s).\n"
    assert RecurringJob.objects.filter(account=tenant.account).count() == 13
    assert (
        sorted(JobRun.objects.values_list("job_type", "status"))
        == [("authorization_refresh", "queued")] * 2 + [("pii_redaction", "queued")] * 2
    )


def test_serve_refuses_without_a_secret_key(settings):
    # given a key from the data folder, outside the demo
    settings.SECRET_KEY_SOURCE = "data-folder"
    # when / then
    with pytest.raises(CommandError, match="Set OPENOMS_SECRET_KEY"):
        run("serve")
