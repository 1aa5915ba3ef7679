"""Forms of the channel pages. Like every form of the UI they only collect strings: the channel
services check each value, and their ``ValidationFailed`` keys ("name", "credentials.<field>",
"warehouses", …) are put back on the fields with ``show_channel_errors``.

A secret credential is a password input that is never filled in: after saving, the page only
says it is saved, and leaving it empty keeps the stored one.
"""

from __future__ import annotations

from django import forms

from openoms.channels.kinds import CredentialField, Kind
from openoms.channels.models import InventorySyncMode
from openoms.sync.services.inventory_settings import InventoryWanted
from openoms.web.forms import YES_NO, RawMultipleChoiceField, raw_field, show_errors

RELEASES = [("beta", "Beta"), ("stable", "Stable")]
BETA_HELP = (
    "Beta channels carry their own automation and inventory settings; stable channels follow the "
    "account's recurring jobs."
)
ENABLED_HELP = "A disabled channel syncs nothing; it stays in every picker with “(disabled)”."
PII_HELP = (
    "Days after an order's date before the PII Redaction job (Account → Recurring Jobs) replaces "
    "the names, addresses, e-mails and phone numbers of this channel's orders with “[redacted]”. "
    "Redaction is irreversible. Wins over the account's PII retention for this channel's orders; "
    "empty keeps their data (the account's setting covers only API, manual and imported orders). "
    "1 to 36,500."
)
SAVED_SECRET = "Saved — leave empty to keep it"
MODE_FIELD, DUPLICATES_FIELD = "inventory_sync_mode", "update_duplicate_skus"
NO_YES = [("no", "No"), ("yes", "Yes")]
DUPLICATES_HELP = (
    "No (default): listings that share a SKU on the channel are skipped, with a Warning per SKU. "
    "Yes: all of them are updated. Turning it on switches the mode to Synchronize With "
    "Fulfillment Channel."
)
# A service's error key → the form field it belongs to.
_ERROR_FIELDS = {"warehouses": "served_warehouses", "warehouse": "served_warehouses"}


def credential_key(kind: Kind, field: CredentialField) -> str:
    """The form field of one credential; named after the kind, as the create form has them all."""
    return f"{kind.code}-{field.name}"


def _credential(field: CredentialField, *, saved: bool) -> forms.Field:
    if field.secret:
        attrs = {"autocomplete": "new-password", "maxlength": 500}
        if saved:
            attrs["placeholder"] = "••••••••"
        widget = forms.PasswordInput(attrs=attrs, render_value=False)
    else:
        widget = forms.TextInput(attrs={"maxlength": 500, "autocomplete": "off"})
    return raw_field(field.label, field.help, widget)


BASE_URL_HELP = (
    "Where OpenOMS sends this channel's API calls instead of the service's own address, e.g. an "
    "emulator (http://127.0.0.1:8701) or a proxy. https anywhere; plain http only on this "
    "machine. Leave empty for the real service."
)


class ChannelForm(forms.Form):
    """Name, Enabled, Beta/Stable and the credentials of one or more kinds."""

    name = raw_field("Name", widget=forms.TextInput(attrs={"maxlength": 120}))
    is_enabled = raw_field("Enabled", ENABLED_HELP, forms.Select(choices=YES_NO))
    is_beta = raw_field("Beta / Stable", BETA_HELP, forms.Select(choices=RELEASES))

    def __init__(self, *args, kinds: list[Kind], saved: dict | None = None, **kwargs):
        """``saved``: the stored credentials (secrets only tell whether one is stored)."""
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        self.saved = saved or {}
        for kind in kinds:
            for field in kind.credentials:
                has_secret = field.secret and bool(self.saved.get(field.name))
                self.fields[credential_key(kind, field)] = _credential(field, saved=has_secret)

    def credential_rows(self, kind: Kind) -> list[tuple[forms.BoundField, str]]:
        """The kind's credential fields with their note ("Saved — leave empty to keep it")."""
        return [
            (
                self[credential_key(kind, field)],
                SAVED_SECRET if field.secret and self.saved.get(field.name) else "",
            )
            for field in kind.credentials
        ]

    def text(self, name: str) -> str:
        return str(self.data.get(name, "")) if self.is_bound else ""

    def values(self, kind: Kind | None) -> dict:
        """What the channel services take: flags as booleans, ``kind``'s credentials."""
        fields = kind.credentials if kind else ()
        return {
            "name": self.text("name"),
            "is_enabled": self.text("is_enabled") != "no",
            "is_beta": self.text("is_beta") != "stable",
            "credentials": {f.name: self.text(credential_key(kind, f)) for f in fields},
        }

    def show_errors(self, errors: dict[str, str], kind: Kind | None) -> None:
        """Put the service's errors on their fields ("credentials.token" → "<kind>-token")."""
        mapped = {}
        for key, message in errors.items():
            prefix, _, name = key.partition(".")
            field = f"{kind.code}-{name}" if prefix == "credentials" and kind else key
            mapped[_ERROR_FIELDS.get(field, field)] = message
        show_errors(self, mapped)


class ChannelCreateForm(ChannelForm):
    """Create: the kind among the type's kinds, then the fields of the chosen kind."""

    kind = raw_field("Kind")
    field_order = ["kind", "name", "is_enabled", "is_beta"]

    def __init__(self, *args, kinds: list[Kind], **kwargs):
        initial = {"kind": kinds[0].code, "is_enabled": "yes", "is_beta": "beta"}
        super().__init__(*args, kinds=kinds, initial=initial, **kwargs)
        self.fields["kind"].widget = forms.Select(choices=[(k.code, k.label) for k in kinds])

    def chosen_kind(self) -> Kind | None:
        return next((k for k in self.kinds if k.code == self.text("kind")), None)


class ChannelSettingsForm(ChannelForm):
    """Main Settings (and, on fulfillment channels, the served warehouses) and Advanced Settings
    (on sales channels, the PII retention days)."""

    def __init__(self, *args, kind: Kind, extras: dict, editable: bool, **kwargs):
        """``extras``: "warehouse_choices" (fulfillment) or "pii" (sales) → their initial;
        "inventory" (beta sales channels) → why Duplicate SKU cannot be turned on ("" if it can)."""
        super().__init__(*args, kinds=[kind], **kwargs)
        if "warehouse_choices" in extras:
            self.fields["served_warehouses"] = RawMultipleChoiceField(
                label="Served warehouses",
                help_text="The account's enabled physical warehouses this 3PL ships from.",
                required=False,
                choices=extras["warehouse_choices"],
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["api_base_url"] = raw_field(
            "API base URL",
            BASE_URL_HELP,
            forms.URLInput(attrs={"maxlength": 300, "placeholder": "The service's own address"}),
        )
        if "pii" in extras:
            self.fields["pii_retention_days"] = raw_field(
                "PII retention days",
                PII_HELP,
                forms.NumberInput(attrs={"min": 1, "step": 1, "placeholder": "Keep"}),
            )
        if "inventory" in extras:
            self._add_inventory_fields()
        for field in self.fields.values():
            field.disabled = not editable
        if extras.get("inventory"):  # why this kind cannot turn Duplicate SKU on
            self.fields[DUPLICATES_FIELD].disabled = True

    def _add_inventory_fields(self) -> None:
        """Seed 002's settings of a beta sales channel (the page explains each mode)."""
        self.fields[MODE_FIELD] = raw_field(
            "Inventory Synchronization with Sales Channel",
            widget=forms.Select(choices=InventorySyncMode.choices, attrs={"data-sync-mode": ""}),
        )
        self.fields[DUPLICATES_FIELD] = raw_field(
            "Duplicate SKU - update inventory when duplicate skus are found",
            DUPLICATES_HELP,
            forms.Select(choices=NO_YES, attrs={"data-duplicate-skus": ""}),
        )

    def inventory_wanted(self) -> InventoryWanted:
        """The mode and Duplicate SKU as posted; a field not on the page or not editable (a kind
        that cannot update duplicate SKUs) is not asked for."""

        def posted(name: str) -> str | None:
            field = self.fields.get(name)
            if field is None or field.disabled or name not in self.data:
                return None
            return self.text(name)

        duplicates = posted(DUPLICATES_FIELD)
        return InventoryWanted(
            mode=posted(MODE_FIELD),
            update_duplicate_skus=None if duplicates is None else duplicates == "yes",
        )

    def values(self, kind: Kind | None) -> dict:
        """The Main Settings' values and the API base URL."""
        return super().values(kind) | {"api_base_url": self.text("api_base_url").strip()}

    def served_codes(self) -> list[str]:
        return self.data.getlist("served_warehouses")


class SkuMappingForm(forms.Form):
    """A mapping: the channel's SKU (fixed once saved) and the OpenOMS SKU of the picked variant.

    The OpenOMS SKU is read-only: it is filled in from the Product Variant picker.
    """

    channel_sku = raw_field(
        "Channel SKU",
        "Exactly as the channel spells it (case, spaces, punctuation).",
        forms.TextInput(attrs={"maxlength": 255, "autocomplete": "off"}),
    )
    sku = raw_field(
        "OpenOMS SKU",
        "Fills in from the Product Variant you pick.",
        forms.TextInput(attrs={"readonly": True}),
    )

    def __init__(self, *args, channel_sku_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel_sku"].label = channel_sku_label

    def value(self, name: str) -> str:
        return str(self[name].value() or "")
