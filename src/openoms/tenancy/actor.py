"""Who is acting: a signed-in user, an account's API key, or the command line.

Services take an ``Actor`` and ask it two questions: may this actor see that tenant's row at all
(no: the row is "not found"), and may its role do this (no: "permission denied").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from openoms.core.errors import NotFound, PermissionDenied
from openoms.tenancy.permissions import API_KEY, PERMISSION_DESCRIPTIONS, SYSTEM, Perm, actor_can

if TYPE_CHECKING:
    from openoms.tenancy.models import Account, ApiKey, Organization, User


@dataclass(frozen=True)
class Actor:
    role: str
    label: str
    organization_id: int | None = None
    account_id: int | None = None
    user: User | None = None
    api_key: ApiKey | None = None

    @classmethod
    def for_user(cls, user: User) -> Actor:
        return cls(
            role=user.role,
            label=user.email,
            organization_id=user.organization_id,
            account_id=user.account_id,
            user=user,
        )

    @classmethod
    def for_api_key(cls, api_key: ApiKey) -> Actor:
        return cls(
            role=API_KEY,
            label=f"API key {api_key.name} ({api_key.prefix}…)",
            organization_id=api_key.account.organization_id,
            account_id=api_key.account_id,
            api_key=api_key,
        )

    @classmethod
    def system(cls, label: str = "command line") -> Actor:
        return cls(role=SYSTEM, label=label)

    @property
    def is_system(self) -> bool:
        return self.role == SYSTEM

    def can(self, perm: Perm) -> bool:
        return actor_can(self.role, perm)

    def require(self, perm: Perm) -> None:
        if not self.can(perm):
            who = "An API key" if self.role == API_KEY else "Your role"
            raise PermissionDenied(
                f"{who} may not do this: {PERMISSION_DESCRIPTIONS[perm].lower()}."
            )

    def sees_organization(self, organization: Organization) -> bool:
        return self.is_system or organization.pk == self.organization_id

    def sees_account(self, account: Account) -> bool:
        if self.is_system:
            return True
        if self.account_id is not None:
            return account.pk == self.account_id
        return account.organization_id == self.organization_id

    def require_account(self, account: Account) -> None:
        if not self.sees_account(account):
            raise NotFound("Account not found.")

    def require_organization(self, organization: Organization) -> None:
        if not self.sees_organization(organization) or self.account_id is not None:
            raise NotFound("Organization not found.")
