"""A community with health data of every kind, written through the API as staff, grid workers
and gate volunteers would: a screening, a returnee, a quarantine with a change and a feverish
follow-up, gate passages (one with a fever), a courier and a returnee at the gate."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from typing import Any

import httpx
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from registry.access.gates.models import GateLog, GateQuotaUse, GateVisitor
from registry.access.passes.models import AccessPass
from registry.health.follow_ups.models import FollowUp
from registry.health.quarantines.models import Quarantine, QuarantineChange
from registry.health.referrals.models import Referral
from registry.health.returnees.models import Returnee
from registry.health.screenings.models import Screening, ScreeningRound
from registry.operations.care_list.models import CareCheckIn, CareEntry
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from tests.conftest import Stack
from tests.registry.access.gates.builders import GateWorld, log_passage, make_gate_world
from tests.registry.health.quarantines.builders import member_ids, start_quarantine, today

EXPORT = "/api/v1/exports/health-data.xlsx"
PURGES = "/api/v1/health-data-purges"
HEALTH_TABLES = {
    "screening": Screening,
    "screening_round": ScreeningRound,
    "returnee": Returnee,
    "quarantine": Quarantine,
    "quarantine_change": QuarantineChange,
    "follow_up": FollowUp,
    "referral": Referral,
    "gate_log": GateLog,
    "gate_quota_use": GateQuotaUse,
    "gate_visitor": GateVisitor,
    "care_entry": CareEntry,
    "care_check_in": CareCheckIn,
}
FILE_TABLES = {"household": Household, "person": Person, "access_pass": AccessPass}
QUOTA = {"quota_scope": "household", "quota_exits": 1, "quota_period_days": 2}


async def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def health_world(
    client: httpx.AsyncClient, stack: Stack, name: str = "测试社区"
) -> GateWorld:
    """Household 0 is screened and went out; household 1 is in home quarantine (changed once,
    checked with a fever); a returnee, a courier and a returning resident were registered; a member
    of household 2 is on the care list and was called once."""
    world = await make_gate_world(client, stack, households=3, rule=QUOTA, name=name)
    staff, volunteer = world.staff, world.volunteer
    households = world.tree.household_ids
    await ok(await client.post("/api/v1/screenings/rounds", headers=staff, json={}), 201)
    form = {
        "client_id": str(uuid.uuid4()),
        "household_id": str(households[0]),
        "method": "door",
        "outcome": "reached",
        "outbreak_travel": True,
        "case_contact": False,
        "symptoms": False,
    }
    await ok(await client.post("/api/v1/screenings", headers=staff, json=form), 201)
    returnee = {
        "client_id": str(uuid.uuid4()),
        "person_id": str((await member_ids(stack, households[0]))[0]),
        "from_city": "武汉",
        "transport": "train",
        "arrival_date": today().isoformat(),
    }
    await ok(await client.post("/api/v1/returnees", headers=staff, json=returnee), 201)
    quarantine = await ok(await start_quarantine(client, staff, households[1]), 201)
    change = {
        "planned_end_date": (today() + timedelta(days=20)).isoformat(),
        "reason_code": "new_exposure",
    }
    path = f"/api/v1/quarantines/{quarantine['id']}/end-date-changes"
    await ok(await client.post(path, headers=staff, json=change))
    check = {
        "client_id": str(uuid.uuid4()),
        "quarantine_id": quarantine["id"],
        "person_id": str((await member_ids(stack, households[1]))[0]),
        "temperature": 38.2,
    }
    await ok(await client.post("/api/v1/follow-ups", headers=staff, json=check), 201)
    out = await log_passage(client, world, world.passes[0])
    assert out["verdict"] == "allow"
    hot = await log_passage(client, world, world.passes[2], temperature=38.0)
    assert hot["referral_id"] is not None
    for kind, extra in (
        ("courier", {}),
        ("returnee", {"from_city": "上海", "transport": "car", "household_id": str(households[2])}),
    ):
        visitor = {
            "client_id": str(uuid.uuid4()),
            "gate_id": str(world.gate_id),
            "kind": kind,
            "name": "李四",
            "phone": "13912345678",
            "temperature": 36.5,
            **extra,
        }
        await ok(await client.post("/api/v1/gate/visitors", headers=volunteer, json=visitor), 201)
    cared = {"person_id": str((await member_ids(stack, households[2]))[0]), "reason": "独居"}
    entry = await ok(await client.post("/api/v1/care-list", headers=staff, json=cared), 201)
    call = {"client_id": str(uuid.uuid4()), "way": "phone", "outcome": "fine"}
    path = f"/api/v1/care-list/{entry['id']}/check-ins"
    await ok(await client.post(path, headers=staff, json=call), 201)
    return world


async def row_counts(
    stack: Stack, community_id: uuid.UUID, tables: dict[str, Any] = HEALTH_TABLES
) -> dict[str, int]:
    counts: dict[str, int] = {}
    async with stack.registry.state.sessionmaker() as session:
        for name, model in tables.items():
            if name == "quarantine_change":
                query = (
                    select(func.count())
                    .select_from(QuarantineChange)
                    .join(Quarantine, Quarantine.id == QuarantineChange.quarantine_id)
                    .where(Quarantine.community_id == community_id)
                )
            else:
                query = select(func.count()).where(model.community_id == community_id)
            counts[name] = int((await session.execute(query)).scalar_one())
    return counts


async def export(
    client: httpx.AsyncClient, headers: dict[str, str], community_id: uuid.UUID
) -> tuple[str, dict[str, list[list[object]]]]:
    """The final export: its id and its sheets."""
    response = await client.get(
        EXPORT, headers=headers, params={"community_id": str(community_id), "reason": "最终导出"}
    )
    assert response.status_code == 200, response.text
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    sheets = {n: book.get_sheet_by_name(n).to_python() for n in book.sheet_names}
    return response.headers["x-export-id"], sheets


def purge_body(world: GateWorld, export_id: str, **overrides: Any) -> dict[str, Any]:
    body = {
        "community_id": str(world.community_id),
        "confirm": "测试社区",
        "export_id": export_id,
        "reason": "应急响应结束",
    }
    return body | overrides
