"""The five roles. Organization roles reach every account of the organization; account roles one."""

from django.db import models


class Role(models.TextChoices):
    ORGANIZATION_OWNER = "organization_owner", "Organization Owner"
    ORGANIZATION_ADMINISTRATOR = "organization_administrator", "Organization Administrator"
    SUPERVISOR = "supervisor", "Supervisor"
    ACCOUNT_ADMINISTRATOR = "account_administrator", "Account Administrator"
    ACCOUNT_USER = "account_user", "Account User"


ORGANIZATION_ROLES = frozenset(
    {Role.ORGANIZATION_OWNER, Role.ORGANIZATION_ADMINISTRATOR, Role.SUPERVISOR}
)
ACCOUNT_ROLES = frozenset({Role.ACCOUNT_ADMINISTRATOR, Role.ACCOUNT_USER})


def organization_role_choices() -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in Role if role in ORGANIZATION_ROLES]


def account_role_choices() -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in Role if role in ACCOUNT_ROLES]
