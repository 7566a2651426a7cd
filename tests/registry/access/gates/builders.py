"""Builders for pass and gate tests: a community with a gate, a volunteer posted there, staff,
and passes issued through the API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import update

from registry.residents.households.models import Household
from tests.builders import CommunityTree, headers_for, make_community
from tests.conftest import Stack


@dataclass
class GateWorld:
    tree: CommunityTree
    staff: dict[str, str]
    volunteer: dict[str, str]
    volunteer_subject: str
    gate_id: uuid.UUID
    passes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def community_id(self) -> uuid.UUID:
        return self.tree.community_id


def in_days(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


async def make_gate_world(
    client: httpx.AsyncClient,
    stack: Stack,
    *,
    households: int = 3,
    rule: dict[str, Any] | None = None,
    name: str = "测试社区",
) -> GateWorld:
    tree = await make_community(stack, name=name, households=households)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    volunteer = await headers_for(client, stack, "gate_volunteer", [tree.community_id])
    me = await client.get("/api/v1/auth/me", headers=volunteer)
    subject = me.json()["subject"]
    gate = await client.post(
        "/api/v1/gate/gates",
        headers=staff,
        json={"community_id": str(tree.community_id), "name": "东门"},
    )
    assert gate.status_code == 201, gate.text
    gate_id = uuid.UUID(gate.json()["id"])
    posted = await client.put(
        f"/api/v1/gate/gates/{gate_id}/volunteers", headers=staff, json={"subjects": [subject]}
    )
    assert posted.status_code == 200, posted.text
    if rule is not None:
        set_rule = await client.put(
            f"/api/v1/gate-rules/{tree.community_id}", headers=staff, json=rule
        )
        assert set_rule.status_code == 200, set_rule.text
    world = GateWorld(tree, staff, volunteer, subject, gate_id)
    for household_id in tree.household_ids:
        issued = await client.post(
            "/api/v1/passes",
            headers=staff,
            json={"household_id": str(household_id), "valid_until": in_days(30)},
        )
        assert issued.status_code == 201, issued.text
        world.passes.append(issued.json())
    return world


async def add_gate(client: httpx.AsyncClient, world: GateWorld, name: str) -> str:
    """Another gate of the world's community, where its volunteer is not posted; its id."""
    gate = await client.post(
        "/api/v1/gate/gates",
        headers=world.staff,
        json={"community_id": str(world.community_id), "name": name},
    )
    assert gate.status_code == 201, gate.text
    return str(gate.json()["id"])


def passage(world: GateWorld, pass_read: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "gate_id": str(world.gate_id),
        "token": pass_read["token"],
        "direction": "out",
        "temperature": 36.5,
        "mask": True,
        "client_id": str(uuid.uuid4()),
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


async def set_household_status(stack: Stack, household_id: uuid.UUID, status: str) -> None:
    """What the quarantine domain does; the gate state sees it at its next poll (forced here)."""
    async with stack.registry.state.sessionmaker() as session:
        await session.execute(
            update(Household).where(Household.id == household_id).values(status=status)
        )
        await session.commit()
    await stack.registry.state.gate_states.refresh()


async def expire_pass(stack: Stack, pass_id: str) -> None:
    """Ends a pass's validity a minute ago (no API shortens a pass), as a change gates must see."""
    from registry.access.passes.models import AccessPass
    from registry.access.passes.versions import bump_state_version

    async with stack.registry.state.sessionmaker() as session:
        p = await session.get(AccessPass, uuid.UUID(pass_id))
        assert p is not None
        p.valid_until = datetime.now(UTC) - timedelta(minutes=1)
        p.state_version = await bump_state_version(session, p.community_id)
        await session.commit()
    await stack.registry.state.gate_states.refresh()


async def scan(
    client: httpx.AsyncClient, world: GateWorld, token: str, **extra: Any
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/gate/verify",
        headers=world.volunteer,
        json={"gate_id": str(world.gate_id), "token": token, **extra},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def log_passage(
    client: httpx.AsyncClient, world: GateWorld, pass_read: dict[str, Any], **overrides: Any
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/gate/logs", headers=world.volunteer, json=passage(world, pass_read, **overrides)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
