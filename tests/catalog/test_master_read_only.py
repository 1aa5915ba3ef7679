"""When a channel is the Master Product Source, master-owned product fields are read-only here.

Every way in (services behind the pages and the API, the P_Products.csv import) refuses them with
a note saying where to edit; archiving stays allowed; the product sync (``from_master``) writes.
"""

from decimal import Decimal

import pytest

from openoms.activity.models import FileImport, ImportStatus
from openoms.catalog.imports import product_import_run, product_import_start
from openoms.catalog.master import READ_ONLY_MESSAGE, catalog_is_read_only
from openoms.catalog.models import Product, ProductVariant
from openoms.catalog.services.products import product_create, product_set_status, product_update
from openoms.core.errors import ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role
from tests.file_imports import upload

READ_ONLY = {"product": READ_ONLY_MESSAGE}
CSV = "Product Name,SKU,Variant Name,Description,Barcode,Weight (kg),Length (cm),Width (cm),Height (cm),Price,Status\nTee,TEE-L,,,,,,,,,\n"


@pytest.fixture
def actor(tenant) -> Actor:
    return Actor.for_user(tenant.user(Role.ACCOUNT_USER))


@pytest.fixture
def tee(tenant) -> Product:
    """A product made while OpenOMS was the source; then a sales channel becomes master."""
    product = product_create(
        actor=Actor.system(),
        account=tenant.account,
        name="Tee",
        description="Soft",
        variants=[{"sku": "TEE-S", "price": "20"}, {"sku": "TEE-M", "price": "20"}],
    )
    channel_is_master(tenant.account)
    return Product.objects.select_related("account").get(pk=product.pk)


def channel_is_master(account: Account) -> None:
    Account.objects.filter(pk=account.pk).update(master_product_source="sales_channel")
    account.refresh_from_db()


def snapshot(account) -> list[tuple]:
    return list(
        ProductVariant.objects.filter(account=account)
        .order_by("sku")
        .values_list(
            "product__name", "product__description", "product__status", "sku", "name", "price"
        )
    )


def variant_ids(product) -> dict[str, int]:
    return dict(product.variants.values_list("sku", "pk"))


def test_only_a_channel_source_makes_the_catalog_read_only(tenant):
    # given / when / then
    assert catalog_is_read_only(tenant.account) is False
    channel_is_master(tenant.account)
    assert catalog_is_read_only(tenant.account) is True


def test_no_product_is_created_in_openoms(tenant, actor, tee):
    # given
    before = snapshot(tenant.account)
    # when
    with pytest.raises(ValidationFailed) as refused:
        product_create(actor=actor, account=tenant.account, name="Cap", variants=[{"sku": "CAP"}])
    # then
    assert refused.value.errors == READ_ONLY
    assert snapshot(tenant.account) == before


CHANGES = {
    "product name": lambda ids: {"name": "Renamed tee"},
    "description": lambda ids: {"description": "Rough"},
    "new variant": lambda ids: {"variants": [{"sku": "TEE-L"}]},
    "variant price": lambda ids: {"variants": [{"id": ids["TEE-S"], "price": "25"}]},
    "variant SKU": lambda ids: {"variants": [{"id": ids["TEE-M"], "sku": "TEE-MEDIUM"}]},
    "invalid name": lambda ids: {"name": ""},
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_master_owned_fields_are_not_edited_in_openoms(tenant, actor, tee, change):
    # given
    before = snapshot(tenant.account)
    # when
    with pytest.raises(ValidationFailed) as refused:
        product_update(actor=actor, product=tee, **change(variant_ids(tee)))
    # then
    assert refused.value.errors == READ_ONLY
    assert snapshot(tenant.account) == before


def test_archiving_stays_allowed_even_when_the_whole_form_is_sent(tenant, actor, tee):
    # given the values the edit form sends back unchanged, with a new status
    ids = variant_ids(tee)
    unchanged = [
        {"id": ids["TEE-S"], "sku": "TEE-S", "price": "20"},
        {"id": ids["TEE-M"], "sku": "TEE-M"},
    ]
    # when
    product_update(
        actor=actor,
        product=tee,
        name="Tee",
        description="Soft",
        status="archived",
        variants=unchanged,
    )
    # then
    assert {row[2] for row in snapshot(tenant.account)} == {"archived"}
    product_set_status(actor=actor, product=tee, status="active")
    assert {row[2] for row in snapshot(tenant.account)} == {"active"}


def test_the_product_sync_still_writes(tenant, actor, tee):
    # when
    product_update(
        actor=actor,
        product=tee,
        name="Tee 2",
        variants=[{"id": variant_ids(tee)["TEE-S"], "price": "21"}],
        from_master=True,
    )
    product_create(
        actor=actor, account=tenant.account, name="Cap", variants=[{"sku": "CAP"}], from_master=True
    )
    # then
    assert snapshot(tenant.account) == [
        ("Cap", "", "active", "CAP", "", None),
        ("Tee 2", "Soft", "active", "TEE-M", "", Decimal("20.00")),
        ("Tee 2", "Soft", "active", "TEE-S", "", Decimal("21.00")),
    ]


def test_the_product_file_import_is_refused_at_upload(tenant, actor, tee, uploads):
    # given
    before = snapshot(tenant.account)
    # when
    with pytest.raises(ValidationFailed) as refused:
        product_import_start(
            actor=actor, account=tenant.account, upload=upload(CSV, "P_Products.csv")
        )
    # then
    assert refused.value.errors == READ_ONLY
    assert not FileImport.objects.exists()
    assert not uploads.exists() or not any(uploads.rglob("*.csv"))
    assert snapshot(tenant.account) == before


def test_a_queued_product_file_fails_when_a_channel_became_master(tenant, actor, uploads):
    # given a file uploaded while OpenOMS was the source
    queued = product_import_start(
        actor=actor, account=tenant.account, upload=upload(CSV, "P_Products.csv")
    )
    channel_is_master(tenant.account)
    # when
    done = product_import_run(queued.pk)
    # then
    assert (done.status, done.error, done.created_count) == (
        ImportStatus.FAILED,
        READ_ONLY_MESSAGE,
        0,
    )
    assert not ProductVariant.objects.filter(account=tenant.account).exists()
