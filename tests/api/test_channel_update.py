"""PATCH /api/v2/channels/{id}: a channel's settings (not its credentials), with the rules of its
page; how tests and the demo point a channel at an emulator (issue 12 §4)."""

from openoms.channels.models import Channel
from tests.api.channel_data import SECRET
from tests.api.helpers import api_send, error


def patch(client, channel, body, api_key):
    return api_send(client, "patch", f"/channels/{channel.pk}", body, api_key)


def state(channel) -> tuple:
    row = Channel.objects.get(pk=channel.pk)
    return (row.name, row.is_enabled, row.is_beta, row.api_base_url, row.credentials)


def test_a_loopback_emulator_address_is_set_and_read_back(client, outlets, api_key):
    # when
    response = patch(client, outlets.store, {"api_base_url": "http://127.0.0.1:8701/"}, api_key)
    # then
    assert response.status_code == 200
    assert response.json()["api_base_url"] == "http://127.0.0.1:8701"
    assert state(outlets.store) == (
        "Acme Shopify",
        True,
        True,
        "http://127.0.0.1:8701",
        {"shop_domain": "acme.myshopify.com", "access_token": SECRET},
    )
    again = api_send(client, "get", f"/channels/{outlets.store.pk}", "", api_key)
    assert again.json()["api_base_url"] == "http://127.0.0.1:8701"


def test_fields_left_out_keep_their_values(client, outlets, api_key):
    # when
    response = patch(client, outlets.store, {"name": "Acme Shop", "is_enabled": False}, api_key)
    # then
    assert response.status_code == 200
    assert state(outlets.store)[:4] == ("Acme Shop", False, True, "")


def test_plain_http_elsewhere_is_a_422_on_the_field_and_changes_nothing(client, outlets, api_key):
    # given
    before = state(outlets.store)
    # when
    response = patch(client, outlets.store, {"api_base_url": "http://10.1.2.3:8701"}, api_key)
    # then
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {
            "field": "api_base_url",
            "message": "Plain http is allowed only on this machine (127.0.0.1, ::1, localhost): "
            "use https.",
        }
    ]
    assert state(outlets.store) == before


def test_credentials_and_unknown_fields_are_refused(client, outlets, api_key):
    # given
    before = state(outlets.store)
    # when
    response = patch(client, outlets.store, {"credentials": {"access_token": "x"}}, api_key)
    nulled = patch(client, outlets.store, {"is_enabled": None}, api_key)
    # then
    assert (response.status_code, nulled.status_code) == (422, 422)
    assert state(outlets.store) == before


def test_another_accounts_channel_is_404_and_unchanged(client, outlets, api_key):
    # given
    before = state(outlets.theirs)
    # when
    response = patch(client, outlets.theirs, {"api_base_url": "http://127.0.0.1:1"}, api_key)
    # then
    assert response.status_code == 404
    assert response.json() == error("not_found", "Channel not found.")
    assert state(outlets.theirs) == before
