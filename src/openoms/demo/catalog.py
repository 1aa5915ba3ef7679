"""Demo catalog and stock: warehouses of the organization, products of each account, opening stock.

Idempotent: what exists is left as it is (so a demo user's own changes survive a re-run).
"""

from __future__ import annotations

from openoms.catalog.models import ProductVariant
from openoms.catalog.services.products import product_create
from openoms.inventory.models import InventoryLevel, Warehouse
from openoms.inventory.services.levels import level_set
from openoms.inventory.services.warehouses import account_warehouses_update, warehouse_create
from openoms.inventory.triggers import Trigger
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account, Organization
from openoms.tenancy.services.accounts import account_update_settings

# (code, name, kind, members, city, country)
WAREHOUSES = [
    ("TOR-1", "Toronto DC", "physical", [], "Toronto", "CA"),
    ("MTL-1", "Montreal 3PL", "physical", [], "Montreal", "CA"),
    ("VAN-1", "Vancouver 3PL", "physical", [], "Vancouver", "CA"),
    ("EAST", "Eastern Canada pool", "virtual", ["TOR-1", "MTL-1"], "", ""),
    ("CHI-1", "ShipBob Chicago", "physical", [], "Chicago", "US"),
]
# Stocked by the ShipBob channel's Import Inventory (``live_channels``), not by opening stock.
NO_OPENING_STOCK = {"CHI-1"}

# account code -> (enabled warehouses, default warehouse)
ENABLED = {
    # Apparel ships from ShipBob Chicago by default: its Shopify orders go to the emulated ShipBob
    "NORTHWIND-APPAREL": (["TOR-1", "MTL-1", "EAST", "CHI-1"], "CHI-1"),
    "NORTHWIND-HOME": (["TOR-1", "VAN-1"], "VAN-1"),
}

SIZES = ["S", "M", "L", "XL"]
# account code -> [(product name, description, sku stem, variant names, weight, price)]
PRODUCTS = {
    "NORTHWIND-APPAREL": [
        ("Trail Tee", "Merino-blend T-shirt for long hikes.", "NW-TEE", SIZES, "0.18", "34.00"),
        (
            "Harbour Hoodie",
            "Heavy cotton hoodie with a kangaroo pocket.",
            "NW-HOOD",
            SIZES,
            "0.62",
            "79.00",
        ),
        ("Summit Rain Shell", "Waterproof 3-layer jacket.", "NW-SHELL", SIZES, "0.41", "189.00"),
        (
            "Wool Beanie",
            "Ribbed merino beanie.",
            "NW-BEANIE",
            ["Charcoal", "Forest"],
            "0.08",
            "24.00",
        ),
        (
            "Camp Socks (3 pack)",
            "Cushioned crew socks.",
            "NW-SOCK",
            ["S/M", "L/XL"],
            "0.15",
            "19.00",
        ),
    ],
    "NORTHWIND-HOME": [
        ("Stoneware Mug", "12 oz hand-glazed mug.", "NH-MUG", ["Sand", "Slate"], "0.9", "22.00"),
        (
            "Linen Throw",
            "Stonewashed linen blanket.",
            "NH-THROW",
            ["Natural", "Indigo"],
            "2.1",
            "119.00",
        ),
        (
            "Cedar Candle",
            "Soy wax, 40 h burn time.",
            "NH-CANDLE",
            ["Small", "Large"],
            "0.7",
            "28.00",
        ),
        (
            "Oak Serving Board",
            "Solid oak, food safe oil finish.",
            "NH-BOARD",
            ["Medium", "Large"],
            "1.8",
            "64.00",
        ),
    ],
}


def _warehouses(actor: Actor, organization: Organization) -> None:
    existing = set(
        Warehouse.objects.filter(organization=organization).values_list("code", flat=True)
    )
    for code, name, kind, members, city, country in WAREHOUSES:
        if code not in existing:
            warehouse_create(
                actor=actor,
                organization=organization,
                code=code,
                name=name,
                kind=kind,
                members=members,
                address={"city": city, "country": country},
            )


def _enable(actor: Actor, account: Account) -> None:
    codes, default = ENABLED[account.code]
    account_warehouses_update(actor=actor, account=account, enabled_codes=codes)
    account_update_settings(actor=actor, account=account, values={"default_warehouse": default})


def variant_skus(stem: str, variant_names: list[str]) -> list[str]:
    """The SKUs of a demo product's variants (``NW-TEE`` + ``S/M`` → ``NW-TEE-SM``)."""
    return [f"{stem}-{v.upper().replace('/', '').replace(' ', '')}" for v in variant_names]


def _products(actor: Actor, account: Account) -> None:
    for name, description, stem, variant_names, weight, price in PRODUCTS[account.code]:
        skus = variant_skus(stem, variant_names)
        if ProductVariant.objects.filter(account=account, sku__in=skus).exists():
            continue
        variants = [
            {"sku": sku, "name": v, "weight": weight, "price": price}
            for sku, v in zip(skus, variant_names, strict=True)
        ]
        product_create(
            actor=actor, account=account, name=name, description=description, variants=variants
        )


def _opening_stock(actor: Actor, account: Account) -> None:
    physical = Warehouse.objects.filter(
        code__in=ENABLED[account.code][0], kind="physical", organization=account.organization
    ).exclude(code__in=NO_OPENING_STOCK)
    variants = ProductVariant.objects.filter(account=account).order_by("sku")
    for w_index, warehouse in enumerate(physical.order_by("code")):
        for v_index, variant in enumerate(variants):
            if InventoryLevel.objects.filter(variant=variant, warehouse=warehouse).exists():
                continue
            total = (v_index * 7 + w_index * 13) % 60  # a spread of quantities, some at zero
            level_set(
                actor=actor,
                account=account,
                warehouse=warehouse,
                variant=variant,
                total=total,
                trigger=Trigger.ADJUST_INVENTORY_MANUALLY,
                reason="Opening stock (demo)",
            )


def seed_catalog(actor: Actor, organization: Organization, accounts: list[Account]) -> None:
    _warehouses(actor, organization)
    for account in accounts:
        _enable(actor, account)
        _products(actor, account)
        _opening_stock(actor, account)
