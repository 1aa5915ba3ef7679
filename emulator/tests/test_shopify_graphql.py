"""Shopify emulator over real HTTP: auth, validation against the SDL, products, pagination."""

from __future__ import annotations

from openoms_emulator.shopify.errors import INVALID_TOKEN
from openoms_emulator.shopify.server import GRAPHQL_PATH

from . import shopify_fixtures as fx
from .shopify_fixtures import TOKEN

# pytest fixtures, shared through the module (not a conftest the ShipBob tests would see)
client, clock, running, shop, shopify_schema = (
    fx.client,
    fx.clock,
    fx.running,
    fx.shop,
    fx.shopify_schema,
)

PRODUCT_SET = """mutation Set($input: ProductSetInput!, $upsert: ProductSetUpsertInput) {
  productSet(input: $input, upsertInput: $upsert) {
    product { id handle title variants(first: 10) { nodes { id sku barcode price
      inventoryItem { id } } } }
    userErrors { code field message }
  }
}"""

PRODUCT = """query One($id: ID!) {
  product(id: $id) {
    title handle status
    options { name values }
    variants(first: 10) { nodes { sku barcode price title inventoryQuantity
      selectedOptions { name value }
      inventoryItem { sku measurement { weight { unit value } }
        inventoryLevels(first: 5) { nodes { location { name } quantities(names: ["available"]) { quantity } } } } } }
  }
}"""


def shirt_input(location: str, **extra) -> dict:
    return {
        "title": "Tee",
        "handle": "tee",
        "productOptions": [{"name": "Size", "values": [{"name": "S"}, {"name": "M"}]}],
        "variants": [
            {
                "sku": "TEE-S",
                "barcode": "0001",
                "price": "19.90",
                "optionValues": [{"optionName": "Size", "name": "S"}],
                "inventoryQuantities": [
                    {"locationId": location, "name": "available", "quantity": 7}
                ],
            },
            {
                "sku": "TEE-M",
                "price": "21.00",
                "optionValues": [{"optionName": "Size", "name": "M"}],
            },
        ],
        **extra,
    }


def test_wrong_and_expired_tokens_get_shopifys_401(client):
    assert client.gql("{ shop { name } }", token="shpat_wrong") == (401, {"errors": INVALID_TOKEN})
    assert client.gql("{ shop { name } }")[0] == 200
    client.control("config", {"expire_token": TOKEN})
    assert client.gql("{ shop { name } }") == (401, {"errors": INVALID_TOKEN})


def test_a_wrong_field_name_is_refused_with_shopifys_shape(client):
    status, body = client.gql("{ products(first: 1) { nodes { id titel } } }")
    assert status == 200
    assert body == {
        "errors": [
            {
                "message": "Field 'titel' doesn't exist on type 'Product'",
                "locations": [{"line": 1, "column": 35}],
                "extensions": {
                    "code": "undefinedField",
                    "typeName": "Product",
                    "fieldName": "titel",
                },
            }
        ]
    }


def test_unknown_argument_syntax_error_and_bad_body(client):
    body = client.gql('{ product(handle: "x") { id } }')[1]
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("Field 'product' doesn't accept argument 'handle'", "argumentNotAccepted"),
        ("Field 'product' is missing required arguments: id", "missingRequiredArguments"),
    ]
    body = client.gql("{ products(first: 1) { ")[1]
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert "data" not in body
    headers = {"X-Shopify-Access-Token": TOKEN, "Content-Type": "application/json"}
    status, body = client.request("POST", GRAPHQL_PATH, b"{not json", headers)
    assert (status, body) == (400, {"errors": {"query": "Required parameter missing or invalid"}})


def test_product_set_creates_then_reads_back_through_queries(client, shop):
    main = shop["locations"][0]["id"]
    payload = client.data(PRODUCT_SET, {"input": shirt_input(main)})["productSet"]
    assert payload["userErrors"] == []
    product = payload["product"]
    assert product["id"].startswith("gid://shopify/Product/")
    assert [v["sku"] for v in product["variants"]["nodes"]] == ["TEE-S", "TEE-M"]
    item = product["variants"]["nodes"][0]["inventoryItem"]["id"]
    client.data(
        "mutation($id: ID!) { inventoryItemUpdate(id: $id, input: {measurement: {weight: {unit: GRAMS, value: 180}}}) { userErrors { message } } }",
        {"id": item},
    )
    read = client.data(PRODUCT, {"id": product["id"]})["product"]
    assert read["title"] == "Tee" and read["handle"] == "tee" and read["status"] == "ACTIVE"
    assert read["options"] == [{"name": "Size", "values": ["S", "M"]}]
    small, medium = read["variants"]["nodes"]
    assert small["sku"] == "TEE-S" and small["barcode"] == "0001" and small["price"] == "19.90"
    assert small["title"] == "S" and small["selectedOptions"] == [{"name": "Size", "value": "S"}]
    assert small["inventoryQuantity"] == 7
    assert small["inventoryItem"]["measurement"]["weight"] == {"unit": "GRAMS", "value": 180.0}
    assert small["inventoryItem"]["inventoryLevels"]["nodes"] == [
        {"location": {"name": "Main"}, "quantities": [{"quantity": 7}]}
    ]
    assert medium["inventoryItem"]["inventoryLevels"]["nodes"] == []


def test_product_set_updates_by_id_and_upserts_by_handle(client, shop):
    main = shop["locations"][0]["id"]
    created = client.data(PRODUCT_SET, {"input": shirt_input(main)})["productSet"]["product"]
    small_id = created["variants"]["nodes"][0]["id"]
    update = {
        "id": created["id"],
        "title": "Tee v2",
        "productOptions": [{"name": "Size", "values": [{"name": "S"}]}],
        "variants": [
            {
                "id": small_id,
                "sku": "TEE-S2",
                "price": "18.00",
                "optionValues": [{"optionName": "Size", "name": "S"}],
            }
        ],
    }
    updated = client.data(PRODUCT_SET, {"input": update})["productSet"]
    assert updated["userErrors"] == []
    assert updated["product"]["id"] == created["id"]
    assert [(v["id"], v["sku"]) for v in updated["product"]["variants"]["nodes"]] == [
        (small_id, "TEE-S2")
    ]
    upsert = {
        "title": "Tee v3",
        "productOptions": update["productOptions"],
        "variants": update["variants"][:1],
    }
    upsert["variants"] = [{k: v for k, v in upsert["variants"][0].items() if k != "id"}]
    upserted = client.data(PRODUCT_SET, {"input": upsert, "upsert": {"match": {"handle": "tee"}}})[
        "productSet"
    ]
    assert upserted["product"]["id"] == created["id"] and upserted["product"]["title"] == "Tee v3"
    assert [v["id"] for v in upserted["product"]["variants"]["nodes"]] == [
        small_id
    ]  # matched by option
    products = client.data("{ products(first: 10) { nodes { handle } } }")["products"]["nodes"]
    assert [p["handle"] for p in products] == ["shirt", "tee"]


def test_product_set_user_errors(client, shop):
    main = shop["locations"][0]["id"]
    duplicate = client.data(PRODUCT_SET, {"input": {**shirt_input(main), "handle": "shirt"}})[
        "productSet"
    ]
    assert duplicate["product"] is None
    assert [e["code"] for e in duplicate["userErrors"]] == ["HANDLE_NOT_UNIQUE"]
    missing = client.data(
        PRODUCT_SET, {"input": {"id": "gid://shopify/Product/999999", "title": "x"}}
    )
    assert missing["productSet"]["userErrors"][0]["code"] == "PRODUCT_DOES_NOT_EXIST"
    no_options = {k: v for k, v in shirt_input(main).items() if k != "productOptions"}
    refused = client.data(PRODUCT_SET, {"input": no_options})["productSet"]
    assert [e["code"] for e in refused["userErrors"]] == ["PRODUCT_OPTIONS_INPUT_MISSING"]
    assert client.data("{ products(first: 10) { nodes { handle } } }")["products"]["nodes"] == [
        {"handle": "shirt"}
    ]


def test_cursor_pagination_walks_every_product_once(client):
    client.control(
        "seed",
        {"products": [{"title": f"P{i}", "variants": [{"sku": f"SKU{i}"}]} for i in range(7)]},
    )
    query = """query Page($after: String) { products(first: 3, after: $after) {
      edges { cursor node { title } } pageInfo { hasNextPage hasPreviousPage endCursor } } }"""
    titles, after, pages = [], None, []
    while True:
        page = client.data(query, {"after": after})["products"]
        titles += [e["node"]["title"] for e in page["edges"]]
        pages.append(
            (
                len(page["edges"]),
                page["pageInfo"]["hasNextPage"],
                page["pageInfo"]["hasPreviousPage"],
            )
        )
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        after = page["pageInfo"]["endCursor"]
    assert titles == [f"P{i}" for i in range(7)]
    assert pages == [(3, True, False), (3, True, True), (1, False, True)]
    by_sku = client.data(
        '{ productVariants(first: 5, query: "sku:SKU4") { nodes { sku product { title } } } }'
    )
    assert by_sku["productVariants"]["nodes"] == [{"sku": "SKU4", "product": {"title": "P4"}}]


def test_a_connection_without_first_or_last_is_an_error(client, shop):
    body = client.gql("{ locations { nodes { name } } }")[1]
    assert body["errors"][0]["message"] == "you must provide one of first or last"
    assert body["errors"][0]["path"] == ["locations"]
    names = client.data("{ locations(first: 5) { nodes { name isActive } } }")["locations"]["nodes"]
    assert names == [{"name": "Main", "isActive": True}, {"name": "Overflow", "isActive": True}]
