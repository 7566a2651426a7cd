"""Every public route × every role, against the one role → permission table.

`ROUTES` names the permission(s) each public route needs. The first test fails when the published
OpenAPI has a route that is missing here, so no route ships unclassified; the second calls each
route through the gateway as each role and checks that exactly the permitted roles get past 403.
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from shouhu_common.identity import Role
from shouhu_common.permissions import ROLE_PERMISSIONS, Permission
from tests.builders import headers_for, make_community, make_partner, make_partner_key
from tests.conftest import Stack
from tests.registry.residents.people_builders import first_person_id

P = Permission
OPEN = "open"  # no credentials needed
ANY = "any"  # any valid credentials

ROUTES: dict[tuple[str, str], str | tuple[Permission, ...]] = {
    ("POST", "/api/v1/auth/token"): OPEN,
    ("POST", "/api/v1/auth/refresh"): OPEN,
    ("POST", "/api/v1/auth/resident-token"): OPEN,
    ("POST", "/api/v1/auth/logout"): ANY,
    ("GET", "/api/v1/auth/me"): ANY,
    ("POST", "/api/v1/auth/users"): (P.accounts_manage,),
    ("GET", "/api/v1/auth/users"): (P.accounts_manage,),
    ("PATCH", "/api/v1/auth/users/{user_id}"): (P.accounts_manage,),
    ("POST", "/api/v1/auth/users/{user_id}/disable"): (P.accounts_manage,),
    ("POST", "/api/v1/auth/users/{user_id}/enable"): (P.accounts_manage,),
    ("POST", "/api/v1/auth/users/{user_id}/unlock"): (P.accounts_manage,),
    ("POST", "/api/v1/auth/users/{user_id}/sign-out-everywhere"): (P.accounts_manage,),
    ("GET", "/api/v1/auth/grid-workers"): (P.households_write,),
    ("POST", "/api/v1/auth/access-codes"): (P.access_codes_issue,),
    ("POST", "/api/v1/auth/partner-keys"): (P.partners_write,),
    ("GET", "/api/v1/auth/partner-keys"): (P.partners_write,),
    ("POST", "/api/v1/auth/partner-keys/{key_id}/rotate"): (P.partners_write,),
    ("DELETE", "/api/v1/auth/partner-keys/{key_id}"): (P.partners_write,),
    ("GET", "/api/v1/communities"): (P.communities_read,),
    ("GET", "/api/v1/communities/{community_id}"): (P.communities_read,),
    ("GET", "/api/v1/communities/{community_id}/buildings"): (P.communities_read,),
    ("GET", "/api/v1/households"): (P.households_read,),
    ("GET", "/api/v1/households/{household_id}"): (P.households_read, P.own_household_read),
    ("POST", "/api/v1/households"): (P.households_write,),
    ("PATCH", "/api/v1/households/{household_id}"): (P.household_files_edit,),
    ("DELETE", "/api/v1/households/{household_id}"): (P.households_write,),
    ("GET", "/api/v1/communities/{community_id}/compounds"): (P.communities_read,),
    ("POST", "/api/v1/communities/{community_id}/compounds"): (P.households_write,),
    ("POST", "/api/v1/communities/{community_id}/buildings"): (P.households_write,),
    ("GET", "/api/v1/people"): (P.households_read,),
    ("POST", "/api/v1/people"): (P.household_files_edit,),
    ("GET", "/api/v1/people/{person_id}"): (P.households_read,),
    ("PATCH", "/api/v1/people/{person_id}"): (P.household_files_edit,),
    ("DELETE", "/api/v1/people/{person_id}"): (P.households_write,),
    ("GET", "/api/v1/assignments"): (P.households_read,),
    ("PUT", "/api/v1/assignments/{subject}"): (P.households_write,),
    ("PUT", "/api/v1/assignments"): (P.households_write,),
    ("GET", "/api/v1/assignments/coverage"): (P.grid_coverage_read,),
    ("GET", "/api/v1/assignments/responsible"): (P.households_read,),
    ("POST", "/api/v1/imports/people"): (P.households_write,),
    ("GET", "/api/v1/exports/households.xlsx"): (P.personal_data_export,),
    ("POST", "/api/v1/quarantines"): (P.quarantines_write,),
    ("GET", "/api/v1/quarantines"): (P.quarantines_read,),
    ("GET", "/api/v1/quarantines/{quarantine_id}"): (P.quarantines_read,),
    ("POST", "/api/v1/quarantines/{quarantine_id}/end-date-changes"): (P.quarantines_write,),
    ("POST", "/api/v1/quarantines/{quarantine_id}/release"): (P.quarantines_write,),
    ("GET", "/api/v1/quarantines/{quarantine_id}/notice.pdf"): (P.quarantines_read,),
    ("GET", "/api/v1/quarantine-rules/{community_id}"): (P.quarantines_read,),
    ("PUT", "/api/v1/quarantine-rules/{community_id}"): (P.quarantines_write,),
    ("POST", "/api/v1/follow-ups"): (P.follow_ups_write,),
    ("GET", "/api/v1/follow-ups"): (P.follow_ups_read,),
    ("GET", "/api/v1/follow-ups/due"): (P.follow_ups_read,),
    ("GET", "/api/v1/referrals"): (P.referrals_read,),
    ("POST", "/api/v1/referrals/{referral_id}/close"): (P.referrals_close,),
    ("POST", "/api/v1/screenings/rounds"): (P.screenings_manage,),
    ("GET", "/api/v1/screenings/rounds"): (P.screenings_read,),
    ("GET", "/api/v1/screenings/work-list"): (P.screenings_read,),
    ("POST", "/api/v1/screenings"): (P.screenings_write,),
    ("GET", "/api/v1/screenings"): (P.screenings_read,),
    ("GET", "/api/v1/screenings/rules/{community_id}"): (P.screenings_read,),
    ("PUT", "/api/v1/screenings/rules/{community_id}"): (P.screenings_manage,),
    ("POST", "/api/v1/returnees"): (P.returnees_write,),
    ("GET", "/api/v1/returnees"): (P.returnees_read,),
    ("GET", "/api/v1/returnees/{returnee_id}"): (P.returnees_read,),
    ("GET", "/api/v1/exports/health-data.xlsx"): (P.health_data_export,),
    ("GET", "/api/v1/audit-events"): (P.audit_log_read,),
    ("GET", "/api/v1/audit-events/export.xlsx"): (P.audit_log_read,),
    ("POST", "/api/v1/care-list/build"): (P.care_list_manage,),
    ("POST", "/api/v1/care-list"): (P.care_list_manage,),
    ("GET", "/api/v1/care-list"): (P.care_list_read,),
    ("GET", "/api/v1/care-list/{entry_id}"): (P.care_list_read,),
    ("PATCH", "/api/v1/care-list/{entry_id}"): (P.care_list_manage,),
    ("POST", "/api/v1/care-list/{entry_id}/check-ins"): (P.care_check_in,),
    ("GET", "/api/v1/care-list/{entry_id}/check-ins"): (P.care_list_read,),
    ("POST", "/api/v1/health-data-purges"): (P.health_data_purge,),
    ("GET", "/api/v1/health-data-purges"): (P.health_data_purge,),
    ("GET", "/api/v1/health-data-purges/{purge_id}"): (P.health_data_purge,),
    ("GET", "/api/v1/partners"): (P.partners_read,),
    ("POST", "/api/v1/partners"): (P.partners_write,),
    ("GET", "/api/v1/partners/me"): (P.partner_self,),
    ("GET", "/api/v1/partners/{partner_id}"): (P.partners_read,),
    # passes and gates
    ("GET", "/api/v1/passes"): (P.passes_read, P.own_household_read),
    ("POST", "/api/v1/passes"): (P.passes_write,),
    ("POST", "/api/v1/passes/building-issues"): (P.passes_write,),
    ("GET", "/api/v1/passes/cards.pdf"): (P.passes_write,),
    ("GET", "/api/v1/passes/keys"): (P.pass_keys_read,),
    ("POST", "/api/v1/passes/keys/rotate"): (P.passes_write,),
    ("GET", "/api/v1/passes/{pass_id}"): (P.passes_read, P.own_household_read),
    ("GET", "/api/v1/passes/{pass_id}/qr.svg"): (P.passes_read, P.own_household_read),
    ("POST", "/api/v1/passes/{pass_id}/revoke"): (P.passes_write,),
    ("POST", "/api/v1/passes/{pass_id}/suspend"): (P.passes_write,),
    ("POST", "/api/v1/passes/{pass_id}/resume"): (P.passes_write,),
    ("POST", "/api/v1/passes/{pass_id}/reissue"): (P.passes_write,),
    ("POST", "/api/v1/gate/verify"): (P.gate_verify,),
    ("POST", "/api/v1/gate/logs"): (P.gate_verify,),
    ("POST", "/api/v1/gate/logs:batch"): (P.gate_verify,),
    ("GET", "/api/v1/gate/bundle"): (P.gate_verify,),
    ("GET", "/api/v1/gate/passes/{pass_id}/members"): (P.gate_verify,),
    ("POST", "/api/v1/gate/visitors"): (P.gate_verify,),
    ("GET", "/api/v1/gate/visitors"): (P.gate_logs_read,),
    ("GET", "/api/v1/gate/gates"): (P.gates_read,),
    ("POST", "/api/v1/gate/gates"): (P.gates_manage,),
    ("PUT", "/api/v1/gate/gates/{gate_id}/volunteers"): (P.gates_manage,),
    ("GET", "/api/v1/gate/logs"): (P.gate_logs_read,),
    ("GET", "/api/v1/gate/figures"): (P.gate_figures_read,),
    ("GET", "/api/v1/gate/households/{household_id}/last-passage"): (P.gate_logs_read,),
    ("GET", "/api/v1/gate/households/{household_id}/outing"): (
        P.households_read,
        P.own_household_read,
    ),
    ("GET", "/api/v1/household-card"): (P.household_card_read,),
    ("GET", "/api/v1/gate-rules/{community_id}"): (P.gate_rules_read,),
    ("PUT", "/api/v1/gate-rules/{community_id}"): (P.gates_manage,),
    # roster and gate shifts
    ("GET", "/api/v1/workers"): (P.workers_read,),
    ("POST", "/api/v1/workers"): (P.workers_write,),
    ("GET", "/api/v1/workers/{worker_id}"): (P.workers_read,),
    ("PATCH", "/api/v1/workers/{worker_id}"): (P.workers_write,),
    ("DELETE", "/api/v1/workers/{worker_id}"): (P.workers_write,),
    ("GET", "/api/v1/shift-templates"): (P.shifts_read,),
    ("POST", "/api/v1/shift-templates"): (P.shifts_manage,),
    ("PATCH", "/api/v1/shift-templates/{template_id}"): (P.shifts_manage,),
    ("DELETE", "/api/v1/shift-templates/{template_id}"): (P.shifts_manage,),
    ("GET", "/api/v1/shifts"): (P.shifts_read,),
    ("POST", "/api/v1/shifts"): (P.shifts_manage,),
    ("POST", "/api/v1/shifts/fill-week"): (P.shifts_manage,),
    ("GET", "/api/v1/shifts/coverage"): (P.shifts_read,),
    ("GET", "/api/v1/shifts/mine"): (P.shifts_own,),
    ("GET", "/api/v1/shifts/{shift_id}"): (P.shifts_read,),
    ("DELETE", "/api/v1/shifts/{shift_id}"): (P.shifts_manage,),
    ("POST", "/api/v1/shifts/{shift_id}/assignments"): (P.shifts_manage,),
    ("DELETE", "/api/v1/shifts/{shift_id}/assignments/{worker_id}"): (P.shifts_manage,),
    ("POST", "/api/v1/shifts/{shift_id}/check-in"): (P.shifts_check_in,),
    ("POST", "/api/v1/shifts/{shift_id}/check-out"): (P.shifts_check_in,),
    # tasks, disinfection, dispatch log, notices
    ("POST", "/api/v1/tasks"): (P.tasks_write,),
    ("GET", "/api/v1/tasks"): (P.tasks_read,),
    ("GET", "/api/v1/tasks/{task_id}"): (P.tasks_read,),
    ("PATCH", "/api/v1/tasks/{task_id}"): (P.tasks_write,),
    ("POST", "/api/v1/tasks/{task_id}/status"): (P.tasks_progress,),
    ("POST", "/api/v1/disinfections"): (P.disinfection_record,),
    ("GET", "/api/v1/disinfections"): (P.disinfection_read,),
    ("GET", "/api/v1/disinfections/occurrences"): (P.disinfection_read,),
    ("GET", "/api/v1/disinfections/overdue"): (P.disinfection_read,),
    ("POST", "/api/v1/disinfections/schedules"): (P.disinfection_manage,),
    ("GET", "/api/v1/disinfections/schedules"): (P.disinfection_read,),
    ("GET", "/api/v1/disinfections/schedules/{schedule_id}"): (P.disinfection_read,),
    ("PUT", "/api/v1/disinfections/schedules/{schedule_id}"): (P.disinfection_manage,),
    ("DELETE", "/api/v1/disinfections/schedules/{schedule_id}"): (P.disinfection_manage,),
    ("GET", "/api/v1/disinfections/{record_id}"): (P.disinfection_read,),
    ("POST", "/api/v1/dispatch-meetings"): (P.dispatch_write,),
    ("GET", "/api/v1/dispatch-meetings"): (P.dispatch_read,),
    ("GET", "/api/v1/dispatch-meetings/{meeting_id}"): (P.dispatch_read,),
    ("POST", "/api/v1/notices"): (P.notices_publish,),
    ("GET", "/api/v1/notices"): (P.notices_read,),
    ("GET", "/api/v1/notices/{notice_id}"): (P.notices_read,),
    ("PATCH", "/api/v1/notices/{notice_id}"): (P.notices_publish,),
    ("DELETE", "/api/v1/notices/{notice_id}"): (P.notices_publish,),
    ("GET", "/api/v1/notices/{notice_id}/poster.pdf"): (P.notices_print,),
    # supplies
    ("GET", "/api/v1/catalog/items"): (P.catalog_read,),
    ("POST", "/api/v1/catalog/items"): (P.catalog_manage,),
    ("GET", "/api/v1/catalog/items/{item_id}"): (P.catalog_read,),
    ("PATCH", "/api/v1/catalog/items/{item_id}"): (P.catalog_manage,),
    ("POST", "/api/v1/catalog/items/{item_id}/stock-adjustments"): (P.catalog_manage,),
    ("PUT", "/api/v1/catalog/items/{item_id}/reference-price"): (P.reference_prices_set,),
    ("GET", "/api/v1/catalog/items/{item_id}/price-history"): (P.catalog_read,),
    ("GET", "/api/v1/delivery-rounds"): (P.delivery_rounds_read,),
    ("POST", "/api/v1/delivery-rounds"): (P.delivery_rounds_manage,),
    ("POST", "/api/v1/delivery-rounds/schedule"): (P.delivery_rounds_manage,),
    ("GET", "/api/v1/delivery-rounds/{round_id}"): (P.delivery_rounds_read,),
    ("PATCH", "/api/v1/delivery-rounds/{round_id}"): (P.delivery_rounds_manage,),
    ("GET", "/api/v1/orders"): (P.orders_read,),
    ("POST", "/api/v1/orders"): (P.orders_place,),
    ("GET", "/api/v1/orders/feed"): (P.orders_fulfil,),
    ("GET", "/api/v1/orders/{order_id}"): (P.orders_read,),
    ("POST", "/api/v1/orders/{order_id}/status"): (P.orders_fulfil,),
    ("POST", "/api/v1/orders/{order_id}/cancel"): (P.orders_place,),
    ("POST", "/api/v1/orders/{order_id}/shortages"): (P.orders_fulfil,),
    ("GET", "/api/v1/household-directory"): (P.household_directory_read,),
    ("PUT", "/api/v1/household-directory"): (P.household_directory_write,),
    ("GET", "/api/v1/delivery-rounds/{round_id}/pick-list"): (P.door_deliveries,),
    ("POST", "/api/v1/delivery-rounds/{round_id}/carriers"): (P.door_deliveries,),
    ("POST", "/api/v1/orders/{order_id}/hand-over"): (P.door_deliveries,),
    ("POST", "/api/v1/webhooks"): (P.webhooks_manage,),
    ("GET", "/api/v1/webhooks"): (P.webhooks_manage,),
    ("GET", "/api/v1/webhooks/{webhook_id}"): (P.webhooks_manage,),
    ("DELETE", "/api/v1/webhooks/{webhook_id}"): (P.webhooks_manage,),
    ("GET", "/api/v1/webhooks/{webhook_id}/deliveries"): (P.webhooks_manage,),
    ("POST", "/api/v1/webhooks/{webhook_id}/test"): (P.webhooks_manage,),
    ("POST", "/api/v1/webhooks/{webhook_id}/rotate-secret"): (P.webhooks_manage,),
    ("POST", "/api/v1/group-buys"): (P.group_buys_manage,),
    ("GET", "/api/v1/group-buys"): (P.group_buys_read,),
    ("GET", "/api/v1/group-buys/{group_buy_id}"): (P.group_buys_read,),
    ("GET", "/api/v1/community-stock"): (P.community_stock_read,),
    ("POST", "/api/v1/community-stock"): (P.community_stock_write,),
    ("GET", "/api/v1/community-stock/{stock_item_id}"): (P.community_stock_read,),
    ("POST", "/api/v1/community-stock/{stock_item_id}/movements"): (P.community_stock_write,),
    ("GET", "/api/v1/community-stock/{stock_item_id}/movements"): (P.community_stock_read,),
    ("POST", "/api/v1/distributions"): (P.community_stock_write,),
    ("GET", "/api/v1/distributions"): (P.community_stock_read,),
    ("GET", "/api/v1/distributions/{distribution_id}"): (P.community_stock_read,),
    ("POST", "/api/v1/distributions/{distribution_id}/receipts"): (P.distributions_record,),
    ("GET", "/api/v1/distributions/{distribution_id}/households-not-reached"): (
        P.distributions_record,
    ),
    ("POST", "/api/v1/allocations"): (P.community_stock_write,),
    ("POST", "/api/v1/donations"): (P.donations_write,),
    ("GET", "/api/v1/donations"): (P.donations_read,),
    ("GET", "/api/v1/donations/summary"): (P.donations_summary_read,),
    ("POST", "/api/v1/donations/{donation_id}/uses"): (P.donations_write,),
    # daily report and dashboard: composed by the gateway from both services' figures
    ("GET", "/api/v1/reports/daily"): (P.reports_read,),
    ("GET", "/api/v1/reports/daily.xlsx"): (P.reports_read,),
    ("GET", "/api/v1/dashboard"): (P.dashboard_read,),
    ("GET", "/api/v1/registry-reports/daily"): (P.reports_read,),
    ("GET", "/api/v1/registry-reports/dashboard"): (P.dashboard_read,),
    ("GET", "/api/v1/supplies-reports/daily"): (P.reports_read,),
    ("GET", "/api/v1/supplies-reports/dashboard"): (P.dashboard_read,),
}


SUPPLIES_PATH_IDS = (
    "item",
    "round",
    "order",
    "webhook",
    "group_buy",
    "stock_item",
    "distribution",
    "allocation",
    "donation",
)


def permitted(rule: str | tuple[Permission, ...], role: Role) -> bool:
    if isinstance(rule, str):
        return True
    return any(role in ROLE_PERMISSIONS[p] for p in rule)


async def test_every_public_route_is_classified(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    assert "x-incomplete" not in document
    published = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    assert published - ROUTES.keys() == set(), "classify these routes in ROUTES"
    assert ROUTES.keys() - published == set(), "these routes are gone: drop them from ROUTES"


async def credentials(
    client: httpx.AsyncClient, stack: Stack
) -> tuple[dict[Role, dict[str, str]], dict[str, str]]:
    tree = await make_community(stack, households=1)
    partner_id = await make_partner(stack, tree.community_id)
    headers: dict[Role, dict[str, str]] = {}
    for role in (Role.admin, Role.staff, Role.grid_worker, Role.gate_volunteer, Role.officer):
        headers[role] = await headers_for(client, stack, role.value, [tree.community_id])
    code = await client.post(
        "/api/v1/auth/access-codes",
        headers=headers[Role.staff],
        json={"household_id": str(tree.household_ids[0])},
    )
    resident = await client.post(
        "/api/v1/auth/resident-token", json={"access_code": code.json()["access_code"]}
    )
    headers[Role.resident] = {"Authorization": f"Bearer {resident.json()['access_token']}"}
    headers[Role.partner] = {
        "X-API-Key": await make_partner_key(stack, partner_id, tree.community_id)
    }
    params = {
        "community_id": str(tree.community_id),
        "household_id": str(tree.household_ids[0]),
        "partner_id": str(partner_id),
        "key_id": str(uuid.uuid4()),
        "user_id": str(uuid.uuid4()),
        **{f"{name}_id": str(uuid.uuid4()) for name in SUPPLIES_PATH_IDS},
        "person_id": str(await first_person_id(stack)),
        "subject": f"user:{uuid.uuid4()}",
        "quarantine_id": str(uuid.uuid4()),
        "referral_id": str(uuid.uuid4()),
        "returnee_id": str(uuid.uuid4()),
        "pass_id": str(uuid.uuid4()),
        "gate_id": str(uuid.uuid4()),
        "task_id": str(uuid.uuid4()),
        "schedule_id": str(uuid.uuid4()),
        "record_id": str(uuid.uuid4()),
        "meeting_id": str(uuid.uuid4()),
        "notice_id": str(uuid.uuid4()),
        "worker_id": str(uuid.uuid4()),
        "template_id": str(uuid.uuid4()),
        "shift_id": str(uuid.uuid4()),
        "purge_id": str(uuid.uuid4()),
        "entry_id": str(uuid.uuid4()),
    }
    return headers, params


@pytest.mark.parametrize("role", list(Role))
async def test_each_route_admits_exactly_its_roles(
    client: httpx.AsyncClient, stack: Stack, role: Role
) -> None:
    headers, params = await credentials(client, stack)
    document = (await client.get("/openapi.json")).json()
    wrong: list[str] = []
    for (method, template), rule in ROUTES.items():
        if rule == OPEN or (method, template) == ("POST", "/api/v1/auth/logout"):
            continue  # open routes need no role; logout would end the session under test
        path = template.format(**params)
        kwargs: dict[str, object] = {"headers": headers[role]}
        if method in ("POST", "PUT", "PATCH"):
            kwargs["json"] = {}
        response = await client.request(method, path, **kwargs)  # type: ignore[arg-type]
        operation = document["paths"][template][method.lower()]
        if response.status_code >= 500 or response.status_code == 401:
            wrong.append(f"{method} {path}: {response.status_code}")
        elif permitted(rule, role) == (response.status_code == 403):
            wrong.append(f"{method} {path}: {response.status_code} for {role}")
        elif (
            response.status_code >= 400 and str(response.status_code) not in operation["responses"]
        ):
            wrong.append(f"{method} {template}: {response.status_code} is not in its OpenAPI")
        if permitted(rule, role) != (role.value in operation["x-roles"]):
            wrong.append(f"{method} {template}: x-roles {operation['x-roles']} vs {role}")
    assert wrong == []
