"""``openoms organization create --name NAME``: the first step of a new installation."""

from openoms.tenancy.management.commands._cli import ActionCommand
from openoms.tenancy.models import Organization
from openoms.tenancy.services.accounts import organization_create


class Command(ActionCommand):
    actor_label = "openoms organization"
    help = "Create an organization (then: openoms user create --role organization_owner …)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create an organization and print its code.")
        create.add_argument("--name", required=True)
        sub.add_parser("list", help="List organizations.")

    def _list(self, actor, **_):
        for org in Organization.objects.all():
            self.stdout.write(f"{org.code:<30} {org.name}")

    def _create(self, actor, *, name, **_):
        self.stdout.write(organization_create(actor=actor, name=name).code)
