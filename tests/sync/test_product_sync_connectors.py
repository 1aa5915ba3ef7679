"""What the product sync does with what a connector returns: invalid values, failures."""

from decimal import Decimal

from openoms.catalog.models import ProductVariant
from openoms.connectors.base import ConnectorError
from openoms.connectors.types import ProductData
from openoms.sync.services import product_sync
from openoms.sync.services.product_sync import (
    ProductSyncResult,
    product_export_run,
    product_import_run,
)
from tests.sync.conftest import event_lines, make_channel


class FakeStore:
    """A connector returning given products, or failing when ``error`` is set."""

    def __init__(self, products=(), error: str | None = None):
        self.products, self.error = list(products), error

    def fetch_products(self):
        if self.error:
            raise ConnectorError(self.error)
        return self.products

    def push_products(self, products):
        if self.error:
            raise ConnectorError(self.error)
        return len(list(products))


def use_connector(monkeypatch, connector) -> None:
    monkeypatch.setattr(product_sync, "connector_for", lambda kind, credentials, ref: connector)


def test_a_sku_with_an_invalid_value_is_skipped_with_a_warning(tenant, actor, master, monkeypatch):
    # given
    use_connector(
        monkeypatch,
        FakeStore(
            [
                ProductData(sku="GOOD", name="Good", price=Decimal("9.50"), product_ref="1"),
                ProductData(sku="BAD", name="Bad", barcode="123", product_ref="2"),
                ProductData(sku=" SPACE", name="Spaced", product_ref="3"),
            ]
        ),
    )
    # when
    result = product_import_run(actor=actor, channel=master)
    # then
    assert result == ProductSyncResult(created=1, updated=0, unchanged=0, skipped=2)
    assert list(ProductVariant.objects.values_list("sku", "price")) == [("GOOD", Decimal("9.50"))]
    assert event_lines(tenant.account)[1:] == [
        (
            "warning",
            "SKU BAD of the master catalog was skipped: The barcode '123' is not a UPC/EAN: "
            "use 8, 12, 13 or 14 digits.",
        ),
        (
            "warning",
            "SKU  SPACE of the master catalog was skipped: The SKU ' SPACE' starts or ends "
            "with a space; remove it.",
        ),
        ("info", "Import Products from Demo Store: 1 created, 0 updated, 0 unchanged, 2 skipped."),
    ]


def test_a_failing_master_imports_nothing(tenant, actor, master, monkeypatch):
    # given
    use_connector(monkeypatch, FakeStore(error="The store did not answer."))
    # when
    result = product_import_run(actor=actor, channel=master)
    # then
    reason = (
        "Import Products from Demo Store failed: The store did not answer. Nothing was imported."
    )
    assert result == ProductSyncResult(refused_reason=reason)
    assert not ProductVariant.objects.exists()
    assert event_lines(tenant.account)[-1] == ("error", reason)


def test_a_failing_export_target_is_an_error_event(tenant, actor, monkeypatch):
    # given
    store = make_channel(tenant.account, "Demo Store")
    use_connector(monkeypatch, FakeStore(error="The store did not answer."))
    # when
    sent = product_export_run(actor=actor, channel=store)
    # then
    assert sent == 0
    assert event_lines(tenant.account) == [
        ("error", "Export Products to Demo Store failed: The store did not answer.")
    ]


def test_a_large_catalog_is_written_in_a_few_bulk_queries(
    tenant, actor, master, monkeypatch, django_assert_max_num_queries
):
    # given 2,000 SKUs in 500 products of 4 variants
    catalog = [
        ProductData(
            sku=f"P{p:03}-{v}", name=f"Product {p:03}", variant_name=str(v), product_ref=str(p)
        )
        for p in range(500)
        for v in range(4)
    ]
    use_connector(monkeypatch, FakeStore(catalog))
    # when (SQLite's bound-parameter limit splits bulk inserts more than PostgreSQL does)
    with django_assert_max_num_queries(50):
        first = product_import_run(actor=actor, channel=master)
    with django_assert_max_num_queries(20):
        second = product_import_run(actor=actor, channel=master)
    # then
    assert first == ProductSyncResult(created=2000, updated=0, unchanged=0, skipped=0)
    assert second == ProductSyncResult(created=0, updated=0, unchanged=2000, skipped=0)
    assert ProductVariant.objects.filter(product__name="Product 499").count() == 4
    assert ProductVariant.objects.values("product_id").distinct().count() == 500
