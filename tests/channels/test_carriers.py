"""The carrier master list services: create, rename, delete carriers and services; the rules."""

import pytest

from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.channels.services.carriers import (
    CodeTaken,
    carrier_create,
    carrier_delete,
    carrier_service_create,
    carrier_service_delete,
    carrier_service_update,
    carrier_update,
)
from openoms.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from openoms.tenancy.roles import Role
from tests.channels.carrier_data import (
    actor_of,
    carriers_of,
    make_carrier,
    make_store,
    map_carrier,
)


def test_a_carrier_is_created_with_its_services_and_codes_keep_special_characters(tenant):
    # given
    actor = actor_of(tenant)
    # when
    carrier = carrier_create(
        actor=actor,
        account=tenant.account,
        code="  FedEx/US & Co.  ",
        name=" FedEx ",
        services=[("2nd Day Air*", "Second day"), ("GRND", "Ground")],
    )
    # then
    assert carrier.code == "FedEx/US & Co."
    assert carriers_of(tenant.account) == {
        "FedEx/US & Co.": ("FedEx", {"2nd Day Air*": "Second day", "GRND": "Ground"})
    }


def test_a_taken_carrier_code_is_refused_and_nothing_changes(tenant):
    # given
    make_carrier(tenant.account, "FDX", "FedEx")
    # when
    with pytest.raises(CodeTaken) as refused:
        carrier_create(
            actor=actor_of(tenant),
            account=tenant.account,
            code="FDX",
            name="Other",
            services=[("GRND", "Ground")],
        )
    # then
    assert refused.value.http_status == 409
    assert refused.value.errors == {"code": "The carrier code 'FDX' is already in the list."}
    assert carriers_of(tenant.account) == {"FDX": ("FedEx", {})}


def test_codes_are_case_sensitive_and_per_account(tenant):
    # given
    make_carrier(tenant.account, "FDX")
    make_carrier(tenant.second_account, "UPS")
    # when
    carrier_create(actor=actor_of(tenant), account=tenant.account, code="fdx", name="lower")
    carrier_create(actor=actor_of(tenant), account=tenant.account, code="UPS", name="UPS")
    # then
    assert sorted(carriers_of(tenant.account)) == ["FDX", "UPS", "fdx"]


def test_every_bad_field_is_reported_at_once_and_nothing_is_stored(tenant):
    # when
    with pytest.raises(ValidationFailed) as refused:
        carrier_create(
            actor=actor_of(tenant),
            account=tenant.account,
            code="X" * 61,
            name="",
            services=[("A", "Alpha"), ("A", "Again"), ("", "No code"), ("B", "\x00")],
        )
    # then
    assert refused.value.errors == {
        "code": "The carrier code is longer than 60 characters.",
        "name": "The carrier name is required.",
        "services.1.code": "The service code 'A' is listed twice (also at 0).",
        "services.2.code": "The service code is required.",
        "services.3.name": "The service name contains control characters.",
    }
    assert not Carrier.objects.exists()


def test_an_account_user_may_read_but_not_change_the_list(tenant):
    # given
    carrier = make_carrier(tenant.account, "FDX", "FedEx")
    user = actor_of(tenant, Role.ACCOUNT_USER)
    # when / then
    with pytest.raises(PermissionDenied):
        carrier_create(actor=user, account=tenant.account, code="UPS", name="UPS")
    with pytest.raises(PermissionDenied):
        carrier_update(actor=user, carrier=carrier, name="Changed")
    with pytest.raises(PermissionDenied):
        carrier_delete(actor=user, carrier=carrier)
    assert carriers_of(tenant.account) == {"FDX": ("FedEx", {})}


def test_another_organizations_carrier_is_not_found(tenant, other_tenant):
    # given
    theirs = make_carrier(other_tenant.account, "FDX", "Theirs", "GRND")
    # when / then
    with pytest.raises(NotFound):
        carrier_update(actor=actor_of(tenant), carrier=theirs, name="Mine")
    with pytest.raises(NotFound):
        carrier_delete(actor=actor_of(tenant), carrier=theirs)
    with pytest.raises(NotFound):
        carrier_service_create(actor=actor_of(tenant), carrier=theirs, code="X", name="X")
    assert carriers_of(other_tenant.account) == {"FDX": ("Theirs", {"GRND": "GRND service"})}


def test_a_carrier_is_renamed_and_its_services_managed(tenant):
    # given
    carrier = make_carrier(tenant.account, "FDX", "FedEx", "GRND")
    actor = actor_of(tenant)
    # when
    carrier_update(actor=actor, carrier=carrier, name="FedEx Corp")
    carrier_service_create(actor=actor, carrier=carrier, code="2DAY", name="2 days")
    carrier_service_update(
        actor=actor, service=carrier.services.get(code="GRND"), name="Ground Home"
    )
    # then
    assert carriers_of(tenant.account) == {
        "FDX": ("FedEx Corp", {"2DAY": "2 days", "GRND": "Ground Home"})
    }


def test_a_service_code_is_unique_within_its_carrier_only(tenant):
    # given
    fedex = make_carrier(tenant.account, "FDX", "FedEx", "GRND")
    ups = make_carrier(tenant.account, "UPS", "UPS")
    # when
    carrier_service_create(actor=actor_of(tenant), carrier=ups, code="GRND", name="Ground")
    with pytest.raises(CodeTaken) as refused:
        carrier_service_create(actor=actor_of(tenant), carrier=fedex, code="GRND", name="Again")
    # then
    assert refused.value.errors == {"code": "Carrier 'FDX' has the service code 'GRND' already."}
    assert CarrierService.objects.filter(code="GRND").count() == 2


def test_deleting_a_carrier_used_by_a_mapping_is_a_conflict(tenant):
    # given
    carrier = make_carrier(tenant.account, "FDX", "FedEx", "GRND")
    map_carrier(make_store(tenant.account, "Shop"), "FEDEX", "", carrier)
    # when
    with pytest.raises(Conflict) as refused:
        carrier_delete(actor=actor_of(tenant), carrier=carrier)
    # then
    assert refused.value.message == (
        "Carrier 'FDX' is used by 1 carrier mapping (e.g. on channel 'Shop'): delete or "
        "repoint them first."
    )
    assert carriers_of(tenant.account) == {"FDX": ("FedEx", {"GRND": "GRND service"})}


def test_deleting_a_service_used_by_a_mapping_is_a_conflict(tenant):
    # given
    carrier = make_carrier(tenant.account, "FDX", "FedEx", "GRND", "AIR")
    map_carrier(make_store(tenant.account), "FEDEX", "G", carrier, "GRND")
    actor = actor_of(tenant)
    # when
    with pytest.raises(Conflict):
        carrier_service_delete(actor=actor, service=carrier.services.get(code="GRND"))
    carrier_service_delete(actor=actor, service=carrier.services.get(code="AIR"))
    # then
    assert carriers_of(tenant.account)["FDX"][1] == {"GRND": "GRND service"}


def test_an_unused_carrier_is_deleted_with_its_services(tenant):
    # given
    carrier = make_carrier(tenant.account, "FDX", "FedEx", "GRND")
    # when
    carrier_delete(actor=actor_of(tenant), carrier=carrier)
    # then
    assert not Carrier.objects.exists()
    assert not CarrierService.objects.exists()
