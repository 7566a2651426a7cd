"""Every route that can show personal data in full (`reveal=true`) needs a role that may see it
and a reason, which the audit log records. The routes are found in the published OpenAPI by
their `reveal` parameter, so a new one is held to the rule without being named here."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from registry.residents.audit.models import AuditEvent
from shouhu_common.identity import Role
from tests.conftest import Stack
from tests.test_route_roles import credentials


async def _reveal_routes(client: httpx.AsyncClient) -> list[tuple[str, str]]:
    document = (await client.get("/openapi.json")).json()
    return sorted(
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if any(p["name"] == "reveal" for p in operation.get("parameters", []))
    )


async def _audited_reasons(stack: Stack) -> list[str]:
    async with stack.registry.state.sessionmaker() as session:
        return list(await session.scalars(select(AuditEvent.reason)))


async def test_every_reveal_needs_a_reason_and_a_role_that_may_see(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    routes = await _reveal_routes(client)
    assert ("GET", "/api/v1/people/{person_id}") in routes  # the finder finds them
    headers, params = await credentials(client, stack)
    wrong: list[str] = []
    for method, template in routes:
        path = template.format(**params)
        for reason in (None, "", "  ", "x"):
            query = {"reveal": "true"} | ({} if reason is None else {"reason": reason})
            response = await client.request(method, path, params=query, headers=headers[Role.staff])
            if response.status_code != 422:
                wrong.append(f"{method} {path} reason={reason!r}: {response.status_code}")
        grid = await client.request(
            method,
            path,
            params={"reveal": "true", "reason": "上门核对"},
            headers=headers[Role.grid_worker],
        )
        if grid.status_code != 403:
            wrong.append(f"{method} {path} as grid worker: {grid.status_code}")
    assert wrong == []
    assert await _audited_reasons(stack) == []  # nothing refused was recorded as revealed


async def test_a_reveal_with_a_reason_is_audited_with_it(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    headers, params = await credentials(client, stack)
    path = f"/api/v1/households/{params['household_id']}"
    response = await client.get(
        path, params={"reveal": "true", "reason": " 电话回访 "}, headers=headers[Role.staff]
    )
    assert response.status_code == 200
    assert await _audited_reasons(stack) == ["电话回访"]
