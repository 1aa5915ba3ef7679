"""Builders of the redaction tests: a shop (a Shopify store and a ShipBob warehouse of one
account, TEE and MUG stocked at A), customers whose every value is unique, and orders reaching
OpenOMS the way each source does — by hand, through the API (with an Idempotency-Key), from an
``SO_Import_Orders.csv`` file and as a signed Shopify webhook — with the copies of their data
each way leaves behind."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from openoms.activity.import_runner import file_import_run
from openoms.channels.carrier_models import Carrier, CarrierService
from openoms.channels.models import Channel, ChannelWarehouse, SkuMapping
from openoms.inventory.models import AccountWarehouse
from openoms.orders.drafts import LineDraft, OrderDraft
from openoms.orders.models import SalesOrder, ShipmentStatus
from openoms.orders.order_csv import ORDERS_FILE, orders_import_start
from openoms.orders.order_rows import ORDER_HEADER
from openoms.orders.services.allocation import sales_order_allocate
from openoms.orders.services.orders import sales_order_create
from openoms.orders.services.shipments import shipment_progress, shipment_sent
from openoms.orders.services.workflow import sales_order_cancel
from openoms.sync.services.order_import_state import ImportTally, import_state
from openoms.sync.services.order_inbox import inbox_process
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.roles import Role
from tests.api.helpers import api_post
from tests.inventory.stock import enable, make_variants, make_warehouse, set_level
from tests.sync.webhook_data import (
    receive,
    shipbob_channel,
    shipbob_headers,
    shopify_channel,
    shopify_headers,
)


@dataclass(frozen=True)
class Person:
    """A customer; every value appears nowhere else in the test database."""

    name: str
    email: str
    phone: str
    street: str
    city: str
    company: str = ""

    @property
    def address(self) -> dict[str, str]:
        return {
            "name": self.name,
            "company": self.company,
            "address1": self.street,
            "city": self.city,
            "region": "ON",
            "postal_code": "K1A 0B1",
            "country": "CA",
            "phone": self.phone,
        }

    @property
    def values(self) -> list[str]:
        """What must be found nowhere once the order is redacted."""
        return [self.name, self.email, self.phone, self.street, self.city] + (
            [self.company] if self.company else []
        )


@dataclass
class Shop:
    account: Account
    actor: Actor
    warehouse: object
    variants: dict
    store: Channel  # Shopify, a sales channel
    tpl: Channel  # ShipBob, serving warehouse A


def make_shop(tenant, account: Account | None = None) -> Shop:
    """TEE and MUG at warehouse A (served by a ShipBob channel); a Shopify store with both
    mapped; the UPS carrier; an Account User acting."""
    account = account or tenant.account
    warehouse = make_warehouse(account.organization, f"A{account.pk}")
    enable(account, warehouse)
    AccountWarehouse.objects.filter(account=account, warehouse=warehouse).update(is_default=True)
    variants = make_variants(account, "TEE", "MUG")
    for variant in variants.values():
        set_level(account, variant, warehouse, 100)
    ups = Carrier.objects.create(account=account, code="UPS", name="UPS")
    CarrierService.objects.create(carrier=ups, code="GND", name="Ground")
    store = shopify_channel(account, name="Proof Shop")
    SkuMapping.objects.bulk_create(
        SkuMapping(account=account, channel=store, channel_sku=sku, variant=variant)
        for sku, variant in variants.items()
    )
    tpl = shipbob_channel(account, name="West ShipBob")
    ChannelWarehouse.objects.create(channel=tpl, warehouse=warehouse)
    user = tenant.user(Role.ACCOUNT_USER) if account == tenant.account else None
    actor = Actor.for_user(user) if user else Actor.system("test")
    return Shop(account, actor, warehouse, variants, store, tpl)


def days_ago(days: float, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=days)


def draft(number: str, person: Person, order_date: datetime, **fields) -> OrderDraft:
    return OrderDraft(
        order_number=number,
        lines=[LineDraft("TEE", 2, "19.90"), LineDraft("MUG", 1, "7.50")],
        ship_to=person.address,
        carrier="UPS",
        service="GND",
        customer_name=person.name,
        email=person.email,
        phone=person.phone,
        order_date=order_date,
        currency="CAD",
        **fields,
    )


def manual_order(
    shop: Shop, number: str, person: Person, order_date: datetime, source="manual", **fields
) -> SalesOrder:
    """An order through ``sales_order_create`` (by hand unless ``source`` says otherwise;
    ``fields``: more of the draft, e.g. ``channel_id`` and ``external_ref``)."""
    return sales_order_create(
        actor=shop.actor,
        account=shop.account,
        draft=draft(number, person, order_date, **fields),
        source=source,
    )


def cancelled(shop: Shop, order: SalesOrder, person: Person) -> SalesOrder:
    """Cancel ``order`` with a reason naming the customer (it lands in the order's events)."""
    return sales_order_cancel(
        actor=shop.actor, order=order, reason=f"{person.name} called from {person.phone}"
    )


def api_order(client, api_key: str, number: str, person: Person, order_date: datetime) -> dict:
    """POST /sales-orders with an Idempotency-Key (its response is stored); → the order JSON."""
    body = {
        "order_number": number,
        "order_date": order_date.isoformat(),
        "carrier": "UPS",
        "service": "GND",
        "customer_name": person.name,
        "email": person.email,
        "phone": person.phone,
        "ship_to": person.address,
        "lines": [{"sku": "TEE", "quantity": 2, "price": "19.90"}],
    }
    response = api_post(client, "/sales-orders", body, api_key, **{"Idempotency-Key": number})
    assert response.status_code == 201, response.content
    return response.json()


def csv_row(number: str, person: Person, order_date: datetime, sku: str = "TEE") -> str:
    values = {
        "order_number": number,
        "order_date": order_date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "carrier": "UPS",
        "service": "GND",
        "customer_name": person.name,
        "email": person.email,
        "phone": person.phone,
        "ship_to_name": person.name,
        "ship_to_address1": person.street,
        "ship_to_city": person.city,
        "ship_to_country": "CA",
        "currency": "CAD",
        "sku": sku,
        "quantity": "3",
        "price": "12.00",
    }
    return ",".join(values.get(name, "") for name in ORDER_HEADER)


def file_import(shop: Shop, *rows: str):
    """Upload ``SO_Import_Orders.csv`` of ``rows`` and run its import; → the finished import."""
    text = "\n".join([",".join(ORDER_HEADER), *rows]) + "\n"
    upload = SimpleUploadedFile(ORDERS_FILE, text.encode(), content_type="text/csv")
    started = orders_import_start(actor=shop.actor, account=shop.account, upload=upload)
    return file_import_run(started.pk)


def shopify_body(number: int, person: Person, created_at: datetime) -> dict:
    """An order webhook's body as Shopify sends it (the REST order JSON)."""
    first, last = person.name.split(" ", 1)
    address = {
        "first_name": first,
        "last_name": last,
        "name": person.name,
        "company": person.company,
        "address1": person.street,
        "city": person.city,
        "province_code": "ON",
        "zip": "K1A 0B1",
        "country_code": "CA",
        "phone": person.phone,
        "latitude": 45.42,
        "longitude": -75.69,
    }
    return {
        "id": 5500000 + number,
        "admin_graphql_api_id": f"gid://shopify/Order/{5500000 + number}",
        "name": f"#{number}",
        "created_at": created_at.isoformat(),
        "updated_at": created_at.isoformat(),
        "currency": "CAD",
        "email": person.email,
        "contact_email": person.email,
        "phone": person.phone,
        "note": f"Leave it with {person.name}'s neighbour",
        "browser_ip": "203.0.113.7",
        "customer": {"id": 7700 + number, "email": person.email, "first_name": first,
                     "last_name": last, "phone": person.phone, "default_address": address},
        "shipping_address": address,
        "billing_address": address,
        "shipping_lines": [{"title": "UPS", "code": "GND", "source": "shopify"}],
        "line_items": [
            {"id": 8800 + number, "admin_graphql_api_id": f"gid://shopify/LineItem/{8800 + number}",
             "sku": "TEE", "quantity": 2, "price": "19.90", "name": "Tee"},
        ],
    }  # fmt: skip


def shopify_order(shop: Shop, number: int, person: Person, created_at: datetime) -> SalesOrder:
    """A signed ``orders/create`` webhook stored by the receiving endpoint's service, then taken
    from the inbox as Import Orders does; → the imported order (Approved)."""
    raw = json.dumps(shopify_body(number, person, created_at)).encode()
    receive(shop.store, shopify_headers(raw, webhook_id=f"wh-{number}"), raw, now=timezone.now())
    tally = ImportTally(shop.store, shop.actor, import_state(shop.store))
    inbox_process(tally)
    tally.save()
    return SalesOrder.objects.get(channel=shop.store, reference_number=f"#{number}")


def shipped_through_shipbob(shop: Shop, order: SalesOrder, person: Person) -> SalesOrder:
    """Allocate ``order`` at A, sent to ShipBob (its order id ``91<order pk>``), ShipBob's
    signed ``order.shipped`` webhook (with the recipient) stored, and every line shipped."""
    shipment = sales_order_allocate(actor=shop.actor, order=order)
    shipment_sent(actor=shop.actor, shipment=shipment, external_ref=f"91{order.pk}")
    body = {
        "order_id": int(f"91{order.pk}"),
        "reference_id": shipment.number,
        "recipient": {"name": person.name, "email": person.email, "phone_number": person.phone,
                      "address": {"address1": person.street, "city": person.city}},
    }  # fmt: skip
    raw = json.dumps(body).encode()
    now = timezone.now()
    headers = shipbob_headers(raw, msg_id=f"msg-{order.pk}", timestamp=int(now.timestamp()))
    receive(shop.tpl, headers, raw, source="shipbob", now=now)
    lines = {line.pk: line.quantity for line in shipment.lines.all()}
    done = shipment_progress(
        actor=shop.actor,
        shipment=shipment,
        shipped=lines,
        tracking=[{"number": "1Z999AA10123456784", "carrier": "UPS", "url": ""}],
    )
    assert done.status == ShipmentStatus.SHIPPED
    return SalesOrder.objects.get(pk=order.pk)
