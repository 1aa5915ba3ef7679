"""``openoms secrets new-key | check | rotate``: the keys that encrypt channel credentials.

- ``new-key`` prints a new Fernet key for ``OPENOMS_SECRETS_KEYS``;
- ``check`` says where the keys come from and exits 1 when a channel's credentials cannot be read;
- ``rotate`` re-encrypts every channel's credentials with the first key (docs/operations.md).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openoms.channels.services.credentials import (
    channel_credentials_rotate,
    channel_credentials_unreadable,
)
from openoms.core.secrets import ENV_VARIABLE, new_key


class Command(BaseCommand):
    help = "Make a key for OPENOMS_SECRETS_KEYS, check it, or re-encrypt with the first key."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("new-key", help="Print a new key (put it first in OPENOMS_SECRETS_KEYS).")
        sub.add_parser("check", help="Can every channel's credentials be decrypted?")
        sub.add_parser("rotate", help="Re-encrypt every channel's credentials with the first key.")

    def handle(self, *args, action, **options):
        if action == "new-key":
            self.stdout.write(new_key())
            return
        keys = settings.OPENOMS_SECRETS_KEYS
        source = settings.OPENOMS_SECRETS_KEYS_SOURCE
        self.stdout.write(f"{len(keys)} key(s), from the {source.replace('-', ' ')}.")
        if action == "rotate":
            report = channel_credentials_rotate()
            self.stdout.write(f"Re-encrypted the credentials of {report.rotated} channel(s).")
            unreadable = report.unreadable
        else:
            unreadable = channel_credentials_unreadable()
        if unreadable:
            ids = ", ".join(str(pk) for pk in unreadable)
            raise CommandError(
                f"No key of {ENV_VARIABLE} decrypts the credentials of channel(s) {ids}: add the "
                "key they were encrypted with (after the first), then run `openoms secrets rotate`."
            )
        self.stdout.write("Every channel's credentials can be decrypted.")
