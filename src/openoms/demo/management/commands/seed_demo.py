"""``openoms seed-demo``: load (or refresh) the demo data and print how to sign in."""

from django.core.management.base import BaseCommand

from openoms.demo.seed import DEMO_PASSWORD, DemoSummary, seed_demo


def describe(summary: DemoSummary) -> str:
    lines = [
        f"Demo organization: {summary.organization.name} ({summary.organization.code})",
        "Accounts: " + ", ".join(f"{a.name} ({a.code})" for a in summary.accounts),
        "Warehouses: TOR-1, MTL-1, VAN-1, CHI-1 (physical; CHI-1 is stocked by ShipBob) and "
        "EAST (virtual: TOR-1 + MTL-1); products with opening stock in both accounts.",
        "Channels: a sandbox store and a sandbox 3PL per account (one disabled legacy store), "
        "with SKU and warehouse mappings.",
        "Live channels of the demo, pointed at the Shopify and ShipBob emulators:",
        *[
            f"  {c.name} ({c.kind_spec.label}, {c.account.code}) → {c.api_base_url}"
            for c in summary.live_channels
        ],
        "",
        f"Sign in with any of these users; the password of each is {DEMO_PASSWORD!r}:",
    ]
    for user in summary.users:
        where = user.account.code if user.account_id else "whole organization"
        lines.append(f"  {user.email:<34} {user.get_role_display():<28} {where}")
    lines += ["", "API keys (X-API-Key header), new on every seed-demo run:"]
    lines += [f"  {code:<20} {raw}" for code, raw in summary.api_keys.items()]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Create or refresh the demo organization, accounts, users and API keys."

    def handle(self, *args, **options):
        self.stdout.write(describe(seed_demo()))
