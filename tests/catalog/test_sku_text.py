"""SKUs in Unicode NFC everywhere, and a Warning event for a new SKU that only looks like another."""

from __future__ import annotations

import pytest

from openoms.activity.models import Event
from openoms.catalog import validation as v
from openoms.catalog.services.products import product_create, product_update
from openoms.catalog.services.sku_lookalikes import lookalike_skus
from openoms.catalog.sku_text import nfc, skeleton
from openoms.tenancy.actor import Actor
from openoms.tenancy.roles import Role
from tests.api.helpers import api_get, api_post
from tests.inventory.stock import make_variants


@pytest.fixture
def actor(tenant):
    return Actor.for_user(tenant.user(Role.ACCOUNT_USER))


def test_clean_sku_returns_nfc():
    assert v.clean_sku("CAFE\u0301") == "CAF\u00c9"
    assert v.clean_sku("TEE-RED-M") == "TEE-RED-M"
    assert nfc("\u212b") == "\u00c5"  # the ångström sign is the letter Å


@pytest.mark.parametrize(
    ("sku", "looks_like"),
    [
        ("\u0405KU-1", "SKU-1"),  # Cyrillic capital dze
        ("\uff33\uff2b\uff35-1", "SKU-1"),  # full-width
        ("\u0422\u0415\u0415-\u0420", "TEE-P"),  # Cyrillic TE, IE, IE, ER
        ("\u039c\u039f\u0399-1", "MOI-1"),  # Greek MU, OMICRON, IOTA
        ("SKU\u20131", "SKU-1"),  # en dash
        ("SKU-1", "SKU-1"),
        ("SK0-1", "SK0-1"),  # ASCII is never mapped: 0 and O are different SKUs
    ],
)
def test_the_skeleton_maps_look_alikes_to_ascii(sku, looks_like):
    assert skeleton(sku) == looks_like


def test_a_new_look_alike_sku_is_created_with_one_warning_naming_both(tenant, actor):
    # given
    make_variants(tenant.account, "SKU-1", "TEE-M", product_name="Harbour Hoodie")
    # when
    product = product_create(
        actor=actor,
        account=tenant.account,
        name="Tee",
        variants=[{"sku": "\u0405KU-1"}, {"sku": "\uff34EE-M"}, {"sku": "NEW-1"}],
    )
    # then
    assert product.variants.count() == 3
    events = Event.objects.filter(account=tenant.account).order_by("entity_id")
    assert [(e.level, e.entity_type, e.entity_id) for e in events] == [
        ("warning", "sku", "\u0405KU-1"),
        ("warning", "sku", "\uff34EE-M"),
    ]
    assert events[0].message == (
        "The new SKU '\u0405KU-1' looks like the existing SKU 'SKU-1' but is a different SKU "
        "(look-alike characters: '\u0405' (U+0405 CYRILLIC CAPITAL LETTER DZE) for 'S'). Check "
        "that it is not the same item typed differently."
    )
    assert events[0].actor_label == actor.label


def test_an_ascii_sku_like_an_existing_cyrillic_one_warns_too(tenant, actor):
    # given a SKU typed with a Cyrillic ES (U+0421) already exists
    make_variants(tenant.account, "\u0421AP-1", product_name="Cap")
    product = make_variants(tenant.account, "TEE-S", product_name="Tee")["TEE-S"].product
    # when a variant is added with the Latin spelling
    product_update(actor=actor, product=product, variants=[{"sku": "CAP-1"}])
    # then
    event = Event.objects.get(account=tenant.account)
    assert event.entity_id == "CAP-1"
    assert "'\u0421' (U+0421 CYRILLIC CAPITAL LETTER ES) for 'C'" in event.message


def test_no_warning_for_different_skus_or_other_accounts(tenant, other_tenant, actor):
    # given the look-alike lives in another account only
    make_variants(other_tenant.account, "SKU-1", product_name="Theirs")
    make_variants(tenant.account, "SKU-2", "SK0-1", product_name="Ours")
    # when
    product_create(
        actor=actor, account=tenant.account, name="Tee", variants=[{"sku": "\u0405KU-1"}]
    )
    # then
    assert not Event.objects.exists()
    assert lookalike_skus(tenant.account, ["SKU-2"]) == {}


def test_the_api_stores_and_finds_skus_in_nfc(client, tenant, api_key):
    # when
    created = api_post(
        client, "/products", {"name": "Café", "variants": [{"sku": "CAFE\u0301-1"}]}, api_key
    )
    found = api_get(client, "/variants?sku=CAF%C3%89-1", api_key)
    # then
    assert created.status_code == 201
    assert created.json()["variants"][0]["sku"] == "CAF\u00c9-1"
    assert [item["sku"] for item in found.json()["items"]] == ["CAF\u00c9-1"]


def test_two_new_look_alikes_in_one_request_are_both_warned(tenant, actor):
    # when
    product_create(
        actor=actor,
        account=tenant.account,
        name="Tee",
        variants=[{"sku": "SKU-9"}, {"sku": "\u0405KU-9"}],
    )
    # then
    events = Event.objects.filter(account=tenant.account).order_by("entity_id")
    assert [e.entity_id for e in events] == ["SKU-9", "\u0405KU-9"]


def test_a_csv_import_warns_about_a_new_look_alike_sku(tenant, uploads):
    # given an existing Latin SKU, and a file creating its Cyrillic twin (U+0405 for S)
    from openoms.activity.models import Event
    from openoms.catalog.services.products import product_create
    from openoms.tenancy.actor import Actor
    from tests.catalog.test_product_import import run_import

    system = Actor.system()
    product_create(actor=system, account=tenant.account, name="Tee", variants=[{"sku": "TEE-S"}])
    # when
    header = "Product Name,SKU,Variant Name,Description,Barcode,Weight (kg),Length (cm),"
    header += "Width (cm),Height (cm),Price,Status"
    done = run_import(system, tenant.account, f"{header}\nTee,TEE-\u0405,,,,,,,,,\n")
    # then
    assert done.created_count == 1
    warning = Event.objects.get(level="warning", entity_id="TEE-\u0405")
    assert "TEE-S" in warning.message
