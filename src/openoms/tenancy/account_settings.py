"""Every editable account setting, declared once: label, tab, help text, type and API name.

The settings service validates with it, the web page renders it, and the API builds its
request/response shape from it, so the three can never disagree.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from openoms.core import units
from openoms.tenancy.models.account import LicenseType, MasterProductSource, ValidationLevel
from openoms.tenancy.permissions import Perm

if TYPE_CHECKING:
    from openoms.tenancy.models import Account

TAB_MAIN = "main"
TAB_WORKFLOW = "workflow"
TAB_PRIVACY = "privacy"
TAB_API_VALIDATION = "api_validation"

TABS: list[tuple[str, str]] = [
    (TAB_MAIN, "Main"),
    (TAB_WORKFLOW, "Workflow Settings"),
    (TAB_PRIVACY, "Privacy"),
    (TAB_API_VALIDATION, "API Validation Rules"),
]

TEXT, CHOICE, BOOL, OPTIONAL_DAYS = "text", "choice", "bool", "optional_days"
# A choice among the account's own rows (e.g. its enabled warehouses), registered by a higher app.
REFERENCE = "reference"
# Registered by the channels app; OpenOMS as Master Product Source means no master channel.
MASTER_PRODUCT_CHANNEL = "master_product_channel"


@cache
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [(name, name.replace("_", " ")) for name in names]


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    tab: str
    help: str
    kind: str
    api_path: tuple[str, ...]
    choices: Callable[[], list[tuple[str, str]]] | None = None
    permission: Perm = Perm.ACCOUNT_EDIT
    group: str = ""
    # For REFERENCE settings, stored outside the Account row by the app that registers them:
    account_choices: Callable[[Account], list[tuple[str, str]]] | None = None
    read: Callable[[Account], object] | None = None
    write: Callable[[Account, object], None] | None = None

    def options(self, account: Account | None = None) -> list[tuple[str, str]]:
        """(value, label) pairs offered for this setting (for REFERENCE: the account's own)."""
        if self.account_choices is not None:
            return self.account_choices(account) if account is not None else []
        return self.choices() if self.choices is not None else []

    def value_of(self, account: Account) -> object:
        """The current value, as the API and forms show it."""
        return self.read(account) if self.read is not None else getattr(account, self.name)

    def choice_label(self, value: object, account: Account | None = None) -> str:
        if self.kind == BOOL:
            return "Yes" if value else "No"
        if value is None or value == "":
            return "(empty)"
        if self.choices is not None or self.account_choices is not None:
            return dict(self.options(account)).get(str(value), str(value))
        return str(value)


def _rule(document: str, document_key: str, code: str, code_key: str) -> Setting:
    return Setting(
        name=f"{document_key}_{code_key}_rule",
        label=f"{document} — {code}",
        tab=TAB_API_VALIDATION,
        help=(
            f"When a {document.lower()[:-1]} arrives with a missing or invalid {code.lower()}: "
            "Error stops it and says why; Warning records a warning and lets it go on."
        ),
        kind=CHOICE,
        choices=lambda: list(ValidationLevel.choices),
        api_path=("api_validation_rules", f"{document_key}s", code_key),
        group=document,
    )


SETTINGS: list[Setting] = [
    Setting("name", "Name", TAB_MAIN, "The internal display name of the account.", TEXT, ("name",)),
    Setting(
        "timezone",
        "Timezone",
        TAB_MAIN,
        "Every date OpenOMS shows for this account (events, messages, synchronization dates) is "
        "converted from UTC to this timezone.",
        CHOICE,
        ("timezone",),
        choices=timezone_choices,
    ),
    Setting(
        "license_type",
        "License Type",
        TAB_MAIN,
        "Standard includes sales and purchase order rules; Basic has no rules and a lower cost per "
        "transaction. Only the Organization Owner can change it.",
        CHOICE,
        ("license_type",),
        choices=lambda: list(LicenseType.choices),
        permission=Perm.ACCOUNT_LICENSE_EDIT,
    ),
    Setting(
        "size_unit",
        "Size",
        TAB_MAIN,
        "Unit for lengths. Sizes are stored in millimeters and converted for display and API.",
        CHOICE,
        ("units_of_measure", "size"),
        choices=lambda: units.choices(units.SIZE_UNITS),
        group="Units of Measure",
    ),
    Setting(
        "volume_unit",
        "Volume",
        TAB_MAIN,
        "Unit for volumes. Volumes are stored in cubic millimeters and converted for display and API.",
        CHOICE,
        ("units_of_measure", "volume"),
        choices=lambda: units.choices(units.VOLUME_UNITS),
        group="Units of Measure",
    ),
    Setting(
        "weight_unit",
        "Weight",
        TAB_MAIN,
        "Unit for weights. Weights are stored in grams and converted for display and API.",
        CHOICE,
        ("units_of_measure", "weight"),
        choices=lambda: units.choices(units.WEIGHT_UNITS),
        group="Units of Measure",
    ),
    Setting(
        "master_product_source",
        "Master Product Source",
        TAB_WORKFLOW,
        "The single source of truth for your product catalog. OpenOMS (default): products are "
        "created and edited here and exported to your channels. Sales Channel or Fulfillment "
        "Channel: products are imported from the Master Product Channel and then exported to the "
        "others. SKUs must be unique in the master source. Changing this on a live account may "
        "duplicate products and require a review of your recurring jobs.",
        CHOICE,
        ("master_product_source",),
        choices=lambda: list(MasterProductSource.choices),
    ),
    Setting(
        "enable_automatic_sales_order_workflow",
        "Enable Automatic Sales Order Workflow",
        TAB_WORKFLOW,
        "Yes: sales orders are allocated and sent to fulfillment automatically as they arrive. "
        "No: each order waits for someone to run Allocate & Fulfill.",
        BOOL,
        ("enable_automatic_sales_order_workflow",),
    ),
    Setting(
        "enable_automatic_purchase_order_workflow",
        "Enable Automatic Purchase Order Workflow",
        TAB_WORKFLOW,
        "Yes: approved purchase orders are processed and sent to the warehouse automatically. "
        "No: each purchase order waits for a person.",
        BOOL,
        ("enable_automatic_purchase_order_workflow",),
    ),
    Setting(
        "enable_inventory_real_time_updates",
        "Enable Inventory Real-Time Updates",
        TAB_WORKFLOW,
        "Yes (default): every inventory change — manual adjustments, updates received from a "
        "channel, order allocations — is pushed to your sales channels as it happens, only for the "
        "warehouses mapped in each channel's Warehouse Mappings. Useful with several sales "
        "channels, so each learns when stock sells in another. With a single sales channel choose "
        "No: the recurring inventory job is enough and avoids needless API calls.",
        BOOL,
        ("enable_inventory_real_time_updates",),
    ),
    Setting(
        "pii_retention_days",
        "PII retention days for non-sales channels (API, manual, and imported orders)",
        TAB_PRIVACY,
        "How many days after an order's date names, addresses, e-mails and phone numbers stay on "
        "sales orders created by API, by file import or by hand before the PII Redaction job "
        "(Recurring Jobs) replaces them with “[redacted]”, in the orders and in every stored copy. "
        "Redaction is irreversible. Empty keeps them. A sales channel's orders follow only that "
        "channel's own PII retention setting.",
        OPTIONAL_DAYS,
        ("pii_retention_days",),
    ),
    _rule("Sales orders", "sales_order", "Carrier code", "carrier_code"),
    _rule("Sales orders", "sales_order", "Service code", "service_code"),
    _rule("Shipments", "shipment", "Carrier code", "carrier_code"),
    _rule("Shipments", "shipment", "Service code", "service_code"),
    _rule("Purchase orders", "purchase_order", "Carrier code", "carrier_code"),
    _rule("Purchase orders", "purchase_order", "Service code", "service_code"),
    _rule("Receipts", "receipt", "Carrier code", "carrier_code"),
    _rule("Receipts", "receipt", "Service code", "service_code"),
]

SETTINGS_BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}
SETTINGS_BY_API_PATH: dict[tuple[str, ...], Setting] = {s.api_path: s for s in SETTINGS}


SettingsCheck = Callable[["Account", dict[str, object]], dict[str, str]]
SETTINGS_CHECKS: list[SettingsCheck] = []


def register_settings_check(check: SettingsCheck) -> None:
    """Add a rule across settings, ``check(account, values_after) -> {setting: reason}``, run
    by the settings service on the values the account would have after the change."""
    if check not in SETTINGS_CHECKS:
        SETTINGS_CHECKS.append(check)


def register_setting(setting: Setting, *, after: str) -> None:
    """Add a setting owned by a higher app (called from its ``AppConfig.ready``), once."""
    if setting.name in SETTINGS_BY_NAME:
        return
    SETTINGS.insert(SETTINGS.index(SETTINGS_BY_NAME[after]) + 1, setting)
    SETTINGS_BY_NAME[setting.name] = setting
    SETTINGS_BY_API_PATH[setting.api_path] = setting


def settings_for_tab(tab: str) -> list[Setting]:
    return [setting for setting in SETTINGS if setting.tab == tab]
