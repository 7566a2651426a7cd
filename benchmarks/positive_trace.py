"""From a positive pool to the lists staff act on, on SQLite (the harness's stack) and again on
PostgreSQL, all through the gateway:

- positive_trace_ms: a lab posts one positive tube of 10 (`POST /api/v1/lab-results` with its
  API key), then staff read the round's re-test list and its positives with the affected
  households (`GET /testing-rounds/{id}/retests` and `/positives`), which must name the tube's
  people; the time from sending the post to the second answer, median of 20 tubes after a
  warm-up (< 500 ms). The round is the demo community's everyone, 10 to a tube, with the gate rule
  negative_within_hours set (so each result also reloads the gate's negatives).
The PostgreSQL figures carry the suffix `_postgres`.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from benchmarks.gate_setup import registry_url
from benchmarks.harness import (
    Benchmark,
    BenchmarkError,
    Options,
    Outcome,
    Stack,
    Target,
    wait_for_quiet,
)
from benchmarks.postgres_stack import on_both_databases
from registry.health.sampling.models import SampleRegistration, SampleTube
from registry.health.testing_rounds.models import SamplingPoint, TestingRound
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from shouhu_common.database import make_engine, make_sessionmaker
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID

POOL = 10
TRACES = 20
WARM_UP = 3


async def _seed_round(url: str) -> tuple[uuid.UUID, list[tuple[str, list[str]]]]:
    """A round of every demo resident, 10 to a tube: its id and (barcode, person ids) per tube."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    try:
        async with make_sessionmaker(engine)() as session:
            round_ = TestingRound(
                community_id=DEMO_COMMUNITY_ID,
                name=f"基准轮次 {uuid.uuid4().hex[:4]}",
                round_date=date.today(),
                pool_size=POOL,
                status="sampling",
                created_by="user:bench",
            )
            session.add(round_)
            await session.flush()
            point = SamplingPoint(
                community_id=DEMO_COMMUNITY_ID,
                round_id=round_.id,
                name="基准采样点",
                opens_at=datetime.min.time(),
                closes_at=datetime.max.time().replace(microsecond=0),
                tables=4,
            )
            session.add(point)
            await session.flush()
            query = (
                select(Person.id, Household.id, Household.building_id, Household.floor)
                .join(Household, Household.id == Person.household_id)
                .where(Person.community_id == DEMO_COMMUNITY_ID)
                .order_by(Household.building_id, Household.floor, Household.room, Person.id)
            )
            people = (await session.execute(query)).all()
            tubes: list[tuple[str, list[str]]] = []
            registrations: list[SampleRegistration] = []
            for start in range(0, len(people), POOL):
                barcode = f"B{uuid.uuid4().hex[:12].upper()}"
                pooled = people[start : start + POOL]
                tube = SampleTube(
                    id=uuid.uuid4(),
                    community_id=DEMO_COMMUNITY_ID,
                    round_id=round_.id,
                    point_id=point.id,
                    barcode=barcode,
                    capacity=POOL,
                    filled=len(pooled),
                    opened_by="user:bench",
                    opened_at=now - timedelta(hours=3),
                )
                session.add(tube)
                registrations += [
                    SampleRegistration(
                        client_id=uuid.uuid4(),
                        community_id=DEMO_COMMUNITY_ID,
                        round_id=round_.id,
                        tube_id=tube.id,
                        point_id=point.id,
                        person_id=person_id,
                        household_id=household_id,
                        building_id=building_id,
                        floor=floor,
                        sampled_at=now - timedelta(hours=3),
                        recorded_by="user:bench",
                    )
                    for person_id, household_id, building_id, floor in pooled
                ]
                tubes.append((barcode, [str(p[0]) for p in pooled]))
            await session.flush()  # the tubes before the registrations naming them
            session.add_all(registrations)
            await session.commit()
            return round_.id, tubes
    finally:
        await engine.dispose()


def _ok(response: httpx.Response, what: str, status: int = 200) -> Any:
    if response.status_code != status:
        raise BenchmarkError(f"{what}: {response.status_code} {response.text[:300]}")
    return response.json()


def _lab_key(http: httpx.Client, staff: Any) -> str:
    partner = _ok(
        http.post(
            "/api/v1/partners",
            auth=staff,
            json={
                "community_id": str(DEMO_COMMUNITY_ID),
                "name": f"基准检测所 {uuid.uuid4().hex[:4]}",
                "kind": "lab",
            },
        ),
        "lab partner",
        201,
    )
    issued = _ok(
        http.post("/api/v1/auth/partner-keys", auth=staff, json={"partner_id": partner["id"]}),
        "lab key",
        201,
    )
    key: str = issued["api_key"]
    return key


def _trace(
    http: httpx.Client, lab: dict[str, str], staff: dict[str, str], round_id: uuid.UUID, tube: Any
) -> float:
    barcode, people = tube
    tested_at = datetime.now(UTC).isoformat()
    body = {"results": [{"barcode": barcode, "result": "positive", "tested_at": tested_at}]}
    started = time.perf_counter()
    posted = _ok(http.post("/api/v1/lab-results", headers=lab, json=body), "lab post")
    retests = _ok(http.get(f"/api/v1/testing-rounds/{round_id}/retests", headers=staff), "retests")
    positives = _ok(
        http.get(f"/api/v1/testing-rounds/{round_id}/positives", headers=staff), "positives"
    )
    elapsed = (time.perf_counter() - started) * 1000
    listed = {r["person_id"] for r in retests}
    mine = [p for p in positives if p["barcode"] == barcode]
    if posted["set_off"]["retests_added"] != len(people) or not set(people) <= listed:
        raise BenchmarkError(f"tube {barcode}: its people are not all on the re-test list")
    if not mine or not mine[0]["households"]:
        raise BenchmarkError(f"tube {barcode}: no affected households listed")
    return elapsed


def measure(stack: Stack, options: Options, suffix: str) -> Outcome:
    round_id, tubes = asyncio.run(_seed_round(registry_url(stack)))
    if len(tubes) < TRACES + WARM_UP:
        raise BenchmarkError(f"only {len(tubes)} tubes in the demo community")
    staff_account = stack.account("staff")
    with httpx.Client(base_url=stack.url("gateway"), timeout=30) as http:
        _ok(
            http.put(
                f"/api/v1/gate-rules/{DEMO_COMMUNITY_ID}",
                auth=staff_account,
                json={"negative_within_hours": 48},
            ),
            "gate rule",
        )
        lab = {"X-API-Key": _lab_key(http, staff_account)}
        foreign = wait_for_quiet(stack.pids(), options.quiet_wait_s)
        staff = staff_account.headers(valid_for_s=120)
        runs = [_trace(http, lab, staff, round_id, tube) for tube in tubes[: TRACES + WARM_UP]]
    timed = sorted(runs[WARM_UP:])
    return Outcome(
        metrics={f"positive_trace_ms{suffix}": round(statistics.median(timed), 1)},
        notes={
            f"positive trace{suffix}": (
                f"{len(tubes)} tubes of {POOL} in the round; {TRACES} positives posted one by "
                f"one, each followed by the re-test list and the positives: "
                f"min {timed[0]:.0f} ms, max {timed[-1]:.0f} ms; other processes' CPU before "
                f"measuring {foreign:.0%}"
            )
        },
    )


run = on_both_databases(measure)


BENCHMARK = Benchmark(
    name="positive_trace",
    description="a lab's positive result to the re-test list and households listed (SQLite, PG)",
    run=run,
    targets={
        "positive_trace_ms": Target("<", 500.0),
        "positive_trace_ms_postgres": Target("<", 500.0),
    },
)
