"""Channel carrier mappings: the services (many-to-one, one primary) and the matching rules
(``*`` wildcard at the end, exact beats wildcard, longer prefix beats shorter)."""

import pytest

from openoms.channels.carrier_match import channel_codes_for, mapping_for
from openoms.channels.carrier_models import CarrierMapping
from openoms.channels.services.carrier_mappings import (
    MappingTaken,
    PrimaryTaken,
    carrier_mapping_create,
    carrier_mapping_delete,
    carrier_mapping_update,
)
from openoms.core.errors import NotFound, PermissionDenied, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.channels.carrier_data import (
    actor_of,
    make_carrier,
    make_store,
    map_carrier,
    mappings_of,
    service_of,
)


def _fields(carrier_code, service_code, carrier, service="", primary=False):
    return {
        "carrier_channel_code": carrier_code,
        "service_channel_code": service_code,
        "carrier_code": carrier,
        "service_code": service,
        "is_primary": primary,
    }


def test_many_channel_codes_map_to_one_carrier_service_with_one_primary(tenant):
    # given
    make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    store = make_store(tenant.account)
    user = actor_of(tenant, Role.ACCOUNT_USER)
    # when
    carrier_mapping_create(
        actor=user, channel=store, **_fields("FDEX", "Ground", "FedEx", "Ground", True)
    )
    carrier_mapping_create(actor=user, channel=store, **_fields(" FDEG ", "", "FedEx", "Ground"))
    # then
    assert mappings_of(store) == [
        ("FDEG", "", "FedEx", "Ground", False),
        ("FDEX", "Ground", "FedEx", "Ground", True),
    ]


def test_a_second_primary_for_the_same_target_is_refused(tenant):
    # given
    fedex = make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    store = make_store(tenant.account)
    map_carrier(store, "FDEX", "Ground", fedex, "Ground", primary=True)
    before = mappings_of(store)
    # when
    with pytest.raises(PrimaryTaken) as refused:
        carrier_mapping_create(
            actor=actor_of(tenant), channel=store, **_fields("FDEG", "", "FedEx", "Ground", True)
        )
    # then
    assert refused.value.http_status == 409
    assert refused.value.errors == {
        "is_primary": "FedEx/Ground has a primary mapping already (FDEX/Ground); only one may be."
    }
    assert mappings_of(store) == before


def test_a_primary_without_service_and_one_with_a_service_are_different_targets(tenant):
    # given
    make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    store = make_store(tenant.account)
    actor = actor_of(tenant)
    # when
    carrier_mapping_create(actor=actor, channel=store, **_fields("A", "", "FedEx", "", True))
    carrier_mapping_create(actor=actor, channel=store, **_fields("B", "", "FedEx", "Ground", True))
    with pytest.raises(PrimaryTaken):
        carrier_mapping_create(actor=actor, channel=store, **_fields("C", "", "FedEx", "", True))
    # then
    assert [row[0] for row in mappings_of(store)] == ["A", "B"]


def test_the_database_refuses_a_second_primary_without_service():
    # the partial unique constraint, on both backends
    assert {c.name for c in CarrierMapping._meta.constraints} >= {
        "carrier_mapping_one_primary",
        "carrier_mapping_one_primary_no_service",
    }


def test_the_same_channel_code_pair_is_mapped_once(tenant):
    # given
    fedex = make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    make_carrier(tenant.account, "UPS", "UPS")
    store = make_store(tenant.account)
    map_carrier(store, "FDEX", "", fedex)
    # when
    with pytest.raises(MappingTaken) as refused:
        carrier_mapping_create(actor=actor_of(tenant), channel=store, **_fields("FDEX", "", "UPS"))
    # then
    assert refused.value.code == "carrier_mapping_exists"
    assert mappings_of(store) == [("FDEX", "", "FedEx", None, False)]


def test_unknown_carrier_or_service_and_bad_codes_are_reported_at_once(tenant):
    # given
    make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    make_carrier(tenant.second_account, "UPS", "UPS")
    store = make_store(tenant.account)
    # when
    with pytest.raises(ValidationFailed) as unknown:
        carrier_mapping_create(actor=actor_of(tenant), channel=store, **_fields("", "", "UPS"))
    with pytest.raises(ValidationFailed) as bad_service:
        carrier_mapping_create(
            actor=actor_of(tenant), channel=store, **_fields("X", "", "FedEx", "Air")
        )
    # then
    assert unknown.value.errors == {
        "carrier_channel_code": "The carrier channel code is required.",
        "carrier_code": "Unknown carrier code 'UPS'.",
    }
    assert bad_service.value.errors == {"service_code": "Carrier 'FedEx' has no service 'Air'."}
    assert mappings_of(store) == []


def test_a_mapping_is_edited_and_deleted(tenant):
    # given
    fedex = make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    store = make_store(tenant.account)
    mapping = map_carrier(store, "FDEX", "", fedex)
    actor = actor_of(tenant, Role.ACCOUNT_USER)
    # when
    carrier_mapping_update(
        actor=actor, mapping=mapping, **_fields("FDEX*", "*", "FedEx", "Ground", True)
    )
    edited = mappings_of(store)
    carrier_mapping_delete(actor=actor, mapping=mapping)
    # then
    assert edited == [("FDEX*", "*", "FedEx", "Ground", True)]
    assert mappings_of(store) == []


def test_mappings_of_another_account_are_untouchable(tenant, other_tenant):
    # given
    theirs = make_carrier(other_tenant.account, "FedEx", "FedEx")
    their_store = make_store(other_tenant.account)
    mapping = map_carrier(their_store, "FDEX", "", theirs)
    # when / then
    with pytest.raises(NotFound):
        carrier_mapping_delete(actor=actor_of(tenant), mapping=mapping)
    with pytest.raises(NotFound):
        carrier_mapping_create(
            actor=actor_of(tenant), channel=their_store, **_fields("X", "", "FedEx")
        )
    assert mappings_of(their_store) == [("FDEX", "", "FedEx", None, False)]


def test_a_mapping_cannot_point_at_another_accounts_carrier(tenant):
    # given
    make_carrier(tenant.second_account, "UPS", "UPS")
    store = make_store(tenant.account)
    # when
    with pytest.raises(ValidationFailed) as refused:
        carrier_mapping_create(actor=actor_of(tenant), channel=store, **_fields("UPS", "", "UPS"))
    # then
    assert refused.value.errors == {"carrier_code": "Unknown carrier code 'UPS'."}


def test_a_role_without_the_permission_is_refused(tenant):
    # given: every real role manages mappings; an actor of no role may not
    make_carrier(tenant.account, "FedEx", "FedEx")
    store = make_store(tenant.account)
    # when
    with pytest.raises(PermissionDenied):
        carrier_mapping_create(
            actor=Actor(role="nobody", label="x", account_id=tenant.account.pk),
            channel=store,
            **_fields("X", "", "FedEx"),
        )
    # then
    assert mappings_of(store) == []


@pytest.fixture
def ups(tenant):
    """UPS with 2DA, 2DAS and GND, and a store whose mappings use wildcards."""
    carrier = make_carrier(tenant.account, "UPS", "UPS", "2DA", "2DAS", "GND")
    store = make_store(tenant.account)
    map_carrier(store, "UPS", "2nd Day Air*", carrier, "2DA")
    map_carrier(store, "UPS", "2nd Day Air Saver", carrier, "2DAS")
    map_carrier(store, "UPS", "2nd*", carrier, "GND")
    map_carrier(store, "U*", "*", carrier)
    return store


@pytest.mark.parametrize(
    ("carrier_code", "service_code", "expected"),
    [
        ("UPS", "2nd Day Air", ("UPS", "2DA")),  # the wildcard matches the prefix itself
        ("UPS", "2nd Day Air Saver", ("UPS", "2DAS")),  # exact wins over the wildcard
        ("UPS", "2nd Day Air Saver Plus", ("UPS", "2DA")),  # the longer prefix wins
        ("UPS", "2nd Ground", ("UPS", "GND")),
        ("UPS", "", ("UPS", None)),  # "*" matches no service code too
        ("UPSX", "Anything", ("UPS", None)),
        ("ups", "2nd Day Air", None),  # case-sensitive
        ("X", "", None),
    ],
)
def test_channel_codes_fall_under_the_most_specific_mapping(
    ups, carrier_code, service_code, expected
):
    # when
    mapping = mapping_for(ups, carrier_code, service_code)
    # then
    found = mapping and (mapping.carrier.code, mapping.service and mapping.service.code)
    assert found == expected


def test_a_star_inside_a_code_is_a_plain_character(tenant):
    # given
    carrier = make_carrier(tenant.account, "DHL", "DHL")
    store = make_store(tenant.account)
    map_carrier(store, "DHL*Express", "", carrier)
    # when / then
    assert mapping_for(store, "DHL*Express", "") is not None
    assert mapping_for(store, "DHL Express", "") is None


def test_an_empty_service_channel_code_matches_only_orders_without_one(tenant):
    # given
    carrier = make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    store = make_store(tenant.account)
    map_carrier(store, "Standard Shipping", "", carrier, "Ground")
    # when / then
    assert mapping_for(store, "Standard Shipping", "").service.code == "Ground"
    assert mapping_for(store, "Standard Shipping", "Express") is None


def test_the_primary_mapping_gives_the_codes_sent_to_the_channel(tenant):
    # given
    carrier = make_carrier(tenant.account, "FedEx", "FedEx", "Ground")
    store = make_store(tenant.account)
    ground = service_of(carrier, "Ground")
    map_carrier(store, "FDEG", "", carrier, "Ground")
    lone = channel_codes_for(store, carrier, ground)
    map_carrier(store, "FEDEX", "GRND", carrier, "Ground", primary=True)
    map_carrier(store, "FED*", "", carrier)
    # when
    primary = channel_codes_for(store, carrier, ground)
    # then
    assert lone == ("FDEG", "")
    assert primary == ("FEDEX", "GRND")
    assert channel_codes_for(store, carrier, None) is None  # only a wildcard maps it
