"""Carriers.csv (add or update) and C_Carrier_Mappings.csv (add only): imports and exports."""

import pytest

from openoms.activity.import_runner import file_import_run
from openoms.activity.models import ImportStatus
from openoms.channels.carrier_csv import (
    carrier_mappings_csv,
    carrier_mappings_import_start,
    carriers_csv,
    carriers_import_start,
)
from openoms.core.errors import PermissionDenied, ValidationFailed
from openoms.tenancy.roles import Role
from tests.channels.carrier_data import (
    actor_of,
    carriers_of,
    make_carrier,
    make_store,
    map_carrier,
    mappings_of,
)
from tests.channels.sku_mapping_files import counts, issues, uploads_fixture  # noqa: F401
from tests.file_imports import upload

CARRIERS = "carrier_code,carrier_name,service_code,service_name\n"
MAPPINGS = "carrier_channel_code,service_channel_code,carrier_code,service_code,primary\n"


def import_carriers(tenant, text: str, role=Role.ACCOUNT_ADMINISTRATOR):
    started = carriers_import_start(
        actor=actor_of(tenant, role),
        account=tenant.account,
        upload=upload(text, "Carriers.csv"),
    )
    return file_import_run(started.pk)


def import_mappings(tenant, channel, text: str, role=Role.ACCOUNT_USER):
    started = carrier_mappings_import_start(
        actor=actor_of(tenant, role), channel=channel, upload=upload(text, "C_Carrier_Mappings.csv")
    )
    return file_import_run(started.pk)


def test_carriers_import_adds_new_carriers_and_services(tenant, uploads):
    # given
    text = CARRIERS + "FDX,FedEx,GRND,Ground\nFDX,FedEx,2DA*,2nd Day Air*\nLOCAL,Local & Co.,,\n"
    # when
    done = import_carriers(tenant, text)
    # then
    assert counts(done) == (ImportStatus.SUCCEEDED, 3, 3, 0, 0, 0)
    assert carriers_of(tenant.account) == {
        "FDX": ("FedEx", {"2DA*": "2nd Day Air*", "GRND": "Ground"}),
        "LOCAL": ("Local & Co.", {}),
    }


def test_carriers_import_updates_names_adds_services_and_deletes_nothing(tenant, uploads):
    # given
    make_carrier(tenant.account, "FDX", "Fedex old", "GRND", "AIR")
    make_carrier(tenant.account, "UPS", "UPS")
    text = (
        CARRIERS
        + "FDX,FedEx,GRND,Ground Home\n"  # carrier renamed, service renamed
        + "FDX,,NEW,New service\n"  # empty carrier name keeps it; a service added
        + "UPS,UPS,,\n"  # unchanged
    )
    # when
    done = import_carriers(tenant, text)
    # then
    assert counts(done) == (ImportStatus.SUCCEEDED, 3, 1, 1, 1, 0)
    assert carriers_of(tenant.account) == {
        "FDX": ("FedEx", {"AIR": "AIR service", "GRND": "Ground Home", "NEW": "New service"}),
        "UPS": ("UPS", {}),
    }


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("NEW,,,", "The carrier name is required for the new carrier 'NEW'."),
        ("FDX,FedEx,XYZ,", "The service name is required for the new service 'XYZ'."),
        (",Nameless,,", "The carrier code is required."),
        ("NEW,New,,Orphan", "A service name needs its service code."),
        ("NEW,New", "The row has 2 columns; the header has 4."),
        ("X" * 61 + ",Long,,", "The carrier code is longer than 60 characters."),
    ],
)
def test_a_bad_carrier_row_is_reported_with_its_line_and_stores_nothing(
    tenant, uploads, row, reason
):
    # given
    make_carrier(tenant.account, "FDX", "FedEx")
    # when
    done = import_carriers(tenant, CARRIERS + "UPS,UPS,GND,Ground\n" + row + "\n")
    # then
    assert counts(done) == (ImportStatus.SUCCEEDED, 2, 1, 0, 0, 1)
    assert issues(done) == [(3, reason)]
    assert carriers_of(tenant.account) == {"FDX": ("FedEx", {}), "UPS": ("UPS", {"GND": "Ground"})}


def test_contradictions_within_the_carriers_file_are_rejected(tenant, uploads):
    # given
    text = CARRIERS + "FDX,FedEx,GRND,Ground\nFDX,Fed Ex,AIR,Air\nFDX,,GRND,Ground again\n"
    # when
    done = import_carriers(tenant, text)
    # then
    assert counts(done) == (ImportStatus.SUCCEEDED, 3, 1, 0, 0, 2)
    assert issues(done) == [
        (3, "Carrier 'FDX' is named 'FedEx' on line 2: give it one name in the file."),
        (4, "Duplicate of line 2: each service may appear once in the file."),
    ]
    assert carriers_of(tenant.account) == {"FDX": ("FedEx", {"GRND": "Ground"})}


def test_an_account_user_may_not_import_carriers(tenant, uploads):
    with pytest.raises(PermissionDenied):
        import_carriers(tenant, CARRIERS + "FDX,FedEx,,\n", role=Role.ACCOUNT_USER)
    assert carriers_of(tenant.account) == {}


def test_a_wrong_carriers_header_is_refused_at_once(tenant, uploads):
    with pytest.raises(ValidationFailed) as refused:
        import_carriers(tenant, "code,name\nFDX,FedEx\n")
    assert (
        "The header row must be “carrier_code, carrier_name, service_code, service_name”"
        in (refused.value.errors["file"])
    )


def test_the_carriers_export_reads_back_as_the_same_list(tenant, other_tenant, uploads):
    # given
    make_carrier(tenant.account, "FDX", "FedEx", "GRND", "=AIR")
    make_carrier(tenant.account, "LOCAL", "Local")
    make_carrier(other_tenant.account, "THEIRS", "Theirs", "X")
    # when
    text = "".join(carriers_csv(actor=actor_of(tenant), account=tenant.account))
    # then
    assert text.splitlines() == [
        "carrier_code,carrier_name,service_code,service_name",
        "FDX,FedEx,'=AIR,'=AIR service",
        "FDX,FedEx,GRND,GRND service",
        "LOCAL,Local,,",
    ]
    before = carriers_of(tenant.account)
    done = import_carriers(tenant, text)
    assert counts(done) == (ImportStatus.SUCCEEDED, 3, 0, 0, 3, 0)
    assert carriers_of(tenant.account) == before


@pytest.fixture
def listed(tenant):
    """FedEx (Ground, Air) and UPS (no services), and a store with one mapping."""
    fedex = make_carrier(tenant.account, "FedEx", "FedEx", "Ground", "Air")
    make_carrier(tenant.account, "UPS", "UPS")
    store = make_store(tenant.account)
    map_carrier(store, "FDEX", "Ground", fedex, "Ground", primary=True)
    return store


def test_mappings_import_adds_and_skips_existing_pairs_unchanged(tenant, listed, uploads):
    # given
    text = (
        MAPPINGS
        + "FDEX,Ground,UPS,,true\n"  # mapped already: skipped, not changed
        + "FDEG,,FedEx,Ground,no\n"
        + "2nd Day Air*,,FedEx,Air,yes\n"
        + "UPS*,*,UPS,,\n"
    )
    # when
    done = import_mappings(tenant, listed, text)
    # then
    assert counts(done) == (ImportStatus.SUCCEEDED, 4, 3, 0, 0, 0)
    assert done.warning_count == 1
    assert issues(done) == [
        (
            2,
            "Skipped: the channel codes FDEX/Ground are mapped already (to FedEx/Ground); the "
            "import adds mappings and never changes existing ones.",
        )
    ]
    assert mappings_of(listed) == [
        ("2nd Day Air*", "", "FedEx", "Air", True),
        ("FDEG", "", "FedEx", "Ground", False),
        ("FDEX", "Ground", "FedEx", "Ground", True),
        ("UPS*", "*", "UPS", None, False),
    ]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("X,,DHL,,", "Unknown carrier code 'DHL'."),
        ("X,,FedEx,Express,", "Carrier 'FedEx' has no service 'Express'."),
        (
            "X,,FedEx,Ground,true",
            "FedEx/Ground has a primary mapping in this channel already; only one may be.",
        ),
        ("X,,FedEx,,maybe", "primary must be true or false, not 'maybe'."),
        (",,FedEx,,", "The carrier channel code is required."),
        ("X,,FedEx", "The row has 3 columns; the header has 5."),
    ],
)
def test_a_bad_mapping_row_is_reported_with_its_line_and_stores_nothing(
    tenant, listed, uploads, row, reason
):
    # given
    before = mappings_of(listed)
    # when
    done = import_mappings(tenant, listed, MAPPINGS + "OK,,UPS,,\n" + row + "\n")
    # then
    assert counts(done) == (ImportStatus.SUCCEEDED, 2, 1, 0, 0, 1)
    assert issues(done) == [(3, reason)]
    assert mappings_of(listed) == sorted([*before, ("OK", "", "UPS", None, False)])


def test_a_pair_or_a_primary_twice_in_the_mappings_file_is_rejected(tenant, listed, uploads):
    # given
    text = MAPPINGS + "A,,FedEx,Air,true\nA,,UPS,,\nB,,FedEx,Air,true\n"
    # when
    done = import_mappings(tenant, listed, text)
    # then
    assert issues(done) == [
        (3, "Duplicate of line 2: each channel code pair may appear once."),
        (4, "FedEx/Air is made primary on line 2 already."),
    ]
    assert [row[0] for row in mappings_of(listed)] == ["A", "FDEX"]


def test_mappings_import_only_knows_the_channels_own_account(tenant, other_tenant, uploads):
    # given
    make_carrier(other_tenant.account, "DHL", "DHL")
    store = make_store(tenant.account)
    # when
    done = import_mappings(tenant, store, MAPPINGS + "DHL,,DHL,,\n")
    # then
    assert issues(done) == [(2, "Unknown carrier code 'DHL'.")]
    assert mappings_of(store) == []


def test_the_mappings_export_reads_back_as_skips(tenant, listed, uploads):
    # given
    make_carrier(tenant.account, "DHL", "DHL")
    map_carrier(listed, "DHL*", "", listed.carrier_mappings.first().carrier)
    # when
    text = "".join(carrier_mappings_csv(actor=actor_of(tenant), channel=listed))
    done = import_mappings(tenant, listed, text)
    # then
    assert text.splitlines() == [
        MAPPINGS.strip(),
        "DHL*,,FedEx,,false",
        "FDEX,Ground,FedEx,Ground,true",
    ]
    assert counts(done) == (ImportStatus.SUCCEEDED, 2, 0, 0, 0, 0)
    assert done.warning_count == 2


def test_a_row_failing_while_written_leaves_nothing_of_it(tenant, uploads, monkeypatch):
    # given: writing the service of line 3 fails after its carrier was created
    from openoms.channels.carrier_models import CarrierService

    create = CarrierService.objects.create

    def failing(**values):
        if values["code"] == "BOOM":
            raise RuntimeError("disk full")
        return create(**values)

    monkeypatch.setattr(CarrierService.objects, "create", failing)
    text = CARRIERS + "FDX,FedEx,GRND,Ground\nNEW,New,BOOM,Boom\nUPS,UPS,,\n"
    # when
    done = import_carriers(tenant, text)
    # then: the batch was applied again row by row; line 3 left no carrier behind
    assert counts(done) == (ImportStatus.SUCCEEDED, 3, 2, 0, 0, 1)
    assert issues(done) == [(3, "The row could not be saved: disk full")]
    assert carriers_of(tenant.account) == {"FDX": ("FedEx", {"GRND": "Ground"}), "UPS": ("UPS", {})}
