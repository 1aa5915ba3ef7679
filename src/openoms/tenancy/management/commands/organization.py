"""``openoms organization create --name NAME``: the first step of a new installation."""

from django.core.management.base import BaseCommand, CommandError

from openoms.core.errors import DomainError
from openoms.tenancy.actor import Actor
from openoms.tenancy.management.commands._cli import domain_error_message
from openoms.tenancy.models import Organization
from openoms.tenancy.services.accounts import organization_create


class Command(BaseCommand):
    help = "Create an organization (then: openoms user create --role organization_owner …)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create an organization and print its code.")
        create.add_argument("--name", required=True)
        sub.add_parser("list", help="List organizations.")

    def handle(self, *args, action, **options):
        if action == "list":
            for org in Organization.objects.all():
                self.stdout.write(f"{org.code:<30} {org.name}")
            return
        try:
            org = organization_create(
                actor=Actor.system("openoms organization"), name=options["name"]
            )
        except DomainError as exc:
            raise CommandError(domain_error_message(exc)) from exc
        self.stdout.write(org.code)
