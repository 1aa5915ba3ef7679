"""Import Orders runs and the inbox: a delivery stored while a run holds the channel's job (it
queues nothing then) is imported by the next run, which the ending run queues itself; an
ending run with nothing new queues nothing (an order waiting for a SKU mapping does not loop)."""

from __future__ import annotations

from openoms.orders.models import SalesOrder
from openoms.sync.services import order_import_job

from .conftest import capture_order_webhooks, captured_bodies, post_webhook, run_queued


def test_a_delivery_stored_during_a_run_is_imported_by_the_next_one(shop, client, monkeypatch):
    # given two orders placed on the store; the second's webhook arrives while the first run,
    # started by the first webhook, is past its last look at the inbox
    capture_order_webhooks(shop.store)
    shop.place(("TEE", 1))
    shop.place(("MUG", 1))
    first, second = (item["body"] for item in captured_bodies(shop.store))
    calls = []
    inbox = order_import_job.inbox_process

    def inbox_then_late_delivery(tally):
        done = inbox(tally)
        calls.append(done)
        if len(calls) == 2:  # after the run's last look: the second webhook comes now
            post_webhook(client, shop.channel, "orders/create", second, "w-2")
        return done

    monkeypatch.setattr(order_import_job, "inbox_process", inbox_then_late_delivery)
    monkeypatch.setattr(order_import_job, "orders_poll", lambda work, tally: None)

    # when
    assert post_webhook(client, shop.channel, "orders/create", first, "w-1").status_code == 200
    runs = run_queued(shop.account)

    # then the ending run queued the next, which imported the second order
    assert [run.job_type for run in runs] == ["import_orders", "import_orders"]
    assert sorted(SalesOrder.objects.values_list("order_number", flat=True)) == ["1001", "1002"]


def test_an_ending_run_with_nothing_new_queues_nothing(shop, client, monkeypatch):
    # given an order whose SKU is unknown: its delivery stays received, waiting
    capture_order_webhooks(shop.store)
    shop.place(("TEE", 1))
    [created] = captured_bodies(shop.store)
    body = created["body"]
    body["line_items"][0]["sku"] = "NOT-MAPPED"
    monkeypatch.setattr(order_import_job, "orders_poll", lambda work, tally: None)

    # when
    post_webhook(client, shop.channel, "orders/create", body, "w-1")
    runs = run_queued(shop.account)

    # then one run, no loop
    assert [run.job_type for run in runs] == ["import_orders"]
    assert not SalesOrder.objects.exists()
