"""``openoms serve``: the production web server (gunicorn; static files by whitenoise).

Refuses to start without ``OPENOMS_SECRET_KEY`` and ``OPENOMS_SECRETS_KEYS`` in the environment,
except under ``openoms demo``, which uses keys generated once into the data folder.
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "openoms.config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
        # gunicorn's longest request line (default 4094): longer API addresses get the API's own
        # JSON 414 (openoms.api.application.MAX_ADDRESS_LENGTH), not gunicorn's HTML one
        "--limit-request-line",
        "8190",
    ]


class Command(BaseCommand):
    help = "Serve OpenOMS with gunicorn (DEBUG off, static files by whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2))
        )

    def handle(self, *args, host, port, workers, **options):
        demo = os.environ.get("OPENOMS_DEMO") == "1"
        if settings.SECRET_KEY_SOURCE != "environment" and not demo:
            raise CommandError(
                "Set OPENOMS_SECRET_KEY in the environment before serving "
                "(or run `openoms demo` to try OpenOMS with a generated key)."
            )
        if settings.OPENOMS_SECRETS_KEYS_SOURCE != "environment" and not demo:
            raise CommandError(
                "Set OPENOMS_SECRETS_KEYS in the environment before serving: the key that "
                "encrypts channel credentials (`openoms secrets new-key` makes one)."
            )
        if settings.DEBUG:
            raise CommandError("OPENOMS_DEBUG is on: `openoms serve` only runs with DEBUG off.")
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"OpenOMS is serving on http://{host}:{port}/ (Ctrl-C to stop)")
        self.stdout.flush()
        command = gunicorn_command(host, port, workers)
        # Become gunicorn, so that signals (Ctrl-C, SIGTERM from a supervisor) reach it directly.
        os.execv(command[0], command)  # noqa: S606
