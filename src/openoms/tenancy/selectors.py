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


def organization_for_page(actor: Actor, code: str) -> Organization:
    """The actor's own organization by code, for a System Configuration page.

    Any other organization is "not found"; the actor's own one is "permission denied" when its
    role may not open organizations (account-level roles), so the answer never reveals whether
    another tenant's code exists.
    """
    if actor.is_system:
        return organization_get(actor, code)
    organization = Organization.objects.filter(pk=actor.organization_id, code=code).first()
    if organization is None:
        raise NotFound("Organization not found.")
    actor.require(Perm.ORGANIZATION_VIEW)
    return organization


def account_view(actor: Actor, *, pk: int | None) -> Account:
    """The account whose settings the actor opens (``ACCOUNT_VIEW``); another tenant's: not found."""
    account = account_get(actor, pk=pk)
    actor.require(Perm.ACCOUNT_VIEW)
    return account


def api_keys_active(actor: Actor, account: Account) -> QuerySet[ApiKey]:
    """The account's API keys that still authenticate, newest first."""
    return api_keys_for_account(actor, account).filter(revoked_at__isnull=True)
