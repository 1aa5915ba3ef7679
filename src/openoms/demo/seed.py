"""Demo data: one organization, two accounts, one user per role, an API key per account, and
(catalog.py) warehouses, products and opening stock, (carriers.py) carriers, (manual_orders.py)
the sandbox account's typed-in and API orders, (purchase_orders.py) purchase orders in Draft and
Cancelled. The live Shopify orders need the emulators:
``live_orders.seed_live_orders``, which ``openoms demo`` runs after this.

Idempotent: running it again finds what exists, resets the demo passwords to the printed ones and
replaces the demo API keys (a key can only be printed when it is created).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from openoms.automation.services.setup import account_add
from openoms.channels.models import Channel
from openoms.core.codes import code_from_name
from openoms.demo.carriers import seed_carrier_mappings, seed_carriers
from openoms.demo.catalog import seed_catalog
from openoms.demo.channels import seed_channels
from openoms.demo.jobs import seed_jobs
from openoms.demo.live_channels import LIVE_ACCOUNT, LiveTargets, seed_live_channels
from openoms.demo.manual_orders import SANDBOX_ACCOUNT, seed_manual_orders
from openoms.demo.purchase_orders import seed_purchase_orders
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, ApiKey, Organization, User
from openoms.tenancy.roles import Role
from openoms.tenancy.services.accounts import (
    account_update_settings,
    organization_create,
)
from openoms.tenancy.services.api_keys import api_key_create, api_key_revoke
from openoms.tenancy.services.users import user_create, user_set_password

DEMO_PASSWORD = "openoms-demo"
DEMO_KEY_NAME = "Demo key"
ORGANIZATION_NAME = "Northwind Trading"

ACCOUNTS: dict[str, dict[str, object]] = {
    "Northwind Apparel": {
        "timezone": "America/Toronto",
        "size_unit": "cm",
        "weight_unit": "kg",
        "volume_unit": "cm3",
        "enable_automatic_sales_order_workflow": True,
        "pii_retention_days": 90,
    },
    "Northwind Home": {
        "timezone": "Europe/London",
        "size_unit": "in",
        "weight_unit": "lb",
        "volume_unit": "ft3",
        "license_type": "basic",
        "enable_inventory_real_time_updates": False,
        "pii_retention_days": 30,  # its first PII Redaction run redacts order H-0950
    },
}

# (e-mail, role, account name or None for organization users)
USERS: list[tuple[str, Role, str | None]] = [
    ("owner@northwind.example", Role.ORGANIZATION_OWNER, None),
    ("admin@northwind.example", Role.ORGANIZATION_ADMINISTRATOR, None),
    ("supervisor@northwind.example", Role.SUPERVISOR, None),
    ("apparel.admin@northwind.example", Role.ACCOUNT_ADMINISTRATOR, "Northwind Apparel"),
    ("apparel.user@northwind.example", Role.ACCOUNT_USER, "Northwind Apparel"),
]


@dataclass
class DemoSummary:
    organization: Organization
    accounts: list[Account]
    users: list[User]
    api_keys: dict[str, str]
    live_channels: list[Channel]


def _organization(actor: Actor) -> Organization:
    existing = Organization.objects.filter(code=code_from_name(ORGANIZATION_NAME)).first()
    return existing or organization_create(actor=actor, name=ORGANIZATION_NAME)


def _account(actor: Actor, organization: Organization, name: str) -> Account:
    existing = Account.objects.filter(code=code_from_name(name)).first()
    if existing is not None:
        return existing
    account = account_add(actor=actor, organization=organization, name=name)
    account_update_settings(actor=actor, account=account, values=ACCOUNTS[name])
    account.refresh_from_db()
    return account


def _user(actor: Actor, organization: Organization, accounts: dict, spec: tuple) -> User:
    email, role, account_name = spec
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(
            actor=actor,
            organization=organization,
            account=accounts.get(account_name),
            email=email,
            role=role,
        )
    user_set_password(actor=actor, user=user, password=DEMO_PASSWORD)
    return user


def _fresh_api_key(actor: Actor, account: Account) -> str:
    for old in ApiKey.objects.filter(account=account, name=DEMO_KEY_NAME, revoked_at__isnull=True):
        api_key_revoke(actor=actor, api_key=old)
    _, raw = api_key_create(actor=actor, account=account, name=DEMO_KEY_NAME)
    return raw


@transaction.atomic
def seed_demo(live: LiveTargets | None = None) -> DemoSummary:
    """Create or refresh the demo data. ``live``: the emulators the Shopify and ShipBob channels
    point at (``openoms demo`` passes the ones it started; see ``live_channels``)."""
    actor = Actor.system("openoms seed-demo")
    organization = _organization(actor)
    accounts = {name: _account(actor, organization, name) for name in ACCOUNTS}
    users = [_user(actor, organization, accounts, spec) for spec in USERS]
    seed_catalog(actor, organization, list(accounts.values()))
    seed_channels(actor, list(accounts.values()))
    seed_jobs(actor, list(accounts.values()))
    by_code = {account.code: account for account in accounts.values()}
    live_channels = seed_live_channels(actor, by_code[LIVE_ACCOUNT], live)
    seed_carriers(actor, list(accounts.values()))
    seed_carrier_mappings(actor, live_channels[0])
    seed_manual_orders(actor, by_code[SANDBOX_ACCOUNT])
    seed_purchase_orders(actor, by_code)
    keys = {account.code: _fresh_api_key(actor, account) for account in accounts.values()}
    return DemoSummary(organization, list(accounts.values()), users, keys, live_channels)
