"""Carriers in a real browser: Admin Settings → Carriers (create a carrier, add its services,
import Carriers.csv), then a channel's Carrier Mappings tab (the help, a wildcard mapping made
primary, an import that skips a pair mapped already)."""

import re

import pytest
from playwright.sync_api import expect

from openoms.tenancy.roles import Role
from tests.channels.carrier_data import carriers_of, mappings_of
from tests.file_imports import immediate_tasks, uploads  # noqa: F401 -- fixtures
from tests.web.channel_data import make_channel

CARRIERS = b"carrier_code,carrier_name,service_code,service_name\nUPS,UPS,GND,Ground\nX,,,\n"
MAPPINGS = (
    b"carrier_channel_code,service_channel_code,carrier_code,service_code,primary\n"
    b"2nd Day Air*,,FedEx,2DA,false\nFDEG,,FedEx,GRND,no\n"
)


def create_fedex(page):
    menu = page.get_by_role("navigation", name="Main menu")
    menu.locator(".nav-group", has_text="Admin Settings").get_by_role(
        "link", name="Carriers"
    ).click()
    expect(page.get_by_role("heading", name="No carriers yet")).to_be_visible()
    page.get_by_role("link", name="Create carrier").click()
    page.get_by_label("Carrier Code").fill("FedEx")
    page.get_by_label("Name").fill("FedEx")
    page.get_by_role("button", name="Create carrier").click()
    expect(page.get_by_text("Carrier FedEx created: add its services below.")).to_be_visible()
    for code, name in (("GRND", "Ground"), ("2DA", "2nd Day Air")):
        page.get_by_label("Service Code").fill(code)
        page.get_by_label("Service name").fill(name)
        page.get_by_role("button", name="Add service").click()
        expect(page.get_by_text(f"Service {code} added to FedEx.")).to_be_visible()


def import_carriers(page):
    page.get_by_role("link", name="Back to carriers").click()
    page.locator("summary", has_text="Maintenance").click()
    page.get_by_label("Import Carriers.csv").set_input_files(
        files=[{"name": "Carriers.csv", "mimeType": "text/csv", "buffer": CARRIERS}]
    )
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import of Carriers.csv")).to_be_visible()
    rows = page.locator(".issues-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text(
        re.compile(r"3\s+Rejected\s+The carrier name is required for the new carrier 'X'.")
    )


def map_on_the_channel(page, store):
    page.goto(f"/sales-channels/{store.pk}/")
    page.get_by_role("link", name="Carrier Mappings").click()
    expect(page.get_by_text("Several channel codes may map to the same carrier")).to_be_visible()
    page.get_by_role("link", name="Create", exact=True).click()
    page.get_by_label("Carrier Channel Code").fill("2nd Day Air*")
    page.get_by_label("Carrier System Code").select_option("FedEx")
    page.get_by_label("Service System Code").select_option("2DA")
    page.get_by_label("Primary").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Carrier mapping saved: 2nd Day Air* → FedEx.")).to_be_visible()
    page.locator("summary", has_text="Maintenance").click()
    page.get_by_label("Import C_Carrier_Mappings.csv").set_input_files(
        files=[{"name": "C_Carrier_Mappings.csv", "mimeType": "text/csv", "buffer": MAPPINGS}]
    )
    page.get_by_role("button", name="Import", exact=True).click()
    rows = page.locator(".issues-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text(re.compile(r"2\s+Warning\s+Skipped: the channel codes"))


@pytest.mark.usefixtures("uploads", "immediate_tasks")
def test_carriers_and_carrier_mappings_in_the_browser(page, sign_in, tenant):
    # given
    store = make_channel(tenant.account, "Acme Online Store")
    sign_in(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when
    create_fedex(page)
    import_carriers(page)
    map_on_the_channel(page, store)
    # then
    assert carriers_of(tenant.account) == {
        "FedEx": ("FedEx", {"2DA": "2nd Day Air", "GRND": "Ground"}),
        "UPS": ("UPS", {"GND": "Ground"}),
    }
    assert mappings_of(store) == [
        ("2nd Day Air*", "", "FedEx", "2DA", True),
        ("FDEG", "", "FedEx", "GRND", False),
    ]
