"""What every benchmark here shares: a database of its own, Django set up against it, and a fresh
organization and account to write into. Imported by the scripts beside it (run as
``.venv/bin/python bench/<name>.py``, so this folder is on ``sys.path``)."""

from __future__ import annotations

import os
import secrets
from urllib.parse import urlparse


def database_url(default_name: str) -> str:
    """``OPENOMS_DATABASE_URL``, else a local PostgreSQL database named ``default_name``."""
    return os.environ.get(
        "OPENOMS_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{default_name}"
    )


def configure_environment(url: str, data_dir: str) -> None:
    """Point OpenOMS at ``url`` and a scratch data folder, then set Django up."""
    os.environ["OPENOMS_DATABASE_URL"] = url
    os.environ["OPENOMS_DATA_DIR"] = data_dir
    os.environ.setdefault("OPENOMS_SECRET_KEY", secrets.token_urlsafe(40))
    os.environ["DJANGO_SETTINGS_MODULE"] = "openoms.config.settings"
    os.environ["OPENOMS_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def fresh_database(url: str) -> None:
    """Create the database; one whose name contains "bench" is dropped and re-created first."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and "bench" in name:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def bench_account():
    """Migrate, then a new organization and account with a random tag."""
    from django.core.management import call_command

    from openoms.tenancy.models import Account, Organization

    call_command("migrate", verbosity=0)
    tag = secrets.token_hex(3).upper()
    org = Organization.objects.create(name=f"Bench {tag}", code=f"BENCH-{tag}")
    return Account.objects.create(organization=org, name=f"Bench {tag}", code=f"BENCH-{tag}")


def stored_import(account, kind: str, path, channel=None) -> int:
    """Store ``path`` as an uploaded file would be (no size limit) and return its import's id
    (``channel``: the channel of a channel's import, e.g. its SKU mappings)."""
    from openoms.activity.services import file_import_create
    from openoms.tenancy.actor import Actor

    with open(path, "rb") as upload:
        file_import = file_import_create(
            actor=Actor.system("bench"),
            account=account,
            kind=kind,
            upload=upload,
            max_bytes=1 << 40,
            channel_id=channel.pk if channel is not None else None,
        )
    return file_import.pk


def checkpoint() -> None:
    """Start a measurement from the same state as the others: no dirty pages left by the work
    before it (PostgreSQL)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


def run_child(script: str, *args: str) -> dict:
    """Run ``script`` again in a child process (so its peak memory is its own); the child's last
    printed line is a JSON object, returned here."""
    import json
    import subprocess
    import sys

    child = subprocess.run(
        [sys.executable, script, *args],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])
