"""Household files, on SQLite (the harness's stack) and again on PostgreSQL:

- import_100k_people_s: a 100,000-person CSV (33,334 households in 334 new buildings) posted to
  `POST /api/v1/imports/people` through the gateway, until the report is back (< 30 s SQLite,
  < 20 s PostgreSQL). The same file is imported again: it must change nothing.
- The registry is then grown to 1,000,000 people by nine more imports of 100,000 (the same path).
- person_search_p99_ms: `GET /api/v1/people?q=…` through the gateway, name / pinyin-initials /
  full-pinyin queries in rotation, 4 concurrent callers (< 100 ms).
- household_read_p99_ms: `GET /api/v1/households/{id}` (with members) of random households,
  open loop at 500 requests/s from a process of its own (< 25 ms).
The PostgreSQL figures carry the suffix `_postgres`.
"""

from __future__ import annotations

import asyncio
import gc
import random
import time
from datetime import date, timedelta
from typing import Any

import aiohttp
import httpx

from benchmarks.credentials import Credentials
from benchmarks.harness import Benchmark, BenchmarkError, Options, Outcome, Stack, Target
from benchmarks.loadgen import LoadResult, percentile
from benchmarks.open_loop import open_loop_raw
from benchmarks.postgres_stack import on_both_databases
from registry.residents.people.id_numbers import check_character

PEOPLE_PER_IMPORT = 100_000
TOTAL_PEOPLE = 1_000_000
PER_HOUSEHOLD = 3
HOUSEHOLDS_PER_BUILDING = 100
FAMILY = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁"
    "谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁"
QUERIES = ("zw", "wxy", "lj", "张伟", "王秀", "liming", "cjh", "zhangwei", "wf", "李", "hm", "zqs")
HOUSEHOLD_RATE = 500.0
SEARCH_CONNECTIONS = 4
HEADER = "小区,楼栋,单元,房号,姓名,身份证号,手机号,与户主关系,出生日期,独居,慢性病\r\n"
RELATIONS = ("户主", "配偶", "子女")


def people_csv(batch: int) -> bytes:
    """Batch `batch` (0–9) of the million: its own compound, unique ID numbers and phones."""
    rng = random.Random(batch)
    lines = [HEADER]
    first = batch * PEOPLE_PER_IMPORT
    for n in range(first, first + PEOPLE_PER_IMPORT):
        local = n - first
        household = local // PER_HOUSEHOLD
        building = household // HOUSEHOLDS_PER_BUILDING + 1
        in_building = household % HOUSEHOLDS_PER_BUILDING
        unit, floor, door = in_building // 50 + 1, in_building % 50 // 5 + 1, in_building % 5 + 1
        birth = date(1940, 1, 1) + timedelta(days=n % 25_000)
        first17 = f"370611{birth:%Y%m%d}{n // 25_000:03d}"
        name = rng.choice(FAMILY) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        relation = RELATIONS[local % PER_HOUSEHOLD]
        lines.append(
            f"北区{batch},{building}栋,{unit},{floor}{door:02d},{name},"
            f"{first17}{check_character(first17)},1{35 + n % 5}{n:08d},{relation},,"
            f"{'是' if n % 37 == 0 else '否'},{'是' if n % 9 == 0 else '否'}\r\n"
        )
    return "".join(lines).encode("utf-8-sig")


def _import(http: httpx.Client, staff: Credentials, content: bytes) -> tuple[float, dict[str, Any]]:
    staff.token(valid_for_s=60)  # no sign-in inside the timed import
    started = time.perf_counter()
    response = http.post(
        "/api/v1/imports/people", auth=staff, files={"file": ("居民.csv", content, "text/csv")}
    )
    elapsed = time.perf_counter() - started
    if response.status_code == 504:
        raise BenchmarkError(
            f"an import outlived the gateway's long-request timeout ({elapsed:.0f} s; "
            "GATEWAY_LONG_REQUEST_TIMEOUT_S, 180 s by default) and the registry goes on with "
            "it: the machine is too busy for this benchmark"
        )
    if response.status_code != 200:
        raise BenchmarkError(f"import: {response.status_code} {response.text[:300]}")
    report: dict[str, Any] = response.json()
    if report["problems"]:
        raise BenchmarkError(f"import reported problems: {report['problems'][:3]}")
    return elapsed, report


async def _search(base: str, headers: dict[str, str], duration_s: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    async with aiohttp.ClientSession(base_url=base, headers=headers) as session:
        deadline = time.perf_counter() + duration_s

        async def caller(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < deadline:
                i += 1
                sent = time.perf_counter()
                async with session.get(
                    "/api/v1/people", params={"q": QUERIES[i % len(QUERIES)]}
                ) as r:
                    await r.read()
                    if r.status == 200:
                        latencies.append((time.perf_counter() - sent) * 1000)
                    else:
                        errors += 1

        gc.disable()
        try:
            await asyncio.gather(*(caller(k * 3) for k in range(SEARCH_CONNECTIONS)))
        finally:
            gc.enable()
    return sorted(latencies), errors


def _household_reads(
    base: str, headers: dict[str, str], ids: list[str], rate: float, duration_s: float
) -> LoadResult:
    """Open loop from a process of its own (benchmarks/open_loop.py): random households on a
    fixed timetable, each latency from its scheduled send time."""
    rng = random.Random(7)
    paths = [f"/api/v1/households/{rng.choice(ids)}" for _ in range(int(rate * duration_s))]
    return open_loop_raw(
        f"{base}/api/v1/households", rate=rate, duration_s=duration_s, headers=headers, paths=paths
    )


def _household_ids(http: httpx.Client, staff: Credentials) -> list[str]:
    ids: list[str] = []
    for offset in (0, 150_000, 300_000):
        page = http.get("/api/v1/households", auth=staff, params={"limit": 200, "offset": offset})
        ids += [h["id"] for h in page.json()["items"]]
    if not ids:
        raise BenchmarkError("no households to read")
    return ids


def measure(stack: Stack, options: Options, suffix: str) -> Outcome:
    staff = stack.account("staff")
    notes: dict[str, str] = {}
    with httpx.Client(base_url=stack.url("gateway"), timeout=600) as http:
        first = people_csv(0)
        print(f"  import of 100,000 people{suffix} ({len(first) / 1e6:.1f} MB CSV) …", flush=True)
        import_s, report = _import(http, staff, first)
        again_s, again = _import(http, staff, first)
        if again["people_created"] or again["people_updated"] or again["households_created"]:
            raise BenchmarkError(f"the second import changed something: {again}")
        notes[f"import{suffix}"] = (
            f"{report['people_created']:,} people, {report['households_created']:,} households, "
            f"{report['buildings_created']} buildings in {import_s:.1f} s; again: "
            f"{again['people_unchanged']:,} unchanged in {again_s:.1f} s"
        )
        print("  growing to 1,000,000 people …", flush=True)
        for batch in range(1, TOTAL_PEOPLE // PEOPLE_PER_IMPORT):
            _import(http, staff, people_csv(batch))
        total = http.get("/api/v1/people", auth=staff, params={"limit": 1}).json()["total"]
        ids = _household_ids(http, staff)
    base = stack.url("gateway")
    print(f"  search over {total:,} people …", flush=True)
    headers = staff.headers(valid_for_s=options.warmup_s + options.duration_s)
    asyncio.run(_search(base, headers, options.warmup_s))
    searched, search_errors = asyncio.run(_search(base, headers, options.duration_s))
    print(f"  household reads at {HOUSEHOLD_RATE:.0f}/s …", flush=True)
    headers = staff.headers(valid_for_s=options.warmup_s + options.duration_s)
    _household_reads(base, headers, ids, HOUSEHOLD_RATE, options.warmup_s)
    reads = _household_reads(base, headers, ids, HOUSEHOLD_RATE, options.duration_s)
    if search_errors or reads.errors > reads.requests // 100:
        raise BenchmarkError(
            f"errors: {search_errors} searches, {reads.errors} reads ({reads.error_detail})"
        )
    notes[f"search{suffix}"] = (
        f"{len(searched)} searches over {total:,} people, {SEARCH_CONNECTIONS} callers, "
        f"p50 {percentile(searched, 0.5):.1f} ms"
    )
    notes[f"household read{suffix}"] = (
        f"{reads.requests} reads at {HOUSEHOLD_RATE:.0f}/s ({reads.generator}), "
        f"{reads.errors} errors, p50 {reads.p50_ms:.1f} ms"
    )
    return Outcome(
        metrics={
            f"import_100k_people_s{suffix}": round(import_s, 2),
            f"reimport_100k_people_s{suffix}": round(again_s, 2),
            f"person_search_p99_ms{suffix}": round(percentile(searched, 0.99), 2),
            f"household_read_p99_ms{suffix}": round(reads.p99_ms, 2),
        },
        notes=notes,
    )


run = on_both_databases(measure)


BENCHMARK = Benchmark(
    name="registry_people",
    description="people import (100k), search and household reads over 1M people (SQLite, PG)",
    run=run,
    targets={
        "import_100k_people_s": Target("<", 30.0),
        "import_100k_people_s_postgres": Target("<", 20.0),
        "person_search_p99_ms": Target("<", 100.0),
        "person_search_p99_ms_postgres": Target("<", 100.0),
        "household_read_p99_ms": Target("<", 25.0),
        "household_read_p99_ms_postgres": Target("<", 25.0),
    },
)
