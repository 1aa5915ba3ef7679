"""Tenancy reads, always scoped to the actor: another tenant's row is "not found"."""

from __future__ import annotations

from django.db.models import QuerySet

from openoms.core.errors import NotFound
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, ApiKey, AuditEntry, Organization, User
from openoms.tenancy.permissions import Perm


def organizations_visible(actor: Actor) -> QuerySet[Organization]:
    """Organizations the actor may open under System Configuration (none for account users)."""
    if actor.is_system:
        return Organization.objects.all()
    if actor.account_id is not None or not actor.can(Perm.ORGANIZATION_VIEW):
        return Organization.objects.none()
    return Organization.objects.filter(pk=actor.organization_id)


def organization_get(actor: Actor, code: str) -> Organization:
    organization = organizations_visible(actor).filter(code=code).first()
    if organization is None:
        raise NotFound("Organization not found.")
    return organization


def accounts_visible(actor: Actor) -> QuerySet[Account]:
    """Accounts the actor can switch to: its organization's, or its own single account."""
    accounts = Account.objects.select_related("organization")
    if actor.is_system:
        return accounts.all()
    if actor.account_id is not None:
        return accounts.filter(pk=actor.account_id)
    return accounts.filter(organization_id=actor.organization_id)


def account_get(actor: Actor, *, code: str | None = None, pk: int | None = None) -> Account:
    accounts = accounts_visible(actor)
    account = (
        accounts.filter(code=code).first() if code is not None else accounts.filter(pk=pk).first()
    )
    if account is None:
        raise NotFound("Account not found.")
    return account


def organization_users(actor: Actor, organization: Organization) -> QuerySet[User]:
    """The organization-level users (they reach every account)."""
    if not organizations_visible(actor).filter(pk=organization.pk).exists():
        raise NotFound("Organization not found.")
    return User.objects.filter(organization=organization, account__isnull=True)


def account_users(actor: Actor, account: Account) -> QuerySet[User]:
    actor.require_account(account)
    return User.objects.filter(account=account)


def user_get(actor: Actor, pk: int) -> User:
    """A user the actor may see: same organization, and same account for account-level actors."""
    users = User.objects.select_related("organization", "account")
    if not actor.is_system:
        users = users.filter(organization_id=actor.organization_id)
        if actor.account_id is not None:
            users = users.filter(account_id=actor.account_id)
    user = users.filter(pk=pk).first()
    if user is None:
        raise NotFound("User not found.")
    return user


def api_keys_for_account(actor: Actor, account: Account) -> QuerySet[ApiKey]:
    actor.require_account(account)
    return ApiKey.objects.filter(account=account).select_related("created_by", "revoked_by")


def api_key_get(actor: Actor, account: Account, pk: int) -> ApiKey:
    key = api_keys_for_account(actor, account).filter(pk=pk).first()
    if key is None:
        raise NotFound("API key not found.")
    return key


def account_history(actor: Actor, account: Account) -> QuerySet[AuditEntry]:
    """The account's audit trail, newest first."""
    actor.require_account(account)
    actor.require(Perm.ACCOUNT_HISTORY_VIEW)
    return AuditEntry.objects.filter(account=account).select_related("actor")
