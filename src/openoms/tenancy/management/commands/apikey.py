"""``openoms apikey create|list|revoke``: manage an account's API v2 keys from the shell.

``create`` prints the new key once and nothing else on stdout, so it can be captured:
``KEY=$(openoms apikey create --account MY-ACCOUNT)``.
"""

from django.core.management.base import CommandError

from openoms.tenancy.management.commands._cli import ActionCommand, account_by_code
from openoms.tenancy.models import ApiKey
from openoms.tenancy.services.api_keys import api_key_create, api_key_revoke


class Command(ActionCommand):
    actor_label = "openoms apikey"
    help = "Create, list or revoke API keys of an account."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a key and print it (shown once).")
        create.add_argument("--account", required=True, help="Account code, e.g. MY-ACCOUNT")
        create.add_argument("--name", default="Command line key")
        listing = sub.add_parser("list", help="List an account's keys (prefixes only).")
        listing.add_argument("--account", required=True)
        revoke = sub.add_parser("revoke", help="Revoke a key by its prefix.")
        revoke.add_argument("--prefix", required=True, help="e.g. oms_1a2b3c4d")

    def _create(self, actor, *, account, name, **_):
        _, raw = api_key_create(actor=actor, account=account_by_code(account), name=name)
        self.stdout.write(raw)

    def _list(self, actor, *, account, **_):
        for key in ApiKey.objects.filter(account=account_by_code(account)):
            state = "active" if key.is_active else f"revoked {key.revoked_at:%Y-%m-%d %H:%M} UTC"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M} UTC" if key.last_used_at else "never"
            self.stdout.write(f"{key.prefix}  {key.name:<30} last used {used:<22} {state}")

    def _revoke(self, actor, *, prefix, **_):
        key = ApiKey.objects.filter(prefix=prefix).first()
        if key is None:
            raise CommandError(f"No API key with prefix {prefix!r}.")
        api_key_revoke(actor=actor, api_key=key)
        self.stdout.write(f"Revoked {prefix}.")
