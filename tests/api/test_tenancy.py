"""An API key reads and changes its own account only; other tenants stay invisible."""

from openoms.tenancy.models import AuditEntry
from tests.api.helpers import api_get, api_patch, settings_snapshot
from tests.factories import make_api_key


def test_other_key_reads_only_its_own_account(client, tenant, other_tenant, other_api_key):
    # when
    body = api_get(client, "/account", other_api_key).json()

    # then
    assert (body["organization"]["code"], body["code"], body["name"]) == (
        "GLOBEX-GROUP",
        "GLOBEX-APPAREL",
        "Globex Apparel",
    )


def test_key_of_a_sibling_account_reads_the_sibling_only(client, tenant):
    # given: same organization, another account
    sibling_key = make_api_key(tenant.second_account)

    # when
    body = api_get(client, "/account", sibling_key).json()

    # then
    assert body["code"] == "ACME-OUTDOOR"


def test_patch_with_other_key_never_touches_our_account(
    client, tenant, api_key, other_tenant, other_api_key
):
    # given
    ours_before = settings_snapshot(tenant.account)
    second_before = settings_snapshot(tenant.second_account)

    # when
    response = api_patch(
        client, {"timezone": "Asia/Tokyo", "units_of_measure": {"size": "mm"}}, other_api_key
    )

    # then
    assert response.status_code == 200
    assert settings_snapshot(tenant.account) == ours_before
    assert settings_snapshot(tenant.second_account) == second_before
    assert settings_snapshot(other_tenant.account)["timezone"] == "Asia/Tokyo"
    assert not AuditEntry.objects.filter(
        organization=tenant.organization, field="timezone"
    ).exists()


def test_history_of_one_account_never_lists_the_others_entries(
    client, tenant, api_key, other_tenant, other_api_key
):
    # given
    api_patch(client, {"timezone": "Europe/Paris"}, api_key)
    api_patch(client, {"timezone": "Asia/Tokyo"}, other_api_key)

    # when
    ours = api_get(client, "/account/history", api_key).json()
    theirs = api_get(client, "/account/history", other_api_key).json()

    # then
    our_ids = set(AuditEntry.objects.filter(account=tenant.account).values_list("id", flat=True))
    their_ids = set(
        AuditEntry.objects.filter(account=other_tenant.account).values_list("id", flat=True)
    )
    assert {item["id"] for item in ours["items"]} == our_ids
    assert {item["id"] for item in theirs["items"]} == their_ids
    assert our_ids.isdisjoint(their_ids)
    assert [i["new_value"] for i in ours["items"] if i["field"] == "timezone"] == ["Europe/Paris"]
    assert [i["new_value"] for i in theirs["items"] if i["field"] == "timezone"] == ["Asia/Tokyo"]
