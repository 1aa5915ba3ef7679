"""What the pipeline gives a connector: its base URL, a sink for notices (Events of the channel,
recorded at once and kept when the run fails) and a place to store renewed credentials."""

from openoms.activity.models import Event
from openoms.channels.models import Channel
from openoms.connectors import registry
from openoms.connectors.base import ChannelAccess, ConnectorError, Notice
from openoms.connectors.registry import connector_capabilities
from tests.sync.runs import run_events, sync_now
from tests.sync.test_inventory_export_job import make_store


class NoisyStore:
    """Reports a notice, renews its token, then fails (when ``fail``) or receives the levels."""

    fail = False

    def __init__(self, access: ChannelAccess):
        self.access = access

    def push_inventory(self, levels):
        self.access.report(Notice("warning", f"Listing X refused by {self.access.base_url}."))
        self.access.save_credentials({**self.access.credentials, "access_token": "renewed"})
        if self.fail:
            raise ConnectorError("the store answered 503 three times.")
        return len(list(levels))


def install(monkeypatch, fail: bool) -> None:
    class Store(NoisyStore):
        capabilities = connector_capabilities("sandbox_sales")

    Store.fail = fail
    monkeypatch.setitem(registry.CONNECTORS, "sandbox_sales", Store)


def test_notices_and_renewed_credentials_outlive_a_failed_run(tenant, monkeypatch):
    # given
    channel = make_store(tenant.account)
    Channel.objects.filter(pk=channel.pk).update(api_base_url="http://127.0.0.1:9/x")
    install(monkeypatch, fail=True)
    # when
    run = sync_now(Channel.objects.get(pk=channel.pk), "export_inventory")
    # then
    assert run.status == "failed"
    assert run_events(run)[0] == ("warning", "Listing X refused by http://127.0.0.1:9/x.")
    assert run_events(run)[-1][0] == "error"
    stored = Channel.objects.get(pk=channel.pk).credentials
    assert stored == {"store_name": channel.name, "access_token": "renewed"}
    assert Event.objects.filter(channel_id=channel.pk, level="warning").count() == 1
