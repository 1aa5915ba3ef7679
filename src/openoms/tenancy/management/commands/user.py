"""``openoms user create|set-password``: create users and reset passwords from the shell.

A generated password is printed once; the user can change it under Change password.
"""

from django.core.management.base import CommandError

from openoms.tenancy.management.commands._cli import (
    ActionCommand,
    account_by_code,
    organization_by_code,
    parse_role,
)
from openoms.tenancy.models import User
from openoms.tenancy.services.users import generate_password, user_create, user_set_password


class Command(ActionCommand):
    actor_label = "openoms user"
    help = "Create a user (organization or account level) or give a user a new password."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a user and print its password.")
        create.add_argument("--email", required=True)
        create.add_argument("--role", required=True, help="e.g. organization_owner, account_user")
        create.add_argument("--full-name", default="")
        where = create.add_mutually_exclusive_group(required=True)
        where.add_argument("--organization", help="Organization code (organization roles)")
        where.add_argument("--account", help="Account code (account roles)")
        reset = sub.add_parser("set_password", help="Give a user a new generated password.")
        reset.add_argument("--email", required=True)

    def _create(self, actor, *, email, role, full_name, organization, account, **_):
        target_account = account_by_code(account) if account else None
        target_org = (
            target_account.organization if target_account else organization_by_code(organization)
        )
        password = generate_password()
        user = user_create(
            actor=actor,
            organization=target_org,
            account=target_account,
            email=email,
            role=parse_role(role),
            full_name=full_name,
            password=password,
        )
        self.stdout.write(f"Created {user.email} ({user.get_role_display()}). Password: {password}")

    def _set_password(self, actor, *, email, **_):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with e-mail {email!r}.")
        password = generate_password()
        user_set_password(actor=actor, user=user, password=password)
        self.stdout.write(f"New password for {user.email}: {password}")
