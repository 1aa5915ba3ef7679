"""Helpers shared by the tenancy management commands."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from openoms.core.errors import DomainError, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, Organization
from openoms.tenancy.roles import Role


def domain_error_message(exc: DomainError) -> str:
    if isinstance(exc, ValidationFailed):
        return "; ".join(f"{field}: {reason}" for field, reason in exc.errors.items())
    return exc.message


def account_by_code(code: str) -> Account:
    account = Account.objects.select_related("organization").filter(code=code).first()
    if account is None:
        raise CommandError(f"No account with code {code!r}.")
    return account


def organization_by_code(code: str) -> Organization:
    organization = Organization.objects.filter(code=code).first()
    if organization is None:
        raise CommandError(f"No organization with code {code!r}.")
    return organization


def parse_role(text: str) -> Role:
    """A role from its value or its label, any case, spaces or hyphens ("account-user")."""
    wanted = text.strip().lower().replace("-", "_").replace(" ", "_")
    for role in Role:
        if wanted in {role.value, role.label.lower().replace(" ", "_")}:
            return role
    names = ", ".join(role.value for role in Role)
    raise CommandError(f"Unknown role {text!r}; use one of: {names}.")


class ActionCommand(BaseCommand):
    """A command with sub-actions (``create``, ``list``, …), each a ``_<action>`` method.

    Actions run as the command-line actor; a refused domain rule becomes a clear CommandError.
    """

    actor_label = "command line"

    def handle(self, *args, action, **options):
        actor = Actor.system(self.actor_label)
        try:
            getattr(self, f"_{action}")(actor, **options)
        except DomainError as exc:
            raise CommandError(domain_error_message(exc)) from exc
