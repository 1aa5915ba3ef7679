"""What the product sync does with what a connector returns: invalid values, failures."""

from decimal import Decimal

from openoms.catalog.models import ProductVariant
from openoms.connectors.base import ConnectorError
from openoms.connectors.types import ProductData
from tests.sync.conftest import event_lines, make_channel
from tests.sync.runs import install_connector, sync_now

IMPORT, EXPORT = "import_products", "export_products"


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
    install_connector(monkeypatch, "sandbox_sales", lambda credentials, ref: connector)


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
    result = sync_now(master, IMPORT, actor)
    # then
    assert result.counts == {"created": 1, "updated": 0, "unchanged": 0, "skipped": 2}
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
    result = sync_now(master, IMPORT, actor)
    # then
    reason = "The store did not answer."
    assert (result.status, result.summary) == ("failed", reason)
    assert not ProductVariant.objects.exists()
    assert event_lines(tenant.account)[-1] == (
        "error",
        f"Import Products of Demo Store stopped: {reason}",
    )


def test_a_failing_export_target_is_an_error_event(tenant, actor, monkeypatch):
    # given
    store = make_channel(tenant.account, "Demo Store")
    use_connector(monkeypatch, FakeStore(error="The store did not answer."))
    # when
    run = sync_now(store, EXPORT, actor)
    # then
    assert (run.status, run.counts) == ("failed", {})
    assert event_lines(tenant.account) == [
        (
            "error",
            "Export Products of Demo Store stopped: The store did not answer.",
        )
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
    with django_assert_max_num_queries(70):  # + the run: queue, claim, events, finish
        first = sync_now(master, IMPORT, actor)
    with django_assert_max_num_queries(40):
        second = sync_now(master, IMPORT, actor)
    # then
    assert first.counts == {"created": 2000, "updated": 0, "unchanged": 0, "skipped": 0}
    assert second.counts == {"created": 0, "updated": 0, "unchanged": 2000, "skipped": 0}
    assert ProductVariant.objects.filter(product__name="Product 499").count() == 4
    assert ProductVariant.objects.values("product_id").distinct().count() == 500
