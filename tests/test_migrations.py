from io import StringIO

from django.core.management import call_command


def test_models_and_migrations_agree(db):
    # when / then: no model change is missing a migration
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())
