"""The page shell on a narrow screen (800 px): the header wraps so Sign out stays on screen and
clickable, and the sidebar collapses behind the Menu button."""

from playwright.sync_api import expect

from openoms.tenancy.roles import Role


def _narrow(page):
    page.set_viewport_size({"width": 800, "height": 700})


def test_sign_out_is_on_screen_and_works_at_800_px(tenant, sign_in, page):
    # given the longest header: an organization user with the account switcher
    sign_in(tenant.user(Role.ORGANIZATION_OWNER))
    _narrow(page)
    page.goto("/")
    sign_out = page.get_by_role("button", name="Sign out")
    # then nothing of the header is off-screen
    expect(sign_out).to_be_in_viewport(ratio=1)
    box = sign_out.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 800
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    # when
    sign_out.click()
    # then
    page.wait_for_url("**/login/")


def test_the_menu_button_opens_the_collapsed_sidebar_at_800_px(tenant, sign_in, page):
    # given
    sign_in(tenant.user(Role.ORGANIZATION_OWNER))
    _narrow(page)
    page.goto("/")
    menu = page.get_by_role("navigation", name="Main menu")
    toggle = page.get_by_role("button", name="Menu")
    expect(menu).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    # when
    toggle.click()
    # then the sidebar is open and its links work
    expect(menu).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    organizations = menu.get_by_role("link", name="Organizations")
    expect(organizations).to_be_in_viewport()
    # and Escape closes it again
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    toggle.click()
    organizations.click()
    page.wait_for_url("**/organizations/")


def test_a_wide_screen_keeps_the_sidebar_and_no_menu_button(tenant, sign_in, page):
    # when
    sign_in(tenant.user(Role.ORGANIZATION_OWNER))
    # then
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
