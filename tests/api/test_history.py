"""GET /api/v2/account/history: the account's audit trail, newest first, page by page."""

import re

import pytest

from openoms.tenancy.models import AuditAction, AuditEntry
from tests.api.helpers import ISO_UTC, api_get, api_patch, error, field_paths, key_prefix


def _add_entries(account, count: int) -> list[int]:
    entries = [
        AuditEntry.objects.create(
            organization=account.organization,
            account=account,
            actor_label="command line",
            action=AuditAction.SETTING_CHANGED,
            field="timezone",
            field_label="Timezone",
            old_value=f"Zone {n}",
            new_value=f"Zone {n + 1}",
        )
        for n in range(count)
    ]
    return [entry.pk for entry in entries]


def test_history_lists_an_api_change_with_its_details(client, tenant, api_key):
    # given
    api_patch(client, {"units_of_measure": {"volume": "l"}}, api_key)
    entry = AuditEntry.objects.get(account=tenant.account, field="volume_unit")

    # when
    response = api_get(client, "/account/history", api_key)

    # then
    assert response.status_code == 200
    body = response.json()
    newest = body["items"][0]
    created_at = newest.pop("created_at")
    assert re.match(ISO_UTC, created_at)
    assert newest == {
        "id": entry.pk,
        "actor": f"API key Test key ({key_prefix(api_key)}…)",
        "action": "setting_changed",
        "field": "units_of_measure.volume",
        "field_label": "Volume",
        "old_value": "Cubic centimeter (cm³)",
        "new_value": "Liter (L)",
    }
    # the key's creation is in the history too, with its own field name
    assert [(i["action"], i["field"]) for i in body["items"][1:]] == [
        ("api_key_created", "api_key")
    ]
    assert (body["count"], body["page"], body["page_size"]) == (2, 1, 50)
    assert (body["next"], body["previous"]) == (None, None)


def test_history_pages_with_next_and_previous_urls(client, tenant, api_key):
    # given: 5 entries plus the key's creation, newest first
    ids = [*_add_entries(tenant.account, 5)[::-1], AuditEntry.objects.get(field="api_key").pk]

    # when
    first = api_get(client, "/account/history?page_size=2", api_key).json()
    second = api_get(client, "/account/history?page_size=2&page=2", api_key).json()
    last = api_get(client, "/account/history?page=3&page_size=2", api_key).json()

    # then
    assert [i["id"] for i in first["items"] + second["items"] + last["items"]] == ids
    assert first["count"] == second["count"] == last["count"] == 6
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v2/account/history?page_size=2&page=2"
    assert second["previous"] == "http://testserver/api/v2/account/history?page_size=2&page=1"
    assert second["next"] == "http://testserver/api/v2/account/history?page_size=2&page=3"
    assert last["next"] is None


def test_history_page_past_the_last_is_404(client, tenant, api_key):
    # when
    response = api_get(client, "/account/history?page=3&page_size=200", api_key)

    # then
    assert response.status_code == 404
    assert response.json() == error("not_found", "Page 3 does not exist; the last page is 1.")


def test_history_of_an_empty_account_is_an_empty_first_page(client, tenant, api_key):
    # given
    AuditEntry.objects.filter(account=tenant.account).delete()

    # when
    body = api_get(client, "/account/history", api_key).json()

    # then
    assert body == {
        "items": [],
        "count": 0,
        "page": 1,
        "page_size": 50,
        "next": None,
        "previous": None,
    }


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("page_size=0", ["page_size"]),
        ("page_size=201", ["page_size"]),
        ("page_size=abc", ["page_size"]),
        ("page_size=1.5", ["page_size"]),
        ("page=0", ["page"]),
        ("page=-1", ["page"]),
        ("page=x&page_size=-3", ["page", "page_size"]),
        ("page=" + "9" * 3900, ["page"]),  # longer addresses are a 414 (test_bad_input.py)
        ("page=1000000001", ["page"]),
    ],
)
def test_history_bad_page_parameters_are_422(client, tenant, api_key, query, fields):
    # when
    response = api_get(client, f"/account/history?{query}", api_key)

    # then
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert field_paths(response) == fields


def test_history_page_far_past_the_end_is_404_not_500(client, tenant, api_key):
    # when
    response = api_get(client, f"/account/history?page={10**9}", api_key)  # the largest page

    # then
    assert response.status_code == 404
