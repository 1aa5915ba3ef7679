"""The sandbox connector: a deterministic pretend catalog, and a push that only counts."""

from collections import Counter

import pytest

from openoms.catalog.validation import clean_barcode
from openoms.connectors.base import (
    ChannelAccess,
    ConnectorUnavailable,
    ProductSource,
    ProductTarget,
)
from openoms.connectors.registry import connector_for
from openoms.connectors.sandbox import SandboxStore
from openoms.connectors.types import ProductData

STORE_NAMES = ["Demo Store", "Acme Shop", "x", "Boutique Été", ""]


def listing(name: str) -> list[ProductData]:
    return list(SandboxStore(ChannelAccess({"store_name": name}, "channel 1")).fetch_products())


def test_the_same_store_always_lists_the_same_catalog():
    # when
    first, second = listing("Demo Store"), listing("Demo Store")
    # then
    assert first == second
    assert len(first) == 27
    assert first[0] == ProductData(
        sku="SBX-PEN-GOLD",
        name="Brass Pen",
        variant_name="Gold",
        description="A solid brass ballpoint pen.",
        barcode=first[0].barcode,
        weight_g=first[0].weight_g,
        price=first[0].price,
        product_ref="sbx-pen",
    )
    assert listing("Acme Shop") != first


@pytest.mark.parametrize("name", STORE_NAMES)
def test_a_catalog_has_12_to_16_products_of_1_to_4_variants_and_one_duplicated_sku(name):
    # when
    products = listing(name)
    # then
    per_product = Counter(product.group for product in products)
    assert 12 <= len(per_product) <= 16
    assert set(per_product.values()) <= {1, 2, 3, 4}
    times = Counter(product.sku for product in products)
    assert [sku for sku, count in times.items() if count > 1] == ["SBX-STKR"]
    assert times["SBX-STKR"] == 2
    assert all(product.sku.startswith("SBX-") for product in products)
    assert all(clean_barcode(product.barcode) == product.barcode for product in products)
    assert all(product.price > 0 and product.weight_g > 0 for product in products)


def test_a_sandbox_push_counts_what_it_received():
    # given
    store = SandboxStore(ChannelAccess({"store_name": "Demo Store"}, "channel 1"))
    # when
    received = store.push_products(iter(listing("Acme Shop")))
    # then
    assert received == 30


def test_the_registry_gives_sandbox_kinds_a_connector_and_refuses_later_ones():
    # when
    sandbox = connector_for(
        "sandbox_sales", ChannelAccess({"store_name": "Demo Store"}, "channel 1"), ProductSource
    )
    tpl = connector_for(
        "sandbox_fulfillment", ChannelAccess({"warehouse_name": "3PL"}, "channel 2"), object
    )
    # then
    assert isinstance(sandbox, ProductSource) and isinstance(sandbox, ProductTarget)
    assert isinstance(tpl, SandboxStore) and tpl.name == "3PL"
    for kind, label in (("unknown", "unknown"),):  # Shopify and ShipBob have connectors now
        with pytest.raises(ConnectorUnavailable) as refused:
            connector_for(
                kind, ChannelAccess({"shop_domain": "x.myshopify.com"}, "channel 3"), ProductSource
            )
        assert refused.value.message == f"The {label} connector arrives in a later release."


def test_a_connector_is_refused_in_a_role_it_does_not_play():
    with pytest.raises(ConnectorUnavailable) as refused:
        connector_for("sandbox_fulfillment", ChannelAccess({}, "channel 2"), ProductSource)
    assert refused.value.message == (
        "The sandbox_fulfillment connector does not play the ProductSource role."
    )
