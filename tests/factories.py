"""Builders for test data. They write rows directly; tests of services call the services."""

from __future__ import annotations

from dataclasses import dataclass, field

from openoms.core.codes import code_from_name
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, Organization, User
from openoms.tenancy.roles import ACCOUNT_ROLES, Role
from openoms.tenancy.services.api_keys import api_key_create

PASSWORD = "correct-horse-battery-staple"


def make_organization(name: str = "Acme Group") -> Organization:
    return Organization.objects.create(name=name, code=code_from_name(name))


def make_account(organization: Organization, name: str = "Acme Apparel", **settings) -> Account:
    return Account.objects.create(
        organization=organization, name=name, code=code_from_name(name), **settings
    )


def make_user(
    organization: Organization,
    role: Role | str,
    *,
    account: Account | None = None,
    email: str | None = None,
    password: str = PASSWORD,
) -> User:
    role = Role(role)
    if role in ACCOUNT_ROLES and account is None:
        raise ValueError("account roles need an account")
    email = email or f"{role.value}@{organization.code.lower()}.example"
    user = User(email=email, role=role, organization=organization, account=account)
    user.set_password(password)
    user.save()
    return user


def make_api_key(account: Account, name: str = "Test key") -> str:
    _, raw = api_key_create(actor=Actor.system(), account=account, name=name)
    return raw


@dataclass
class Tenant:
    """An organization with two accounts and one user per role (account users on ``account``)."""

    organization: Organization
    account: Account
    second_account: Account
    users: dict[str, User] = field(default_factory=dict)

    def user(self, role: Role | str) -> User:
        return self.users[Role(role).value]


def make_tenant(prefix: str = "Acme") -> Tenant:
    organization = make_organization(f"{prefix} Group")
    account = make_account(organization, f"{prefix} Apparel")
    second = make_account(organization, f"{prefix} Outdoor")
    tenant = Tenant(organization, account, second)
    for role in Role:
        on_account = account if role in ACCOUNT_ROLES else None
        tenant.users[role.value] = make_user(organization, role, account=on_account)
    return tenant
