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
from registry.access.visitor_registrations.models import VisitorRegistration
from registry.health.follow_ups.models import FollowUp
from registry.health.quarantines.models import Quarantine, QuarantineChange
from registry.health.referrals.models import Referral
from registry.health.returnees.models import Returnee
from registry.health.screenings.models import Screening, ScreeningRound
from registry.health.self_reports.models import SelfReport
from registry.operations.care_list.models import CareCheckIn, CareEntry
from registry.operations.medicine.models import CustodyHandover, MedicineRequest, MedicineRun
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from tests.conftest import Stack
from tests.registry.access.gates.builders import GateWorld, log_passage, make_gate_world
from tests.registry.health.quarantines.builders import member_ids, start_quarantine, today
from tests.registry.operations.medicine.builders import MEDICINE, ask, hand, roster_worker
from tests.supplies.builders import resident_headers

EXPORT = "/api/v1/exports/health-data.xlsx"
PURGES = "/api/v1/health-data-purges"
HEALTH_TABLES = {
    "screening": Screening,
    "screening_round": ScreeningRound,
    "returnee": Returnee,
    "quarantine": Quarantine,
    "quarantine_change": QuarantineChange,
    "follow_up": FollowUp,
    "self_report": SelfReport,
    "referral": Referral,
    "gate_log": GateLog,
    "gate_quota_use": GateQuotaUse,
    "gate_visitor": GateVisitor,
    "visitor_registration": VisitorRegistration,
    "care_entry": CareEntry,
    "care_check_in": CareCheckIn,
    "medicine_request": MedicineRequest,
    "medicine_run": MedicineRun,
    "custody_handover": CustodyHandover,
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
    checked with a fever, self-reported once); a returnee, a courier and a returning resident were
    registered, and a visitor registered themselves from the poster; a member of household 2 is on
    the care list and was called once."""
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
    resident = await resident_headers(client, staff, households[1])
    report = {"client_id": str(uuid.uuid4()), "person_id": check["person_id"], "temperature": 36.8}
    await ok(await client.post("/api/v1/self-reports", headers=resident, json=report), 201)
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
    path = f"/api/v1/visitor-registrations/gates/{world.gate_id}/token"
    token = (await ok(await client.post(path, headers=staff)))["form_url"].split("gate=")[1]
    form = {
        "client_id": str(uuid.uuid4()),
        "gate_token": token,
        "name": "王五",
        "phone": "13700001111",
    }
    await ok(await client.post("/api/v1/visitor-registrations", json=form), 201)
    cared = {"person_id": str((await member_ids(stack, households[2]))[0]), "reason": "独居"}
    entry = await ok(await client.post("/api/v1/care-list", headers=staff, json=cared), 201)
    call = {"client_id": str(uuid.uuid4()), "way": "phone", "outcome": "fine"}
    path = f"/api/v1/care-list/{entry['id']}/check-ins"
    await ok(await client.post(path, headers=staff, json=call), 201)
    await medicine_fetched(client, stack, staff, world.community_id, households[2])
    return world


async def medicine_fetched(
    client: httpx.AsyncClient,
    stack: Stack,
    staff: dict[str, str],
    community_id: uuid.UUID,
    household_id: uuid.UUID,
) -> None:
    """A prescription refill on a run; the card went to the volunteer and came back."""
    person = (await member_ids(stack, household_id))[0]
    worker_id, phone = await roster_worker(client, stack, staff, community_id, "李志愿")
    asked = await ok(await ask(client, staff, person), 201)
    run = {
        "client_id": str(uuid.uuid4()),
        "worker_id": worker_id,
        "hospital": "市第一人民医院",
        "run_date": today().isoformat(),
        "request_ids": [asked["id"]],
    }
    await ok(await client.post(f"{MEDICINE}/runs", headers=staff, json=run), 201)
    card = await ok(await hand(client, staff, person, worker_id), 201)
    await ok(await client.post(f"{MEDICINE}/custody/{card['id']}/confirm", headers=phone))
    await ok(await hand(client, phone, person, None), 201)


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
