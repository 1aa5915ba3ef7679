"""Carriers and channel carrier mappings by API: statuses, bodies, 4xx codes, tenancy, the CSV
files and flat query counts."""

from __future__ import annotations

from functools import cached_property

import pytest

from openoms.activity.import_runner import file_import_run
from tests.api.helpers import API, api_get, api_post, api_send
from tests.channels.carrier_data import (
    carriers_of,
    make_carrier,
    make_store,
    map_carrier,
    mappings_of,
)
from tests.channels.sku_mapping_files import uploads_fixture  # noqa: F401 -- a fixture
from tests.query_counts import ListCase, World, check_flat, marker


def _patch(client, path, body, key):
    return api_send(client, "patch", path, body, key)


def _delete(client, path, key):
    return client.delete(f"{API}{path}", headers={"X-API-Key": key})


def _code(response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


def test_carriers_are_created_read_renamed_and_deleted(client, tenant, api_key):
    # when
    created = api_post(
        client,
        "/carriers",
        {"code": "FedEx/US", "name": "FedEx", "services": [{"code": "GRND", "name": "Ground"}]},
        api_key,
    )
    added = api_post(
        client, "/carriers/FedEx/US/services", {"code": "2DA*", "name": "2nd"}, api_key
    )
    renamed = _patch(client, "/carriers/FedEx/US", {"name": "FedEx Corp"}, api_key)
    service = _patch(client, "/carriers/FedEx/US/services/GRND", {"name": "Home"}, api_key)
    read = api_get(client, "/carriers/FedEx%2FUS", api_key)
    # then
    assert created.status_code == 201, created.content
    assert created.json()["services"] == [{"code": "GRND", "name": "Ground"}]
    assert (added.status_code, added.json()) == (201, {"code": "2DA*", "name": "2nd"})
    assert (renamed.status_code, renamed.json()["name"]) == (200, "FedEx Corp")
    assert (service.status_code, service.json()) == (200, {"code": "GRND", "name": "Home"})
    assert read.json()["services"] == [
        {"code": "2DA*", "name": "2nd"},
        {"code": "GRND", "name": "Home"},
    ]
    assert _delete(client, "/carriers/FedEx/US/services/2DA*", api_key).status_code == 204
    assert _delete(client, "/carriers/FedEx/US", api_key).status_code == 204
    assert carriers_of(tenant.account) == {}


def test_the_carrier_list_is_paginated_and_searchable(client, tenant, api_key):
    # given
    make_carrier(tenant.account, "FDX", "FedEx", "GRND")
    make_carrier(tenant.account, "UPS", "United Parcel", "2DA")
    make_carrier(tenant.account, "DHL", "DHL")
    # when
    page = api_get(client, "/carriers?page_size=2", api_key).json()
    found = api_get(client, "/carriers?q=2da", api_key).json()
    # then
    assert [c["code"] for c in page["items"]] == ["DHL", "FDX"]
    assert (page["count"], page["next"] is not None) == (3, True)
    assert [c["code"] for c in found["items"]] == ["UPS"]


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [
        ("post", "/carriers", {"code": "FDX", "name": "Again"}, (409, "code_taken")),
        ("post", "/carriers", {"code": " ", "name": "X"}, (422, "validation_error")),
        ("post", "/carriers", {"code": "A", "name": "B", "extra": 1}, (422, "validation_error")),
        ("post", "/carriers", {"code": 5, "name": "B"}, (422, "validation_error")),
        ("post", "/carriers/FDX/services", {"code": "GRND", "name": "x"}, (409, "code_taken")),
        ("post", "/carriers/NOPE/services", {"code": "A", "name": "x"}, (404, "not_found")),
        ("patch", "/carriers/FDX", {"name": ""}, (422, "validation_error")),
        ("patch", "/carriers/NOPE", {"name": "x"}, (404, "not_found")),
        ("patch", "/carriers/FDX/services/NOPE", {"name": "x"}, (404, "not_found")),
        ("delete", "/carriers/FDX", None, (409, "conflict")),
        ("delete", "/carriers/FDX/services/GRND", None, (409, "conflict")),
        ("delete", "/carriers/fdx", None, (404, "not_found")),
        ("get", "/carriers?page=9", None, (404, "not_found")),
    ],
)
def test_bad_carrier_requests_are_4xx_and_change_nothing(
    client, tenant, api_key, method, path, body, expected
):
    # given
    fedex = make_carrier(tenant.account, "FDX", "FedEx", "GRND")
    map_carrier(make_store(tenant.account), "FEDEX", "", fedex, "GRND")
    before = carriers_of(tenant.account)
    # when
    if body is None:
        response = getattr(client, method)(f"{API}{path}", headers={"X-API-Key": api_key})
    else:
        response = api_send(client, method, path, body, api_key)
    # then
    assert _code(response) == expected
    assert carriers_of(tenant.account) == before


def test_another_accounts_carriers_and_mappings_are_not_found(
    client, tenant, other_tenant, api_key
):
    # given
    theirs = make_carrier(other_tenant.account, "FDX", "Theirs", "GRND")
    their_store = make_store(other_tenant.account)
    mapping = map_carrier(their_store, "X", "", theirs)
    make_carrier(tenant.second_account, "UPS", "Sibling")
    mine = make_store(tenant.account)
    # when
    answers = [
        api_get(client, "/carriers/FDX", api_key),
        api_get(client, "/carriers/UPS", api_key),
        _patch(client, "/carriers/FDX", {"name": "Mine"}, api_key),
        _delete(client, "/carriers/FDX", api_key),
        api_get(client, f"/channels/{their_store.pk}/carrier-mappings", api_key),
        _delete(client, f"/channels/{their_store.pk}/carrier-mappings/{mapping.pk}", api_key),
        _delete(client, f"/channels/{mine.pk}/carrier-mappings/{mapping.pk}", api_key),
    ]
    listed = api_get(client, "/carriers", api_key).json()
    # then
    assert [_code(answer) for answer in answers] == [(404, "not_found")] * 7
    assert listed["count"] == 0
    assert carriers_of(other_tenant.account) == {"FDX": ("Theirs", {"GRND": "GRND service"})}
    assert mappings_of(their_store) == [("X", "", "FDX", None, False)]


def test_carrier_mappings_are_created_listed_changed_and_deleted(client, tenant, api_key):
    # given
    make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    store = make_store(tenant.account)
    base = f"/channels/{store.pk}/carrier-mappings"
    # when
    created = api_post(
        client,
        base,
        {"carrier_channel_code": "FDEX*", "carrier_code": "FedEx", "service_code": "Ground"},
        api_key,
    )
    mapping_id = created.json()["id"]
    changed = _patch(client, f"{base}/{mapping_id}", {"is_primary": True}, api_key)
    listed = api_get(client, f"{base}?q=fdex", api_key).json()
    # then
    assert created.status_code == 201, created.content
    assert {k: v for k, v in changed.json().items() if k != "updated_at"} == {
        "id": mapping_id,
        "carrier_channel_code": "FDEX*",
        "service_channel_code": "",
        "carrier_code": "FedEx",
        "service_code": "Ground",
        "is_primary": True,
    }
    assert [item["id"] for item in listed["items"]] == [mapping_id]
    assert _delete(client, f"{base}/{mapping_id}", api_key).status_code == 204
    assert mappings_of(store) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"carrier_channel_code": "FDEX", "carrier_code": "FedEx"},
            (409, "carrier_mapping_exists"),
        ),
        (
            {"carrier_channel_code": "Y", "carrier_code": "FedEx", "is_primary": True},
            (409, "primary_taken"),
        ),
        ({"carrier_channel_code": "Z", "carrier_code": "DHL"}, (422, "validation_error")),
        (
            {"carrier_channel_code": "Z", "carrier_code": "FedEx", "service_code": "Air"},
            (422, "validation_error"),
        ),
        ({"carrier_code": "FedEx"}, (422, "validation_error")),
        (
            {"carrier_channel_code": "Z", "carrier_code": "FedEx", "is_primary": "yes"},
            (422, "validation_error"),
        ),
    ],
)
def test_bad_mapping_requests_are_4xx_and_change_nothing(client, tenant, api_key, body, expected):
    # given
    fedex = make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    store = make_store(tenant.account)
    map_carrier(store, "FDEX", "", fedex, primary=True)
    before = mappings_of(store)
    # when
    response = api_post(client, f"/channels/{store.pk}/carrier-mappings", body, api_key)
    # then
    assert _code(response) == expected
    assert mappings_of(store) == before


def test_a_mapping_of_an_unknown_id_or_channel_is_not_found(client, tenant, api_key):
    # given
    store = make_store(tenant.account)
    # when
    answers = [
        _patch(client, f"/channels/{store.pk}/carrier-mappings/999", {"is_primary": True}, api_key),
        api_get(client, "/channels/999/carrier-mappings", api_key),
    ]
    # then
    assert [_code(answer) for answer in answers] == [(404, "not_found")] * 2


def test_the_csv_files_go_both_ways(client, tenant, api_key, uploads):
    # given
    store = make_store(tenant.account)
    carriers = "carrier_code,carrier_name,service_code,service_name\nFDX,FedEx,GRND,Ground\n"
    mappings = (
        "carrier_channel_code,service_channel_code,carrier_code,service_code,primary\n"
        "FEDEX,,FDX,GRND,true\nBAD,,NOPE,,\n"
    )
    # when
    first = client.post(
        f"{API}/carriers/import", carriers, content_type="text/csv", headers={"X-API-Key": api_key}
    )
    file_import_run(first.json()["id"])
    second = client.post(
        f"{API}/channels/{store.pk}/carrier-mappings/import",
        mappings,
        content_type="text/csv",
        headers={"X-API-Key": api_key},
    )
    file_import_run(second.json()["id"])
    report = api_get(client, f"/imports/{second.json()['id']}", api_key).json()
    carriers_file = api_get(client, "/carriers/export", api_key)
    mappings_file = api_get(client, f"/channels/{store.pk}/carrier-mappings/export", api_key)
    # then
    assert (first.status_code, first.json()["kind"]) == (202, "carriers")
    assert (second.status_code, second.json()["kind"]) == (202, "carrier_mappings")
    assert [(i["line"], i["reason"]) for i in report["issues"]["items"]] == [
        (3, "Unknown carrier code 'NOPE'.")
    ]
    assert b"".join(carriers_file.streaming_content).decode() == carriers.replace("\n", "\r\n")
    assert b"".join(mappings_file.streaming_content).decode().splitlines() == [
        "carrier_channel_code,service_channel_code,carrier_code,service_code,primary",
        "FEDEX,,FDX,GRND,true",
    ]


def test_a_wrong_header_is_refused_at_once(client, tenant, api_key, uploads):
    # when
    response = client.post(
        f"{API}/carriers/import",
        "a,b\n1,2\n",
        content_type="text/csv",
        headers={"X-API-Key": api_key},
    )
    # then
    assert _code(response) == (422, "validation_error")
    assert carriers_of(tenant.account) == {}


class CarrierWorld(World):
    @cached_property
    def carrier_store(self):
        return make_store(self.account, "QC carriers")


def grow_carriers(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        make_carrier(world.account, marker(number), "Name", "A", "B")
    return "/carriers?page_size=200"


def grow_mappings(world: World, start: int, stop: int) -> str:
    store = world.carrier_store
    for number in range(start, stop):
        carrier = make_carrier(world.account, f"C{number}", "Name", "S")
        map_carrier(store, marker(number), "", carrier, "S")
    return f"/channels/{store.pk}/carrier-mappings?page_size=200"


@pytest.mark.parametrize(
    "case",
    [ListCase("carriers", grow_carriers, 5), ListCase("carrier_mappings", grow_mappings, 5)],
    ids=lambda case: case.name,
)
def test_list_endpoint_queries_are_flat(case, client, tenant, api_key, django_assert_num_queries):
    check_flat(
        case,
        CarrierWorld(tenant),
        lambda path: api_get(client, path, api_key),
        django_assert_num_queries,
    )
