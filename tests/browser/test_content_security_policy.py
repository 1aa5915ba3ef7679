"""Every page works under the Content-Security-Policy: Chromium reports no violation."""

from openoms.activity.models import FileImport, ImportStatus
from openoms.channels.models import Channel
from openoms.tenancy.roles import Role


def test_pages_raise_no_policy_violation(page, sign_in, tenant):
    # given: a running import (its progress bar) and a channel
    running = FileImport.objects.create(
        account=tenant.account,
        kind="products",
        file_name="P_Products.csv",
        status=ImportStatus.RUNNING,
        total_bytes=100,
        processed_bytes=40,
        actor_label="test",
    )
    store = Channel.objects.create(
        account=tenant.account, type="sales", kind="shopify", name="Main store"
    )
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(str(error)))
    sign_in(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when
    for url in (
        "/",
        "/products/",
        "/inventory/",
        f"/imports/{running.pk}/",
        f"/sales-channels/{store.pk}/",
        "/api/v2/docs",
    ):
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, url
        assert "default-src 'self'" in response.headers["content-security-policy"], url
    # then
    assert violations == []


def test_the_progress_bar_shows_the_progress_without_an_inline_style(page, sign_in, tenant):
    # given
    running = FileImport.objects.create(
        account=tenant.account,
        kind="products",
        file_name="P_Products.csv",
        status=ImportStatus.RUNNING,
        total_bytes=100,
        processed_bytes=40,
        actor_label="test",
    )
    sign_in(tenant.user(Role.ACCOUNT_ADMINISTRATOR))
    # when
    page.goto(f"/imports/{running.pk}/")
    bar = page.get_by_role("progressbar", name="Import progress")
    track = bar.bounding_box()
    fill = bar.locator("rect").bounding_box()
    # then: the filled part is 40 % of the track
    assert abs(fill["width"] / track["width"] - 0.40) < 0.02
