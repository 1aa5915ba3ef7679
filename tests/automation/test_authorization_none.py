"""Seed 004: Authorization Refresh = None means OpenOMS makes no API calls at all to the channel.

The store's connector is swapped for one that really speaks HTTP (to a local server), and every
request httpx sends is counted at its transport: with a period set, the jobs call the store;
with None, not one request leaves, and each job that would have called records a Warning.
"""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from django.utils import timezone

from openoms.activity.models import Event
from openoms.automation.models import JobRun
from openoms.automation.services.runs import job_run_now
from openoms.automation.services.scheduler import scheduler_tick
from openoms.sync.pipeline import sync_start
from tests.automation.conftest import SYSTEM, drain, job_of, set_period
from tests.sync.runs import install_connector

CHANNEL_JOBS = [
    "authorization_refresh",
    "import_products",
    "export_products",
    "import_orders",
    "export_order_updates",
    "export_inventory",
]
REFUSAL = (
    "Authorization Refresh Settings of Beta Store is None (its Other System Settings): OpenOMS "
    "makes no API calls to this channel."
)


class StoreServer(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        StoreServer.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def http_store(monkeypatch):
    """A local "store" and a connector that calls it; → the list of requests httpx sent."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), StoreServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    StoreServer.hits = []

    class HttpStore:
        def __init__(self, credentials, channel_ref):
            self.client = httpx.Client(base_url=base, timeout=5)

        def refresh_authorization(self):
            self.client.post("/oauth/token")
            return None

        def fetch_products(self):
            self.client.get("/products")
            return []

        def push_products(self, products):
            self.client.post("/products")
            return 1

    sent: list[str] = []
    original = httpx.HTTPTransport.handle_request

    def counting(transport, request):
        sent.append(f"{request.method} {request.url.path}")
        return original(transport, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", counting)
    install_connector(monkeypatch, "sandbox_sales", HttpStore)
    yield sent
    server.shutdown()


def run_all_now(account, store) -> list[JobRun]:
    runs = [job_run_now(actor=SYSTEM, job=job_of(account, code, store)) for code in CHANNEL_JOBS]
    drain()
    return [JobRun.objects.get(pk=run.pk) for run in runs]


def test_with_a_period_set_the_jobs_do_call_the_store(tenant, store, http_store):
    # when every job of the store runs now (Authorization Refresh: every 12 hours)
    runs = run_all_now(tenant.account, store)
    # then the two jobs with a connector call it: proof that requests are counted
    assert http_store == ["POST /oauth/token", "POST /products"]
    assert StoreServer.hits == ["/oauth/token", "/products"]
    assert [run.status for run in runs][:3] == ["succeeded", "failed", "succeeded"]


def test_none_makes_no_request_at_all_and_one_warning_per_skipped_job(tenant, store, http_store):
    # given
    set_period(job_of(tenant.account, "authorization_refresh", store), "none")
    # when every job runs now, one more comes due on schedule, and a person syncs by hand
    runs = run_all_now(tenant.account, store)
    set_period(job_of(tenant.account, "export_products", store), "5m")
    scheduler_tick(now=timezone.now() + timedelta(minutes=5))
    drain()
    manual = sync_start(actor=SYSTEM, channel=store, job_type="export_products")
    drain()
    # then not one request left OpenOMS
    assert http_store == []
    assert StoreServer.hits == []
    # and each run that would have called the store, the manual sync's too, was skipped with
    # one Warning saying why
    assert [run.status for run in runs] == ["skipped"] * len(CHANNEL_JOBS)
    scheduled = JobRun.objects.get(trigger="schedule", job__channel=store)
    manual = JobRun.objects.get(pk=manual.pk)
    assert manual.status == "skipped"
    for run in [*runs, scheduled, manual]:
        assert list(Event.objects.filter(run_id=run.pk).values_list("level", "message")) == [
            ("warning", f"{run.job.spec.label} of Beta Store was skipped: {REFUSAL}")
        ]
    assert not Event.objects.filter(run_id=None, level="warning").exists()
