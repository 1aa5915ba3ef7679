"""Contract test without network: every GraphQL document the Shopify connector can send is valid
against the stored Admin SDL of API 2026-04, and the inventory mutations carry what 2026-04
requires of them at run time (``@idempotent``; ``changeFromQuantity`` is the builders' job)."""

from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

from openoms.connectors.shopify.documents import API_VERSION, DOCUMENTS

SDL = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "shopify-admin-2026-04.graphql"
INVENTORY_MUTATIONS = ("InventorySetQuantities", "InventoryAdjustQuantities")


@pytest.fixture(scope="module")
def schema():
    return build_schema(SDL.read_text(), assume_valid=True)


def errors(schema, document: str) -> list[str]:
    return [error.message for error in validate(schema, parse(document))]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_document_is_valid_against_the_2026_04_schema(schema, name):
    assert errors(schema, DOCUMENTS[name]) == []


def test_a_wrong_field_name_is_caught(schema):
    # given the products query with one field misspelt
    broken = DOCUMENTS["ProductsPage"].replace("barcode", "barcodes")
    # then the contract test would fail
    assert errors(schema, broken) == [
        "Cannot query field 'barcodes' on type 'ProductVariant'. Did you mean 'barcode' or 'taxCode'?"
    ]


@pytest.mark.parametrize("name", INVENTORY_MUTATIONS)
def test_inventory_mutations_are_idempotent_by_key(name):
    assert "@idempotent(key: $idempotencyKey)" in DOCUMENTS[name]
    assert "$idempotencyKey: String!" in DOCUMENTS[name]


def test_the_sdl_is_the_2026_04_contract():
    assert API_VERSION == "2026-04"
    assert "API version 2026-04" in SDL.read_text()[:400]
