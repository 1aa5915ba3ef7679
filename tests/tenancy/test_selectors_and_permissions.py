import pytest

from openoms.core.errors import NotFound
from openoms.tenancy import selectors
from openoms.tenancy.actor import Actor
from openoms.tenancy.permissions import API_KEY, PERMISSIONS, SYSTEM, Perm, actor_can
from openoms.tenancy.roles import Role


def test_permission_table_covers_every_permission():
    # then
    assert set(PERMISSIONS) == set(Perm)


@pytest.mark.parametrize(
    ("perm", "allowed"),
    [
        (
            Perm.ACCOUNT_VIEW,
            {
                "organization_owner",
                "organization_administrator",
                "supervisor",
                "account_administrator",
                API_KEY,
            },
        ),
        (Perm.ACCOUNT_LICENSE_EDIT, {"organization_owner"}),
        (Perm.ACCOUNT_CREATE, {"organization_owner", "organization_administrator"}),
        (
            Perm.ACCOUNT_WAREHOUSES_VIEW,
            {"organization_owner", "organization_administrator", "supervisor"},
        ),
        (Perm.ORGANIZATION_OWNERS_MANAGE, {"organization_owner"}),
    ],
)
def test_key_rows_of_the_table(perm, allowed):
    # then
    actors = [r.value for r in Role] + [API_KEY]
    assert {a for a in actors if actor_can(a, perm)} == allowed
    assert actor_can(SYSTEM, perm)


def test_account_user_works_in_catalog_inventory_mappings_and_orders_and_runs_jobs_only():
    # then
    allowed = {perm for perm in Perm if actor_can(Role.ACCOUNT_USER.value, perm)}
    assert allowed == {
        Perm.CATALOG_VIEW,
        Perm.CATALOG_EDIT,
        Perm.INVENTORY_VIEW,
        Perm.INVENTORY_ADJUST,
        Perm.CHANNELS_VIEW,
        Perm.SKU_MAPPINGS_MANAGE,
        Perm.AUTOMATION_VIEW,
        Perm.AUTOMATION_RUN,
        Perm.ORDERS_VIEW,
        Perm.ORDERS_MANAGE,
        Perm.PURCHASES_VIEW,
        Perm.PURCHASES_MANAGE,
    }


def test_organization_users_see_their_accounts_only(tenant, other_tenant):
    # given
    actor = Actor.for_user(tenant.user(Role.SUPERVISOR))
    # then
    assert set(selectors.accounts_visible(actor)) == {tenant.account, tenant.second_account}
    assert list(selectors.organizations_visible(actor)) == [tenant.organization]
    with pytest.raises(NotFound):
        selectors.account_get(actor, code=other_tenant.account.code)
    with pytest.raises(NotFound):
        selectors.organization_get(actor, other_tenant.organization.code)


def test_account_users_see_their_own_account_only(tenant):
    # given
    actor = Actor.for_user(tenant.user(Role.ACCOUNT_USER))
    # then
    assert list(selectors.accounts_visible(actor)) == [tenant.account]
    assert not selectors.organizations_visible(actor).exists()
    with pytest.raises(NotFound):
        selectors.account_get(actor, pk=tenant.second_account.pk)
    with pytest.raises(NotFound):
        selectors.user_get(actor, tenant.user(Role.SUPERVISOR).pk)


def test_users_and_history_of_another_tenant_are_not_found(tenant, other_tenant):
    # given
    actor = Actor.for_user(tenant.user(Role.ORGANIZATION_OWNER))
    # then
    with pytest.raises(NotFound):
        selectors.user_get(actor, other_tenant.user(Role.SUPERVISOR).pk)
    with pytest.raises(NotFound):
        selectors.account_history(actor, other_tenant.account)
    with pytest.raises(NotFound):
        selectors.api_keys_for_account(actor, other_tenant.account)
    with pytest.raises(NotFound):
        selectors.organization_users(actor, other_tenant.organization)
