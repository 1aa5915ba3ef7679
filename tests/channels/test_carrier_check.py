"""``carrier_resolve``: the carrier check of the API Validation Rules, per document and level."""

import pytest

from openoms.channels.carrier_check import DOCUMENTS, CarrierResolution, carrier_resolve
from tests.channels.carrier_data import make_carrier, make_store, map_carrier, service_of


@pytest.fixture
def fedex(tenant):
    """FedEx with Ground and Air; "LOCAL" without services."""
    make_carrier(tenant.account, "LOCAL", "Local courier")
    return make_carrier(tenant.account, "FedEx", "FedEx", "Ground", "Air")


def _set_rules(account, document: str, carrier: str, service: str) -> None:
    setattr(account, f"{document}_carrier_code_rule", carrier)
    setattr(account, f"{document}_service_code_rule", service)
    account.save()


def _resolve(account, carrier_code, service_code, document="sales_order", channel=None):
    return carrier_resolve(
        account=account,
        document=document,
        carrier_code=carrier_code,
        service_code=service_code,
        channel=channel,
    )


def test_known_codes_resolve_without_problems(tenant, fedex):
    # when
    found = _resolve(tenant.account, " FedEx ", "Ground")
    # then
    assert found == CarrierResolution(fedex, service_of(fedex, "Ground"), (), "")


def test_a_carrier_without_services_needs_no_service_code(tenant, fedex):
    # when
    found = _resolve(tenant.account, "LOCAL", "")
    # then
    assert (found.carrier.code, found.service, found.problems, found.level) == (
        "LOCAL",
        None,
        (),
        "",
    )


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("level", ["warning", "error"])
def test_each_documents_carrier_rule_sets_the_level(tenant, fedex, document, level):
    # given: the service rule is the other level, so only the carrier rule can give ``level``
    other = "error" if level == "warning" else "warning"
    _set_rules(tenant.account, document, level, other)
    # when
    missing = _resolve(tenant.account, "", "Ground", document)
    unknown = _resolve(tenant.account, "FDX", "Ground", document)
    # then
    assert (missing.carrier, missing.problems, missing.level) == (
        None,
        ("The carrier code is missing.",),
        level,
    )
    assert (unknown.carrier, unknown.problems, unknown.level) == (
        None,
        ('Carrier code "FDX" is not in the carrier list.',),
        level,
    )


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("level", ["warning", "error"])
def test_each_documents_service_rule_sets_the_level(tenant, fedex, document, level):
    # given
    other = "error" if level == "warning" else "warning"
    _set_rules(tenant.account, document, other, level)
    # when
    missing = _resolve(tenant.account, "FedEx", "", document)
    unknown = _resolve(tenant.account, "FedEx", "Express", document)
    # then
    assert (missing.carrier, missing.service, missing.problems, missing.level) == (
        fedex,
        None,
        ('The service code is missing; carrier "FedEx" has services.',),
        level,
    )
    assert (unknown.carrier, unknown.service, unknown.problems, unknown.level) == (
        fedex,
        None,
        ('Service code "Express" is not a service of carrier "FedEx".',),
        level,
    )


def test_the_rules_of_one_document_do_not_touch_another(tenant, fedex):
    # given
    _set_rules(tenant.account, "shipment", "warning", "warning")
    # when
    shipment = _resolve(tenant.account, "FDX", "", "shipment")
    order = _resolve(tenant.account, "FDX", "", "sales_order")
    # then
    assert (shipment.level, order.level) == ("warning", "error")
    assert order.is_error and not shipment.is_error


def test_an_unknown_document_is_a_programming_error(tenant):
    with pytest.raises(ValueError, match="Unknown document 'invoice'"):
        _resolve(tenant.account, "FedEx", "", "invoice")


def test_a_channel_translates_its_codes_through_its_mappings_first(tenant, fedex):
    # given: the worked example, Shopify "Standard Shipping" and eBay "FDEG" without services
    store = make_store(tenant.account)
    map_carrier(store, "Standard Shipping", "", fedex, "Ground")
    map_carrier(store, "FDEX", "Ground*", fedex, "Ground")
    # when
    standard = _resolve(tenant.account, "Standard Shipping", "", channel=store)
    woo = _resolve(tenant.account, "FDEX", "Ground Home", channel=store)
    direct = _resolve(tenant.account, "FedEx", "Air", channel=store)
    # then
    assert (standard.carrier, standard.service.code, standard.problems) == (fedex, "Ground", ())
    assert (woo.carrier, woo.service.code, woo.problems) == (fedex, "Ground", ())
    assert (direct.carrier, direct.service.code, direct.problems) == (fedex, "Air", ())


def test_a_mapping_to_a_carrier_without_service_still_needs_one_when_it_has_services(tenant, fedex):
    # given
    _set_rules(tenant.account, "sales_order", "error", "warning")
    store = make_store(tenant.account)
    map_carrier(store, "FDX*", "", fedex)
    # when
    found = _resolve(tenant.account, "FDX", "", channel=store)
    # then
    assert (found.carrier, found.service, found.level) == (fedex, None, "warning")
    assert found.problems == ('The service code is missing; carrier "FedEx" has services.',)


def test_codes_no_mapping_matches_name_the_channel(tenant, fedex):
    # given
    store = make_store(tenant.account, "Acme Shopify")
    # when
    found = _resolve(tenant.account, "Overnight", "", channel=store)
    # then
    assert found.problems == (
        'Carrier code "Overnight" is not in the carrier list and no carrier mapping of channel '
        '"Acme Shopify" matches it.',
    )
    assert found.level == "error"


def test_another_accounts_carriers_are_never_found(tenant, other_tenant):
    # given
    make_carrier(other_tenant.account, "FedEx", "FedEx")
    make_carrier(tenant.second_account, "UPS", "UPS")
    # when
    theirs = _resolve(tenant.account, "FedEx", "")
    sibling = _resolve(tenant.account, "UPS", "")
    # then
    assert (theirs.carrier, sibling.carrier) == (None, None)
    assert theirs.level == sibling.level == "error"


def test_a_channel_of_another_account_is_a_programming_error(tenant, fedex):
    # given
    theirs = make_store(tenant.second_account)
    # when / then
    with pytest.raises(ValueError, match="another account"):
        _resolve(tenant.account, "FedEx", "Ground", channel=theirs)


def test_a_star_mapping_covers_an_order_without_a_carrier_code(tenant, fedex):
    # given: every code of the store, none included, is FedEx Ground
    _set_rules(tenant.account, "sales_order", "error", "error")
    store = make_store(tenant.account)
    map_carrier(store, "*", "*", fedex, "Ground")
    # when
    empty = _resolve(tenant.account, "", "", channel=store)
    blank = _resolve(tenant.account, "  ", "Express", channel=store)
    # then
    assert empty == CarrierResolution(fedex, service_of(fedex, "Ground"), (), "")
    assert blank == CarrierResolution(fedex, service_of(fedex, "Ground"), (), "")


def test_an_empty_carrier_code_is_still_missing_without_a_star_mapping(tenant, fedex):
    # given: a prefix wildcard and an exact mapping, neither covers "no carrier"
    _set_rules(tenant.account, "sales_order", "error", "warning")
    store = make_store(tenant.account)
    map_carrier(store, "FDX*", "*", fedex, "Ground")
    map_carrier(store, "Standard Shipping", "", fedex, "Air")
    # when
    found = _resolve(tenant.account, "", "", channel=store)
    without_channel = _resolve(tenant.account, "", "")
    # then
    assert found == CarrierResolution(None, None, ("The carrier code is missing.",), "error")
    assert without_channel == found


def test_an_exact_mapping_beats_the_star_one_and_the_star_one_needs_its_service(tenant, fedex):
    # given: "*" with an empty service channel code: only orders without a service code
    store = make_store(tenant.account)
    map_carrier(store, "*", "", fedex, "Air")
    map_carrier(store, "UPS", "*", fedex, "Ground")
    # when
    empty = _resolve(tenant.account, "", "", channel=store)
    with_service = _resolve(tenant.account, "", "Next Day", channel=store)
    ups = _resolve(tenant.account, "UPS", "", channel=store)
    # then
    assert (empty.carrier, empty.service.code, empty.problems) == (fedex, "Air", ())
    assert (with_service.carrier, with_service.problems) == (
        None,
        ("The carrier code is missing.",),
    )
    assert (ups.carrier, ups.service.code) == (fedex, "Ground")


def test_another_channels_star_mapping_does_not_cover_this_one(tenant, fedex):
    # given
    mapped, bare = make_store(tenant.account, "Mapped"), make_store(tenant.account, "Bare")
    map_carrier(mapped, "*", "*", fedex, "Ground")
    # when
    found = _resolve(tenant.account, "", "", channel=bare)
    # then
    assert (found.carrier, found.problems) == (None, ("The carrier code is missing.",))
