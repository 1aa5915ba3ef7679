"""``RowRead``: one row read by a hand-written statement is the instance the ORM reads (every
field converted: booleans, times, decrypted credentials), or None when no row matches."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openoms.channels.models import Channel
from openoms.core.encrypted_fields import UnreadableSecret
from openoms.core.row_read import RowRead
from tests.sync.webhook_data import shopify_channel

CHANNEL = RowRead(Channel, ("id", "kind"))


def _values(channel: Channel) -> dict:
    return {field.attname: getattr(channel, field.attname) for field in Channel._meta.fields}


def test_a_row_read_by_hand_is_what_the_orm_reads(tenant):
    # given
    channel = shopify_channel(tenant.account, is_beta=False, pii_retention_days=30)

    # when
    with CaptureQueriesContext(connection) as statements:
        read = CHANNEL.first((channel.pk, "shopify"))

    # then: one statement; the same values, of the same types; a saved instance
    assert len(statements.captured_queries) == 1
    expected = _values(Channel.objects.get(pk=channel.pk))
    assert _values(read) == expected
    assert [type(value) for value in _values(read).values()] == [
        type(value) for value in expected.values()
    ]
    assert read.credentials["client_secret"] == "shpss_test_client_secret"
    assert (read.is_beta, read.is_enabled) == (False, True)
    assert not read._state.adding


def test_no_row_matching_reads_none(tenant):
    channel = shopify_channel(tenant.account)

    assert CHANNEL.first((channel.pk, "shipbob")) is None
    assert CHANNEL.first((channel.pk + 1, "shopify")) is None


def test_credentials_no_key_opens_read_as_the_orm_reads_them(tenant):
    # given: a token no configured key decrypts
    channel = shopify_channel(tenant.account)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE channels_channel SET credentials = %s", ["gAAAA-not-a-token"])

    # when
    read = CHANNEL.first((channel.pk, "shopify"))

    # then
    assert read.credentials == UnreadableSecret("gAAAA-not-a-token")
    assert read.credentials == Channel.objects.get(pk=channel.pk).credentials
