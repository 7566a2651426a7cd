"""The gate benchmark's community: the demo community grown to 5,000 households (extra buildings
written straight into the registry database, as an import would), a gate with a volunteer of the
benchmark's own posted at it (the demo's `gate1` keeps its one gate for the PWA benchmark), an
outing quota, every household's pass issued through the API, and a realistic mix of reissued,
suspended and quarantined households."""

from __future__ import annotations

import asyncio
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select, update

from benchmarks.credentials import Credentials, add_account
from benchmarks.harness import BenchmarkError, Stack
from registry.residents.communities.models import Building, Compound
from registry.residents.households.models import Household
from shouhu_common.database import make_engine, make_sessionmaker
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID

HOUSEHOLDS = 5000
PER_BUILDING = 100
RULE = {"quota_scope": "household", "quota_exits": 1, "quota_period_days": 2}
VOLUNTEER, VOLUNTEER_PASSWORD = "gate-bench", "bench-gate-2020"


@dataclass
class GateScene:
    gate_id: str
    volunteer: Credentials
    staff: Credentials
    tokens: list[str]
    households: int


def registry_url(stack: Stack) -> str:
    return getattr(stack, "registry_database_url", "") or (
        f"sqlite+aiosqlite:///{stack.data_dir / 'registry.db'}"
    )


async def _grow(url: str, households: int) -> int:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            count = select(func.count(Household.id)).where(
                Household.community_id == DEMO_COMMUNITY_ID
            )
            have = int((await session.execute(count)).scalar_one())
            compound = Compound(community_id=DEMO_COMMUNITY_ID, name="北苑")
            session.add(compound)
            await session.flush()
            number, b = 0, 0
            while have < households:
                b += 1
                building = Building(
                    community_id=DEMO_COMMUNITY_ID, compound_id=compound.id, name=f"{b}栋"
                )
                session.add(building)
                await session.flush()
                rows = []
                for i in range(min(PER_BUILDING, households - have)):
                    number += 1
                    rows.append(
                        Household(
                            community_id=DEMO_COMMUNITY_ID,
                            building_id=building.id,
                            unit=1 + i // 50,
                            floor=1 + (i % 50) // 5,
                            room=f"{1 + (i % 50) // 5}{i % 5 + 1:02d}",
                            card_number=f"BJ{number:06d}",
                        )
                    )
                session.add_all(rows)
                have += len(rows)
            await session.commit()
            return have
    finally:
        await engine.dispose()


async def _quarantine(url: str, household_ids: list[str]) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                update(Household)
                .where(Household.id.in_([uuid.UUID(h) for h in household_ids]))
                .values(status="home_quarantine")
            )
    finally:
        await engine.dispose()


def _ok(response: httpx.Response, what: str) -> dict[str, object] | list[object]:
    if response.status_code >= 300:
        raise BenchmarkError(f"{what}: {response.status_code} {response.text[:300]}")
    body: dict[str, object] | list[object] = response.json()
    return body


def build_scene(stack: Stack, households: int = HOUSEHOLDS) -> GateScene:
    total = asyncio.run(_grow(registry_url(stack), households))
    rng = random.Random(2020)
    staff = stack.account("staff")
    volunteer = add_account(
        stack, VOLUNTEER, "gate_volunteer", [str(DEMO_COMMUNITY_ID)], VOLUNTEER_PASSWORD
    )
    with httpx.Client(base_url=stack.url("gateway"), timeout=120) as http:
        me = _ok(http.get("/api/v1/auth/me", auth=volunteer), "me")
        assert isinstance(me, dict)
        community = str(DEMO_COMMUNITY_ID)
        gate = _ok(
            http.post(
                "/api/v1/gate/gates",
                auth=staff,
                json={"community_id": community, "name": "东门"},
            ),
            "create gate",
        )
        assert isinstance(gate, dict)
        gate_id = str(gate["id"])
        _ok(
            http.put(
                f"/api/v1/gate/gates/{gate_id}/volunteers",
                auth=staff,
                json={"subjects": [me["subject"]]},
            ),
            "post volunteer",
        )
        _ok(http.put(f"/api/v1/gate-rules/{community}", auth=staff, json=RULE), "rules")
        buildings = _ok(
            http.get(f"/api/v1/communities/{community}/buildings", auth=staff), "buildings"
        )
        assert isinstance(buildings, list)
        until = (datetime.now(UTC) + timedelta(days=300)).isoformat()
        for b in buildings:
            assert isinstance(b, dict)
            _ok(
                http.post(
                    "/api/v1/passes/building-issues",
                    auth=staff,
                    json={"building_id": b["id"], "valid_until": until},
                ),
                "issue passes",
            )
        passes: list[dict[str, str]] = []
        while True:
            page = _ok(
                http.get(
                    "/api/v1/passes",
                    auth=staff,
                    params={"community_id": community, "limit": 200, "offset": len(passes)},
                ),
                "list passes",
            )
            assert isinstance(page, dict)
            items = page["items"]
            assert isinstance(items, list)
            passes += items
            if not items or len(passes) >= int(str(page["total"])):
                break
        rng.shuffle(passes)
        # 2 % reissued (old QR dead), 2 % suspended, 5 % of households quarantined
        for p in passes[:100]:
            _ok(
                http.post(f"/api/v1/passes/{p['id']}/reissue", auth=staff, json={"reason": "遗失"}),
                "reissue",
            )
        # the scene's setup suspends 100 passes at once: past the hourly threshold of one
        # account's bulk changes, which would hold them for a second approval
        _ok(
            http.put(
                f"/api/v1/quarantine-rules/{DEMO_COMMUNITY_ID}",
                auth=stack.account("admin"),
                json={"default_days": 14, "bulk_change_threshold": 10000},
            ),
            "bulk change threshold",
        )
        for p in passes[100:200]:
            _ok(
                http.post(
                    f"/api/v1/passes/{p['id']}/suspend",
                    auth=staff,
                    json={"reason_code": "misuse", "reason": "核查中"},
                ),
                "suspend",
            )
        asyncio.run(_quarantine(registry_url(stack), [p["household_id"] for p in passes[200:450]]))
    return GateScene(gate_id, volunteer, staff, [p["token"] for p in passes], total)
