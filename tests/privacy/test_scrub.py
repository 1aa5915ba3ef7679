"""Finding a customer's values in stored text and JSON: by value (any case; short and shared
values such as a country code only as whole values) and by key (personal keys and address or
customer objects, whoever they belong to), never ids, SKUs, quantities, prices or dates."""

from __future__ import annotations

from openoms.privacy.scrub import MARKER, Needles, scrub_json, scrub_text

NEEDLES = Needles.of(
    [
        ("customer_name", "Ada Lovelace"),
        ("email", "ada@example.com"),
        ("address1", "1 Analytical St"),
        ("country", "CA"),
        ("region", "ON"),
        ("postal_code", "10001"),
        ("name", "Bo"),
        ("city", "Zoë-sur-Mer"),
    ]
)


def test_values_are_replaced_inside_texts_in_any_case():
    assert scrub_text("Ada LOVELACE moved to 1 analytical st.", NEEDLES) == (
        f"{MARKER} moved to {MARKER}."
    )
    assert scrub_text("Mail ADA@example.com today", NEEDLES) == f"Mail {MARKER} today"


def test_short_and_shared_values_are_replaced_only_as_whole_values():
    text = "Order 10001 for Bo: CANCEL requested ON time"
    assert scrub_text(text, NEEDLES) == text
    assert [scrub_text(v, NEEDLES) for v in ("CA", " ca ", "10001", "Bo", "ON")] == [MARKER] * 5


def test_a_value_is_found_as_json_text_spells_it():
    assert scrub_text('{"city": "Zo\\u00eb-sur-Mer"}', NEEDLES) == f'{{"city": "{MARKER}"}}'


def test_personal_keys_and_objects_are_replaced_but_ids_skus_quantities_prices_and_dates_stay():
    body = {
        "id": 5501,
        "admin_graphql_api_id": "gid://shopify/Order/5501",
        "name": "#1001",
        "created_at": "2026-10-01T10:00:00Z",
        "email": "someone@else.example",
        "note": "ring twice",
        "customer": {"id": 77, "first_name": "Grace", "last_name": "Hopper", "tags": "vip"},
        "shipping_address": {"address1": "9 Other Rd", "latitude": 45.4, "country_code": "US"},
        "line_items": [{"id": 8, "sku": "TEE", "quantity": 2, "price": "19.90", "name": "Tee"}],
        "total_price": "39.80",
    }
    assert scrub_json(body, Needles.none()) == {
        "id": 5501,
        "admin_graphql_api_id": "gid://shopify/Order/5501",
        "name": "#1001",
        "created_at": "2026-10-01T10:00:00Z",
        "email": MARKER,
        "note": MARKER,
        "customer": {"id": 77, "first_name": MARKER, "last_name": MARKER, "tags": MARKER},
        "shipping_address": {"address1": MARKER, "latitude": None, "country_code": MARKER},
        "line_items": [{"id": 8, "sku": "TEE", "quantity": 2, "price": "19.90", "name": "Tee"}],
        "total_price": "39.80",
    }


def test_values_are_replaced_under_any_other_key_and_scrubbing_twice_changes_nothing():
    body = {"reason": "Ada Lovelace refused", "waiting": {"x": {"number": "#5", "note2": "CA"}}}
    once = scrub_json(body, NEEDLES)
    assert once == {
        "reason": f"{MARKER} refused",
        "waiting": {"x": {"number": "#5", "note2": MARKER}},
    }
    assert scrub_json(once, NEEDLES) == once
    assert scrub_text(MARKER, NEEDLES) == MARKER


def test_no_values_no_pattern():
    assert Needles.of([("email", ""), ("name", MARKER)]) == Needles.none()
    assert Needles.none().regex == ""
