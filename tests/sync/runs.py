"""Running channel work the one way it runs: a manual sync (or a job's run) executed by the
executor, as a worker would; and fake connectors that keep their kind's capabilities."""

from __future__ import annotations

from collections.abc import Callable

from openoms.activity.models import Event
from openoms.automation.models import JobRun
from openoms.automation.services.runs import run_execute
from openoms.channels.models import Channel
from openoms.connectors import registry
from openoms.connectors.base import ChannelAccess
from openoms.sync.pipeline import sync_start
from openoms.tenancy.actor import Actor

SYSTEM = Actor.system("test")


def sync_now(channel: Channel, job_type: str, actor: Actor = SYSTEM) -> JobRun:
    """Start a manual sync of ``channel`` and execute it now; the finished run."""
    run = sync_start(actor=actor, channel=channel, job_type=job_type)
    run_execute(run.pk)
    return JobRun.objects.get(pk=run.pk)


def run_events(run: JobRun) -> list[tuple[str, str]]:
    """The run's events, oldest first, as (level, message)."""
    return list(Event.objects.filter(run_id=run.pk).order_by("id").values_list("level", "message"))


def install_connector(monkeypatch, kind: str, factory: Callable[[dict, str], object]) -> None:
    """Make ``factory`` the connector of ``kind``, with the capabilities the kind's connector
    declares (so the kind can do what it could)."""

    def connector(access: ChannelAccess) -> object:
        return factory(access.credentials, access.channel_ref)

    connector.capabilities = registry.connector_capabilities(kind)
    monkeypatch.setitem(registry.CONNECTORS, kind, connector)
