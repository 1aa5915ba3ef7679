"""The one permission table: who may do what. Every check in the UI and the API reads it.

Actors are the five roles plus ``api_key`` (an account's API key, acting for that account only)
and ``system`` (the command line, trusted with everything). Tenancy is separate from this table:
an actor never sees another organization's rows, nor an account-level actor another account's.
"""

from enum import StrEnum

from openoms.tenancy.roles import Role

API_KEY = "api_key"
SYSTEM = "system"

OWNER = Role.ORGANIZATION_OWNER.value
ORG_ADMIN = Role.ORGANIZATION_ADMINISTRATOR.value
SUPERVISOR = Role.SUPERVISOR.value
ACCOUNT_ADMIN = Role.ACCOUNT_ADMINISTRATOR.value
ACCOUNT_USER = Role.ACCOUNT_USER.value


class Perm(StrEnum):
    ACCOUNT_VIEW = "account.view"
    ACCOUNT_EDIT = "account.edit"
    ACCOUNT_LICENSE_EDIT = "account.license.edit"
    ACCOUNT_HISTORY_VIEW = "account.history.view"
    ACCOUNT_CREATE = "account.create"
    ACCOUNT_WAREHOUSES_VIEW = "account.warehouses.view"
    ACCOUNT_USERS_VIEW = "account.users.view"
    ACCOUNT_USERS_MANAGE = "account.users.manage"
    API_KEYS_MANAGE = "account.api_keys.manage"
    ORGANIZATION_VIEW = "organization.view"
    ORGANIZATION_EDIT = "organization.edit"
    ORGANIZATION_USERS_MANAGE = "organization.users.manage"
    ORGANIZATION_OWNERS_MANAGE = "organization.owners.manage"
    ACCOUNT_WAREHOUSES_EDIT = "account.warehouses.edit"
    WAREHOUSES_MANAGE = "organization.warehouses.manage"
    CATALOG_VIEW = "catalog.view"
    CATALOG_EDIT = "catalog.edit"
    INVENTORY_VIEW = "inventory.view"
    INVENTORY_ADJUST = "inventory.adjust"
    CHANNELS_VIEW = "channels.view"
    CHANNELS_MANAGE = "channels.manage"
    SKU_MAPPINGS_MANAGE = "channels.sku_mappings.manage"
    AUTOMATION_VIEW = "automation.view"
    AUTOMATION_MANAGE = "automation.manage"
    AUTOMATION_RUN = "automation.run"
    ORDERS_VIEW = "orders.view"
    ORDERS_MANAGE = "orders.manage"
    PURCHASES_VIEW = "purchases.view"
    PURCHASES_MANAGE = "purchases.manage"


PERMISSIONS: dict[Perm, frozenset[str]] = {
    Perm.ACCOUNT_VIEW: frozenset({OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, API_KEY}),
    Perm.ACCOUNT_EDIT: frozenset({OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, API_KEY}),
    Perm.ACCOUNT_LICENSE_EDIT: frozenset({OWNER}),
    Perm.ACCOUNT_HISTORY_VIEW: frozenset({OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, API_KEY}),
    Perm.ACCOUNT_CREATE: frozenset({OWNER, ORG_ADMIN}),
    Perm.ACCOUNT_WAREHOUSES_VIEW: frozenset({OWNER, ORG_ADMIN, SUPERVISOR}),
    Perm.ACCOUNT_USERS_VIEW: frozenset({OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN}),
    Perm.ACCOUNT_USERS_MANAGE: frozenset({OWNER, ORG_ADMIN, ACCOUNT_ADMIN}),
    Perm.API_KEYS_MANAGE: frozenset({OWNER, ORG_ADMIN, ACCOUNT_ADMIN}),
    Perm.ORGANIZATION_VIEW: frozenset({OWNER, ORG_ADMIN, SUPERVISOR}),
    Perm.ORGANIZATION_EDIT: frozenset({OWNER, ORG_ADMIN}),
    Perm.ORGANIZATION_USERS_MANAGE: frozenset({OWNER, ORG_ADMIN}),
    Perm.ORGANIZATION_OWNERS_MANAGE: frozenset({OWNER}),
    Perm.ACCOUNT_WAREHOUSES_EDIT: frozenset({OWNER, ORG_ADMIN, SUPERVISOR}),
    Perm.WAREHOUSES_MANAGE: frozenset({OWNER, ORG_ADMIN}),
    Perm.CATALOG_VIEW: frozenset(
        {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER, API_KEY}
    ),
    Perm.CATALOG_EDIT: frozenset(
        {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER, API_KEY}
    ),
    Perm.INVENTORY_VIEW: frozenset(
        {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER, API_KEY}
    ),
    Perm.INVENTORY_ADJUST: frozenset(
        {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER, API_KEY}
    ),
    Perm.CHANNELS_VIEW: frozenset(
        {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER, API_KEY}
    ),
    Perm.CHANNELS_MANAGE: frozenset({OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, API_KEY}),
    Perm.SKU_MAPPINGS_MANAGE: frozenset(
        {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER, API_KEY}
    ),
    Perm.AUTOMATION_VIEW: frozenset(
        {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER, API_KEY}
    ),
    Perm.AUTOMATION_MANAGE: frozenset({OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, API_KEY}),
    Perm.AUTOMATION_RUN: frozenset(
        {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER, API_KEY}
    ),
    Perm.ORDERS_VIEW: frozenset(
        {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER, API_KEY}
    ),
    Perm.ORDERS_MANAGE: frozenset(
        {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER, API_KEY}
    ),
    Perm.PURCHASES_VIEW: frozenset(
        {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER, API_KEY}
    ),
    Perm.PURCHASES_MANAGE: frozenset(
        {OWNER, ORG_ADMIN, SUPERVISOR, ACCOUNT_ADMIN, ACCOUNT_USER, API_KEY}
    ),
}

PERMISSION_DESCRIPTIONS: dict[Perm, str] = {
    Perm.ACCOUNT_VIEW: "Open an account's settings",
    Perm.ACCOUNT_EDIT: "Change an account's settings",
    Perm.ACCOUNT_LICENSE_EDIT: "Change an account's License Type",
    Perm.ACCOUNT_HISTORY_VIEW: "Read an account's change history",
    Perm.ACCOUNT_CREATE: "Create accounts in the organization",
    Perm.ACCOUNT_WAREHOUSES_VIEW: "See an account's Warehouses tab",
    Perm.ACCOUNT_USERS_VIEW: "See an account's users",
    Perm.ACCOUNT_USERS_MANAGE: "Create account users and change their roles",
    Perm.API_KEYS_MANAGE: "Create and revoke an account's API keys",
    Perm.ORGANIZATION_VIEW: "Open the organization (System Configuration)",
    Perm.ORGANIZATION_EDIT: "Rename the organization",
    Perm.ORGANIZATION_USERS_MANAGE: "Create organization users and change their roles",
    Perm.ORGANIZATION_OWNERS_MANAGE: "Grant or remove the Organization Owner role",
    Perm.ACCOUNT_WAREHOUSES_EDIT: "Enable or disable warehouses for an account",
    Perm.WAREHOUSES_MANAGE: "Create and edit the organization's warehouses",
    Perm.CATALOG_VIEW: "See products and variants",
    Perm.CATALOG_EDIT: "Create, edit, archive and import products",
    Perm.INVENTORY_VIEW: "See inventory levels and movements",
    Perm.INVENTORY_ADJUST: "Adjust and import inventory levels",
    Perm.CHANNELS_VIEW: "See sales and fulfillment channels",
    Perm.CHANNELS_MANAGE: "Create channels and change their settings and credentials",
    Perm.SKU_MAPPINGS_MANAGE: "Create, edit, delete and import SKU and warehouse mappings",
    Perm.AUTOMATION_VIEW: "See recurring jobs, their runs and the Events log",
    Perm.AUTOMATION_MANAGE: "Change recurring jobs' periods and pause or resume them",
    Perm.AUTOMATION_RUN: "Run a recurring job now",
    Perm.ORDERS_VIEW: "See sales orders and their shipments",
    Perm.ORDERS_MANAGE: "Create, approve, allocate, cancel and import sales orders and shipments",
    Perm.PURCHASES_VIEW: "See purchase orders and their receipts",
    Perm.PURCHASES_MANAGE: "Create, approve, send, cancel and import purchase orders",
}


def actor_can(actor_role: str, perm: Perm) -> bool:
    """True when ``actor_role`` (a role value, ``api_key`` or ``system``) may do ``perm``."""
    return actor_role == SYSTEM or actor_role in PERMISSIONS[perm]
