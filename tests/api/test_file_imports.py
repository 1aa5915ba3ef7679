"""P_Products.csv and IL_Inventory_Levels.csv by API: POST .../import answers 202 with the
import; a GET of its url gives the report once a worker has run it."""

from openoms.activity.import_runner import file_import_run
from openoms.catalog.models import ProductVariant
from openoms.inventory.models import InventoryLevel
from tests.api.helpers import API, error

PRODUCTS = (
    "Product Name,SKU,Variant Name,Description,Barcode,Weight (kg),Length (cm),Width (cm),"
    "Height (cm),Price,Status\n"
    "Mug,NEW-MUG,,,,,,,,4.50,\n"
    "Mug,NEW-MUG-2,,,,,,,,abc,\n"
)


def post(client, path: str, content: str, api_key: str):
    return client.post(
        f"{API}{path}", data=content, content_type="text/csv", headers={"X-API-Key": api_key}
    )


def report(client, started, api_key) -> dict:
    assert started.status_code == 202, started.content
    file_import_run(started.json()["id"])
    return client.get(started.json()["url"], headers={"X-API-Key": api_key}).json()


def test_products_import_answers_202_then_reports(client, shop, api_key):
    # when
    started = post(client, "/products/import", PRODUCTS, api_key)
    body = report(client, started, api_key)
    # then
    assert (started.json()["status"], started.json()["kind"]) == ("queued", "products")
    assert (body["status"], body["file_name"], body["rows_processed"]) == (
        "succeeded",
        "P_Products.csv",
        2,
    )
    assert (body["counts"]["created"], body["counts"]["rejected"]) == (1, 1)
    assert [(i["line"], i["severity"]) for i in body["issues"]["items"]] == [(3, "error")]
    assert ProductVariant.objects.filter(sku="NEW-MUG", account=shop.account).exists()


def test_inventory_import_answers_202_then_reports(client, shop, api_key):
    # when
    text = "Warehouse,SKU,Quantity\nTOR-1,TEE-RED-M,25\nNOPE,TEE-RED-M,1\n"
    body = report(client, post(client, "/inventory/import", text, api_key), api_key)
    # then
    assert (body["kind"], body["status"], body["counts"]["updated"]) == (
        "inventory_levels",
        "succeeded",
        1,
    )
    assert [i["line"] for i in body["issues"]["items"]] == [3]
    level = InventoryLevel.objects.get(
        account=shop.account, warehouse__code="TOR-1", variant__sku="TEE-RED-M"
    )
    assert level.total == 25


def test_a_wrong_header_is_422_on_file(client, shop, api_key):
    # when
    response = post(client, "/inventory/import", "SKU,Quantity\nTEE-RED-M,1\n", api_key)
    # then
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "file"


def test_an_unknown_import_is_404(client, shop, api_key):
    # when
    response = client.get(f"{API}/imports/999999", headers={"X-API-Key": api_key})
    # then
    assert response.status_code == 404
    assert response.json() == error("not_found", "Import not found.")
