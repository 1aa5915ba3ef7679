"""Forms of the web UI. They only collect raw strings: every rule is checked by a tenancy service,
whose ``ValidationFailed.errors`` are put back on the fields with ``show_errors``.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms

from openoms.tenancy.account_settings import (
    BOOL,
    CHOICE,
    OPTIONAL_DAYS,
    REFERENCE,
    SETTINGS,
    Setting,
)
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm

YES_NO = [("yes", "Yes"), ("no", "No")]


def raw_field(label: str = "", help_text: str = "", widget=None, disabled: bool = False):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        strip=False,
        widget=widget,
        disabled=disabled,
    )


def show_errors(form: forms.Form, errors: dict[str, str]) -> None:
    """Put a service's errors under their fields (unknown keys go above the form)."""
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


class LoginForm(forms.Form):
    email = raw_field(
        "E-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    password = raw_field(
        "Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class NameForm(forms.Form):
    name = raw_field("Name", widget=forms.TextInput(attrs={"maxlength": 120}))


class ApiKeyForm(forms.Form):
    name = raw_field(
        "Name",
        "Who or what uses the key, e.g. “ERP integration”.",
        widget=forms.TextInput(attrs={"maxlength": 80}),
    )


class UserCreateForm(forms.Form):
    email = raw_field("E-mail", "The user signs in with it; it never changes.", forms.EmailInput())
    full_name = raw_field("Full name", "Optional.")
    role = raw_field("Role")

    def __init__(self, *args, role_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].widget = forms.Select(choices=role_choices)


class UserRoleForm(forms.Form):
    role = raw_field("Role")

    def __init__(self, *args, role_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].widget = forms.Select(choices=role_choices)


class AttributedSelect(forms.Select):
    """A select whose options carry extra attributes, e.g. ``data-source`` for a script to
    filter them: ``option_attrs`` maps an option's value to its attributes."""

    def __init__(self, *args, option_attrs: dict[str, dict[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_attrs = option_attrs or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"].update(self.option_attrs.get(str(value), {}))
        return option


def _setting_widget(
    setting: Setting, account: Account, option_attrs: dict[str, dict[str, str]]
) -> forms.Widget:
    if setting.kind == BOOL:
        return forms.Select(choices=YES_NO)
    if setting.kind == CHOICE:
        return forms.Select(choices=setting.choices())
    if setting.kind == REFERENCE:
        options = setting.options(account)
        empty = "— None —" if options else "None available yet"
        return AttributedSelect(choices=[("", empty), *options], option_attrs=option_attrs)
    if setting.kind == OPTIONAL_DAYS:
        return forms.NumberInput(attrs={"min": 1, "step": 1, "placeholder": "Keep"})
    return forms.TextInput(attrs={"maxlength": 120})


def setting_initial(setting: Setting, account: Account) -> str:
    value = setting.value_of(account)
    if setting.kind == BOOL:
        return "yes" if value else "no"
    return "" if value is None else str(value)


class AccountSettingsForm(forms.Form):
    """One field per entry of ``tenancy.account_settings.SETTINGS`` (registered ones included).

    A setting the actor may not change is rendered disabled; ``submitted_values`` still returns
    what was posted for it, so the service (not this form) decides whether that is allowed.
    ``option_attrs`` gives a REFERENCE setting's options extra attributes (setting → value →
    attributes).
    """

    def __init__(
        self,
        *args,
        account: Account,
        can: Callable[[Perm], bool],
        option_attrs: dict[str, dict[str, dict[str, str]]] | None = None,
        **kwargs,
    ):
        initial = {s.name: setting_initial(s, account) for s in SETTINGS}
        super().__init__(*args, initial=initial, **kwargs)
        may_edit = can(Perm.ACCOUNT_EDIT)
        extra = option_attrs or {}
        for setting in SETTINGS:
            editable = may_edit and can(setting.permission)
            self.fields[setting.name] = raw_field(
                setting.label,
                setting.help,
                _setting_widget(setting, account, extra.get(setting.name, {})),
                disabled=not editable,
            )

    def submitted_values(self) -> dict[str, str]:
        """The posted raw value of every setting that was posted, for the settings service."""
        return {s.name: self.data[s.name] for s in SETTINGS if s.name in self.data}

    def value_of(self, name: str) -> str:
        return self[name].value() or ""


class ProductFieldsForm(forms.Form):
    """The product's own fields; its variants are the table of ``product_form.ProductForm``."""

    name = raw_field("Name", widget=forms.TextInput(attrs={"maxlength": 200}))
    status = raw_field("Status")
    description = raw_field("Description", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, status_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget = forms.Select(choices=status_choices)

    def submitted(self) -> dict[str, str]:
        self.is_valid()
        return {name: self.cleaned_data.get(name, "") for name in self.fields}


class RawMultipleChoiceField(forms.MultipleChoiceField):
    """Several posted values, kept as they are: the service says which are valid."""

    def validate(self, value) -> None:
        return None


class WarehouseForm(forms.Form):
    """A warehouse of the organization. On the edit page the code and kind are shown, not asked."""

    code = raw_field(
        "Code",
        "Letters, digits, '-' or '_', e.g. TOR-1. It never changes.",
        forms.TextInput(attrs={"maxlength": 30}),
    )
    name = raw_field("Name", widget=forms.TextInput(attrs={"maxlength": 120}))
    kind = raw_field("Type")
    members = RawMultipleChoiceField(
        label="Physical members",
        help_text="The physical warehouses this virtual one adds up.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    address_line1 = raw_field("Address")
    city = raw_field("City")
    region = raw_field("Province / state")
    postal_code = raw_field("Postal code")
    country = raw_field(
        "Country", "Two letters (ISO 3166-1), e.g. CA.", forms.TextInput({"maxlength": 2})
    )

    ADDRESS = ("address_line1", "city", "region", "postal_code", "country")

    def __init__(self, *args, kind_choices, member_choices, fixed_kind: str = "", **kwargs):
        """``fixed_kind`` (editing): no code or kind field, and only that kind's fields."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget = forms.Select(choices=kind_choices)
        self.fields["members"].choices = member_choices
        if fixed_kind:
            del self.fields["code"], self.fields["kind"]
            unused = self.ADDRESS if fixed_kind == "virtual" else ("members",)
            for name in unused:
                del self.fields[name]

    def address(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in self.ADDRESS}


ADJUST_MODES = [("set", "Set total to"), ("add", "Add"), ("remove", "Remove")]


class AdjustInventoryForm(forms.Form):
    """Adjust Inventory: a physical warehouse, a SKU, and what to do with its Total."""

    warehouse = raw_field("Warehouse")
    sku = raw_field("SKU", "Start typing: matching SKUs are offered.")
    mode = raw_field("Change", widget=forms.RadioSelect(choices=ADJUST_MODES))
    quantity = raw_field("Quantity", widget=forms.NumberInput(attrs={"min": 0, "step": 1}))
    reason = raw_field(
        "Reason", "Kept in the ledger with the change.", forms.TextInput({"maxlength": 200})
    )

    def __init__(self, *args, warehouse_choices: list[tuple[str, str]], sku_search_url: str, **kw):
        super().__init__(*args, **kw)
        self.fields["warehouse"].widget = forms.Select(choices=warehouse_choices)
        self.fields["sku"].widget = forms.TextInput(
            attrs={
                "list": "sku-options",
                "autocomplete": "off",
                "maxlength": 100,
                "hx-get": sku_search_url,
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#sku-options",
            }
        )
