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
    ("GET", "/api/v1/partners"): (P.partners_read,),
    ("POST", "/api/v1/partners"): (P.partners_write,),
    ("GET", "/api/v1/partners/me"): (P.partner_self,),
    ("GET", "/api/v1/partners/{partner_id}"): (P.partners_read,),
}


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
    }
    return headers, params


@pytest.mark.parametrize("role", list(Role))
async def test_each_route_admits_exactly_its_roles(
    client: httpx.AsyncClient, stack: Stack, role: Role
) -> None:
    headers, params = await credentials(client, stack)
    wrong: list[str] = []
    for (method, template), rule in ROUTES.items():
        if rule == OPEN or (method, template) == ("POST", "/api/v1/auth/logout"):
            continue  # open routes need no role; logout would end the session under test
        path = template.format(**params)
        kwargs: dict[str, object] = {"headers": headers[role]}
        if method in ("POST", "PUT", "PATCH"):
            kwargs["json"] = {}
        response = await client.request(method, path, **kwargs)  # type: ignore[arg-type]
        if response.status_code >= 500 or response.status_code == 401:
            wrong.append(f"{method} {path}: {response.status_code}")
        elif permitted(rule, role) == (response.status_code == 403):
            wrong.append(f"{method} {path}: {response.status_code} for {role}")
    assert wrong == []
