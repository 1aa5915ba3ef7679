"""Admin Settings → Carriers and a channel's Carrier Mappings tab: the pages, their forms, the
Maintenance files, permissions, tenancy and flat query counts."""

from __future__ import annotations

from functools import cached_property

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openoms.activity.models import FileImport
from openoms.tenancy.roles import Role
from tests.channels.carrier_data import (
    carriers_of,
    make_carrier,
    map_carrier,
    mappings_of,
)
from tests.channels.sku_mapping_files import uploads_fixture  # noqa: F401 -- a fixture
from tests.query_counts import ListCase, World, check_flat, marker
from tests.web.channel_data import channel_url, make_channel

CARRIERS = "/settings/carriers/"


def test_the_menu_lists_carriers_under_admin_settings(signed_in):
    # when
    html = signed_in(Role.ACCOUNT_USER).get("/").content.decode()
    # then
    assert "Admin Settings" in html
    assert f'<a href="{CARRIERS}">Carriers</a>' in html


def test_the_list_searches_and_shows_services(signed_in, tenant):
    # given
    make_carrier(tenant.account, "FDX", "FedEx", "GRND", "2DA")
    make_carrier(tenant.account, "UPS", "United Parcel")
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    # when
    everything = client.get(CARRIERS).content.decode()
    found = client.get(CARRIERS + "?q=united").content.decode()
    # then
    assert "<code>FDX</code>" in everything and "<code>UPS</code>" in everything
    assert '<code title="GRND service">GRND</code>' in everything
    assert "<code>UPS</code>" in found and "<code>FDX</code>" not in found
    assert "Create carrier" in everything and "Import Carriers.csv" in everything


def test_a_carrier_is_created_then_gets_services_and_a_new_name(signed_in, tenant):
    # given
    client = signed_in(Role.SUPERVISOR)
    # when
    created = client.post(CARRIERS + "new/", {"code": " FedEx/US ", "name": "FedEx"})
    carrier_url = created["Location"]
    added = client.post(
        carrier_url + "services/", {"service-code": "GRND", "service-name": "Ground"}
    )
    renamed = client.post(carrier_url, {"name": "FedEx Corp"})
    page = client.get(carrier_url).content.decode()
    # then
    assert (created.status_code, added.status_code, renamed.status_code) == (302, 302, 302)
    assert carriers_of(tenant.account) == {"FedEx/US": ("FedEx Corp", {"GRND": "Ground"})}
    assert "<code>GRND</code>" in page and 'value="Ground"' in page


def test_a_bad_carrier_shows_the_reason_on_the_form_and_stores_nothing(signed_in, tenant):
    # given
    make_carrier(tenant.account, "FDX", "FedEx")
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    # when
    html = client.post(CARRIERS + "new/", {"code": "FDX", "name": ""}).content.decode()
    # then
    assert "The carrier name is required." in html
    assert carriers_of(tenant.account) == {"FDX": ("FedEx", {})}


def test_a_bad_service_shows_the_reason_under_its_field(signed_in, tenant):
    # given
    fedex = make_carrier(tenant.account, "FDX", "FedEx", "GRND")
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    # when
    response = client.post(
        f"{CARRIERS}{fedex.pk}/services/", {"service-code": "GRND", "service-name": "Again"}
    )
    # then
    assert response.status_code == 422
    assert "Carrier &#x27;FDX&#x27; has the service code &#x27;GRND&#x27; already." in (
        response.content.decode()
    )
    assert carriers_of(tenant.account) == {"FDX": ("FedEx", {"GRND": "GRND service"})}


def test_deleting_a_used_carrier_says_why_and_keeps_it(signed_in, tenant):
    # given
    fedex = make_carrier(tenant.account, "FDX", "FedEx")
    map_carrier(make_channel(tenant.account, "Shop"), "FEDEX", "", fedex)
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    # when
    response = client.post(f"{CARRIERS}{fedex.pk}/delete/", follow=True)
    # then
    assert "is used by 1 carrier mapping (e.g. on channel &#x27;Shop&#x27;)" in (
        response.content.decode()
    )
    assert carriers_of(tenant.account) == {"FDX": ("FedEx", {})}


def test_services_are_renamed_and_deleted_and_an_unused_carrier_deleted(signed_in, tenant):
    # given
    fedex = make_carrier(tenant.account, "FDX", "FedEx", "GRND", "AIR")
    grnd, air = fedex.services.get(code="GRND"), fedex.services.get(code="AIR")
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    # when
    renamed = client.post(f"{CARRIERS}{fedex.pk}/services/{grnd.pk}/", {"name": "Ground"})
    deleted = client.post(f"{CARRIERS}{fedex.pk}/services/{air.pk}/delete/")
    after = carriers_of(tenant.account)
    gone = client.post(f"{CARRIERS}{fedex.pk}/delete/")
    # then
    assert (renamed.status_code, deleted.status_code, gone.status_code) == (302, 302, 302)
    assert after == {"FDX": ("FedEx", {"GRND": "Ground"})}
    assert gone["Location"] == CARRIERS
    assert carriers_of(tenant.account) == {}


def test_an_account_user_reads_the_list_but_may_not_change_it(signed_in, tenant):
    # given
    fedex = make_carrier(tenant.account, "FDX", "FedEx", "GRND")
    client = signed_in(Role.ACCOUNT_USER)
    # when
    html = client.get(CARRIERS).content.decode()
    answers = [
        client.post(CARRIERS + "new/", {"code": "UPS", "name": "UPS"}).status_code,
        client.post(f"{CARRIERS}{fedex.pk}/", {"name": "X"}).status_code,
        client.post(f"{CARRIERS}{fedex.pk}/delete/").status_code,
        client.post(f"{CARRIERS}{fedex.pk}/services/", {"service-code": "A"}).status_code,
    ]
    # then
    assert "<code>FDX</code>" in html and "Create carrier" not in html
    assert answers == [403, 403, 403, 403]
    assert carriers_of(tenant.account) == {"FDX": ("FedEx", {"GRND": "GRND service"})}


def test_another_accounts_carriers_are_invisible_and_untouchable(signed_in, tenant, other_tenant):
    # given
    theirs = make_carrier(other_tenant.account, "THEIRS", "Theirs", "X")
    sibling = make_carrier(tenant.second_account, "SIBLING", "Sibling")
    client = signed_in(Role.ORGANIZATION_OWNER)
    service = theirs.services.get()
    # when
    html = client.get(CARRIERS).content.decode()
    answers = [
        client.get(f"{CARRIERS}{theirs.pk}/").status_code,
        client.get(f"{CARRIERS}{sibling.pk}/").status_code,
        client.post(f"{CARRIERS}{theirs.pk}/", {"name": "Mine"}).status_code,
        client.post(f"{CARRIERS}{theirs.pk}/delete/").status_code,
        client.post(f"{CARRIERS}{theirs.pk}/services/{service.pk}/delete/").status_code,
    ]
    # then
    assert "THEIRS" not in html and "SIBLING" not in html
    assert answers == [404] * 5
    assert carriers_of(other_tenant.account) == {"THEIRS": ("Theirs", {"X": "X service"})}


def test_the_carriers_file_is_exported_and_imported(signed_in, tenant, uploads):
    # given
    make_carrier(tenant.account, "FDX", "FedEx", "GRND")
    client = signed_in(Role.ACCOUNT_ADMINISTRATOR)
    text = "carrier_code,carrier_name,service_code,service_name\nUPS,UPS,GND,Ground\n"
    # when
    exported = b"".join(client.get(CARRIERS + "export/").streaming_content).decode()
    template = client.get(CARRIERS + "template/").content.decode()
    started = client.post(
        CARRIERS + "import/", {"file": SimpleUploadedFile("Carriers.csv", text.encode())}
    )
    # then
    assert exported.splitlines() == [
        "carrier_code,carrier_name,service_code,service_name",
        "FDX,FedEx,GRND,GRND service",
    ]
    assert template == "carrier_code,carrier_name,service_code,service_name\r\n"
    file_import = FileImport.objects.get()
    assert (started.status_code, file_import.kind) == (302, "carriers")


@pytest.fixture
def store(tenant):
    return make_channel(tenant.account, "Main store")


def test_the_channel_has_a_carrier_mappings_tab_with_its_help(signed_in, tenant, store):
    # given
    fedex = make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    map_carrier(store, "2nd Day Air*", "", fedex, "Ground", primary=True)
    # when
    html = (
        signed_in(Role.ACCOUNT_USER).get(channel_url(store, "carrier-mappings/")).content.decode()
    )
    settings_page = signed_in(Role.ACCOUNT_USER).get(channel_url(store)).content.decode()
    # then
    assert "Carrier Mappings" in settings_page
    assert "<code>2nd Day Air*</code>" in html and '<span class="badge badge-blue">Primary' in html
    assert "many-to-one" in html
    assert "matches <code>2nd Day Air</code> and <code>2nd Day Air Saver</code>" in html


def test_a_mapping_is_created_edited_and_deleted_on_the_tab(signed_in, tenant, store):
    # given
    make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    client = signed_in(Role.ACCOUNT_USER)
    base = channel_url(store, "carrier-mappings/")
    form = {
        "carrier_channel_code": "FDEG",
        "service_channel_code": "",
        "carrier_code": "FedEx",
        "service_code": "Ground",
        "is_primary": "on",
    }
    # when
    created = client.post(base + "new/", form)
    mapping = store.carrier_mappings.get()
    edited = client.post(f"{base}{mapping.pk}/", form | {"is_primary": ""})
    after_edit = mappings_of(store)
    deleted = client.post(f"{base}{mapping.pk}/delete/")
    # then
    assert (created.status_code, edited.status_code, deleted.status_code) == (302, 302, 302)
    assert after_edit == [("FDEG", "", "FedEx", "Ground", False)]
    assert mappings_of(store) == []


def test_a_refused_mapping_shows_the_reason_and_stores_nothing(signed_in, tenant, store):
    # given
    fedex = make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    map_carrier(store, "FDEX", "", fedex, "Ground", primary=True)
    client = signed_in(Role.ACCOUNT_USER)
    form = {"carrier_channel_code": "B", "carrier_code": "FedEx", "service_code": "Ground"}
    # when
    html = client.post(
        channel_url(store, "carrier-mappings/new/"), form | {"is_primary": "on"}
    ).content.decode()
    # then
    assert "FedEx/Ground has a primary mapping already (FDEX); only one may be." in html
    assert mappings_of(store) == [("FDEX", "", "FedEx", "Ground", True)]


def test_another_accounts_mappings_are_invisible_and_untouchable(signed_in, other_tenant):
    # given
    theirs = make_channel(other_tenant.account, "Their store")
    mapping = map_carrier(theirs, "X", "", make_carrier(other_tenant.account, "C", "C"))
    client = signed_in(Role.ORGANIZATION_OWNER)
    # when
    answers = [
        client.get(channel_url(theirs, "carrier-mappings/")).status_code,
        client.post(channel_url(theirs, f"carrier-mappings/{mapping.pk}/delete/")).status_code,
        client.get(channel_url(theirs, "carrier-mappings/export/")).status_code,
    ]
    # then
    assert answers == [404, 404, 404]
    assert mappings_of(theirs) == [("X", "", "C", None, False)]


def test_the_mappings_file_is_exported_and_imported_on_the_tab(signed_in, tenant, store, uploads):
    # given
    fedex = make_carrier(tenant.account, "FedEx", "FedEx")
    map_carrier(store, "FDEX", "", fedex)
    client = signed_in(Role.ACCOUNT_USER)
    text = "carrier_channel_code,service_channel_code,carrier_code,service_code,primary\n"
    # when
    exported = client.get(channel_url(store, "carrier-mappings/export/"))
    started = client.post(
        channel_url(store, "carrier-mappings/import/"),
        {"file": SimpleUploadedFile("C_Carrier_Mappings.csv", (text + "A,,FedEx,,\n").encode())},
    )
    # then
    assert b"".join(exported.streaming_content).decode().splitlines() == [
        text.strip(),
        "FDEX,,FedEx,,false",
    ]
    assert started.status_code == 302
    assert FileImport.objects.get().kind == "carrier_mappings"


class CarrierPages(World):
    @cached_property
    def carrier_store(self):
        return make_channel(self.account, "QC carriers")


def grow_carriers(world: World, start: int, stop: int) -> str:
    for number in range(start, stop):
        make_carrier(world.account, marker(number), "Name", "A", "B")
    return CARRIERS


def grow_mappings(world: CarrierPages, start: int, stop: int) -> str:
    for number in range(start, stop):
        carrier = make_carrier(world.account, f"C{number}", "Name", "S")
        map_carrier(world.carrier_store, marker(number), "", carrier, "S")
    return channel_url(world.carrier_store, "carrier-mappings/")


@pytest.mark.parametrize(
    "case",
    [ListCase("carriers", grow_carriers, 10), ListCase("carrier_mappings", grow_mappings, 10)],
    ids=lambda case: case.name,
)
def test_list_page_queries_are_flat(case, tenant, signed_in, django_assert_num_queries):
    client = signed_in(Role.ORGANIZATION_OWNER)
    check_flat(case, CarrierPages(tenant), client.get, django_assert_num_queries)
