"""Every public route × every role, against the one role → permission table.

`ROUTES` (tests/route_permissions.py) names the permission(s) each public route needs. The first
test fails when the published OpenAPI has a route that is missing there, so no route ships
unclassified; the second calls each route through the gateway as each role and checks that
exactly the permitted roles get past 403.
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from shouhu_common.identity import Role
from shouhu_common.permissions import ROLE_PERMISSIONS, Permission
from supplies.partners.models import PartnerKind
from tests.builders import headers_for, make_community, make_partner, make_partner_key
from tests.conftest import Stack
from tests.registry.residents.people_builders import first_person_id
from tests.route_permissions import OPEN, ROUTES

# Reached by a lab partner's key only (partner kind `lab`): the partner role is called with one.
LAB_ROUTES = {("POST", "/api/v1/lab-results")}

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
        "appeal_id": str(uuid.uuid4()),
        "approval_id": str(uuid.uuid4()),
        "slot_id": str(uuid.uuid4()),
        "request_id": str(uuid.uuid4()),
        "run_id": str(uuid.uuid4()),
        "handover_id": str(uuid.uuid4()),
        "registration_id": str(uuid.uuid4()),
        "building_id": str(tree.building_id),
    }
    return headers, params


@pytest.mark.parametrize("role", list(Role))
async def test_each_route_admits_exactly_its_roles(
    client: httpx.AsyncClient, stack: Stack, role: Role
) -> None:
    headers, params = await credentials(client, stack)
    community_id = uuid.UUID(params["community_id"])
    lab = await make_partner(stack, community_id, "检测所", PartnerKind.lab)
    lab_key = await make_partner_key(stack, lab, community_id, "检测所", PartnerKind.lab)
    document = (await client.get("/openapi.json")).json()
    wrong: list[str] = []
    for (method, template), rule in ROUTES.items():
        if rule == OPEN or (method, template) == ("POST", "/api/v1/auth/logout"):
            continue  # open routes need no role; logout would end the session under test
        path = template.format(**params)
        kwargs: dict[str, object] = {"headers": headers[role]}
        if role == Role.partner and (method, template) in LAB_ROUTES:
            kwargs["headers"] = {"X-API-Key": lab_key}
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
