"""Organizations and accounts: create, rename, and change account settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from openoms.core.codes import code_from_name
from openoms.core.errors import ConfirmationRequired, ValidationFailed
from openoms.tenancy.account_settings import (
    MASTER_PRODUCT_CHANNEL,
    SETTINGS,
    SETTINGS_BY_NAME,
    SETTINGS_CHECKS,
    Setting,
)
from openoms.tenancy.actor import Actor
from openoms.tenancy.live_data import describe_counts, live_data_counts
from openoms.tenancy.models import Account, AuditAction, MasterProductSource, Organization
from openoms.tenancy.permissions import Perm
from openoms.tenancy.services.audit import audit_record
from openoms.tenancy.setting_values import InvalidValue, coerce_setting


@dataclass(frozen=True)
class SettingChange:
    setting: Setting
    old: object
    new: object


def _unique_code(name: str, *, model: type, field: str = "name") -> str:
    code = code_from_name(name)
    if not code:
        raise ValidationFailed({field: "The name must contain at least one letter or digit."})
    if model.objects.filter(code=code).exists():
        raise ValidationFailed(
            {
                field: f'The code "{code}" generated from this name is already used. '
                "Choose a different name."
            }
        )
    return code


@transaction.atomic
def organization_create(*, actor: Actor, name: str) -> Organization:
    """A new organization; its code is generated from the name. Only the command line may do it."""
    if not actor.is_system:
        raise ValidationFailed({"name": "Organizations are created by the operator (openoms CLI)."})
    clean_name = _clean_name(name)
    code = _unique_code(clean_name, model=Organization)
    return Organization.objects.create(name=clean_name, code=code)


@transaction.atomic
def organization_rename(*, actor: Actor, organization: Organization, name: str) -> Organization:
    """Rename the organization (its code never changes)."""
    actor.require_organization(organization)
    actor.require(Perm.ORGANIZATION_EDIT)
    clean_name = _clean_name(name)
    if clean_name != organization.name:
        audit_record(
            actor=actor,
            action=AuditAction.ORGANIZATION_RENAMED,
            organization=organization,
            field="name",
            field_label="Name",
            old_value=organization.name,
            new_value=clean_name,
        )
        organization.name = clean_name
        organization.save(update_fields=["name"])
    return organization


def account_create(*, actor: Actor, organization: Organization, name: str) -> Account:
    """Create an account from its name alone; the code is generated and is permanent.

    A name whose code is already taken anywhere is refused with the code in the message.
    """
    actor.require_organization(organization)
    actor.require(Perm.ACCOUNT_CREATE)
    clean_name = _clean_name(name)
    if organization.accounts.filter(name__iexact=clean_name).exists():
        raise ValidationFailed({"name": "This organization already has an account with this name."})
    code = _unique_code(clean_name, model=Account)
    try:
        with transaction.atomic():
            account = Account.objects.create(organization=organization, name=clean_name, code=code)
            audit_record(
                actor=actor,
                action=AuditAction.ACCOUNT_CREATED,
                organization=organization,
                account=account,
                new_value=f"{clean_name} ({code})",
            )
    except IntegrityError as exc:
        raise ValidationFailed(
            {"name": f'The code "{code}" was just taken by another account. Choose another name.'}
        ) from exc
    return account


def _clean_name(name: str) -> str:
    try:
        return coerce_setting(SETTINGS_BY_NAME["name"], name)
    except InvalidValue as exc:
        raise ValidationFailed({"name": str(exc)}) from exc


def _validate(actor: Actor, account: Account, values: dict[str, object]) -> list[SettingChange]:
    values = _with_derived(values)
    errors: dict[str, str] = {}
    changes: list[SettingChange] = []
    for name, raw in values.items():
        setting = SETTINGS_BY_NAME.get(name)
        if setting is None:
            errors[name] = "Unknown setting."
            continue
        try:
            new = coerce_setting(setting, raw, account)
        except InvalidValue as exc:
            errors[name] = str(exc)
            continue
        old = setting.value_of(account)
        if new != old:
            changes.append(SettingChange(setting, old, new))
    _check_name_free(account, changes, errors)
    _check_across_settings(account, changes, errors)
    if errors:
        raise ValidationFailed(errors)
    for change in changes:
        actor.require(change.setting.permission)
    return changes


def _with_derived(values: dict[str, object]) -> dict[str, object]:
    """OpenOMS as Master Product Source clears the Master Product Channel (when one exists)."""
    source = values.get("master_product_source")
    if (
        source == MasterProductSource.OPENOMS
        and MASTER_PRODUCT_CHANNEL in SETTINGS_BY_NAME
        and MASTER_PRODUCT_CHANNEL not in values
    ):
        return {**values, MASTER_PRODUCT_CHANNEL: None}
    return values


def _check_across_settings(account: Account, changes: list[SettingChange], errors: dict) -> None:
    after = {s.name: s.value_of(account) for s in SETTINGS}
    after.update({c.setting.name: c.new for c in changes})
    for check in SETTINGS_CHECKS:
        for name, reason in check(account, after).items():
            errors.setdefault(name, reason)


def _check_name_free(account: Account, changes: list[SettingChange], errors: dict) -> None:
    for change in changes:
        if change.setting.name == "name":
            others = Account.objects.filter(organization_id=account.organization_id)
            if others.exclude(pk=account.pk).filter(name__iexact=change.new).exists():
                errors["name"] = "This organization already has an account with this name."


def master_source_change_warning(account: Account) -> str | None:
    """The warning to confirm before changing the Master Product Source, or None if not needed."""
    counts = live_data_counts(account)
    if not counts:
        return None
    held = describe_counts(counts)
    return (
        f"This account already holds {held}. Changing the Master Product Source on a live account "
        "may duplicate products (SKUs must be unique in the master source, so you may have to "
        "clean up duplicates by hand) and your recurring jobs may need to be reviewed so they do "
        "not write incorrect or misleading logs."
    )


@transaction.atomic
def account_update_settings(
    *,
    actor: Actor,
    account: Account,
    values: dict[str, object],
    confirm_master_source_change: bool = False,
) -> list[SettingChange]:
    """Validate and apply setting changes, recording each (who, when, old -> new).

    Every invalid field is reported at once (``ValidationFailed``); nothing is saved unless all
    are valid. A Master Product Source change on an account with live data needs confirmation.
    """
    actor.require_account(account)
    actor.require(Perm.ACCOUNT_EDIT)
    account = Account.objects.select_for_update().get(pk=account.pk)
    changes = _validate(actor, account, values)
    master_settings = {"master_product_source", MASTER_PRODUCT_CHANNEL}
    if any(c.setting.name in master_settings for c in changes):
        warning = master_source_change_warning(account)
        if warning and not confirm_master_source_change:
            raise ConfirmationRequired(warning, field="master_product_source")
    for change in changes:
        _apply(account, change)
        audit_record(
            actor=actor,
            action=AuditAction.SETTING_CHANGED,
            organization=account.organization,
            account=account,
            field=change.setting.name,
            field_label=change.setting.label,
            old_value=change.setting.choice_label(change.old, account),
            new_value=change.setting.choice_label(change.new, account),
        )
    stored_on_account = [c.setting.name for c in changes if c.setting.write is None]
    if changes:
        account.save(update_fields=[*stored_on_account, "updated_at"])
    return changes


def _apply(account: Account, change: SettingChange) -> None:
    if change.setting.write is not None:
        change.setting.write(account, change.new)
    else:
        setattr(account, change.setting.name, change.new)
