"""Daily report and dashboard, on SQLite (the harness's stack) and again on PostgreSQL:

- daily_report_ms: `GET /api/v1/reports/daily?date=<yesterday>` through the gateway, as the
  officer of a sub-district of 10 communities, 50,000 households and 1,000,000 gate logs
  (14 days of them: ~71,000 in the reported day); median of 5 after a warm-up (< 2,000 ms).
  The XLSX export and today's report (figures so far) are timed in the notes.
- dashboard_p99_ms: `GET /api/v1/dashboard` as one community's staff, open loop at 50
  requests/s (< 150 ms); the notes give what computing one snapshot costs each service.
The PostgreSQL figures carry the suffix `_postgres`.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
from datetime import UTC, datetime, timedelta

import aiohttp
import httpx

from benchmarks.credentials import Credentials, add_account
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
from benchmarks.loadgen import percentile
from benchmarks.postgres_stack import on_both_databases
from benchmarks.reports_rows import SHANGHAI
from benchmarks.reports_seed import GATE_LOGS, SubDistrict, seed

PASSWORD = "bench-officer-2020"
DASHBOARD_RATE = 50.0
DASHBOARD_FRESH_S = 5.0  # GATEWAY_DASHBOARD_FRESH_S, the default
REPORT_RUNS = 5


def _timed(http: httpx.Client, path: str, account: Credentials, **params: str) -> float:
    account.token(valid_for_s=60)  # no sign-in inside the timed call
    started = time.perf_counter()
    response = http.get(path, auth=account, params=params)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise BenchmarkError(f"{path}: {response.status_code} {response.text[:300]}")
    return elapsed


async def _dashboards(
    base: str, headers: dict[str, str], rate: float, duration_s: float
) -> tuple[list[float], int]:
    """Open loop: one request every 1/rate s whatever the answers do; latency from schedule."""
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=128)
    async with aiohttp.ClientSession(base_url=base, headers=headers, connector=connector) as s:

        async def one(scheduled: float) -> None:
            nonlocal errors
            try:
                async with s.get("/api/v1/dashboard") as r:
                    await r.read()
                    ok = r.status == 200
            except (aiohttp.ClientError, TimeoutError):
                ok = False
            if ok:
                latencies.append((time.perf_counter() - scheduled) * 1000)
            else:
                errors += 1

        tasks = set()
        start = time.perf_counter() + 0.05
        gc.disable()
        try:
            for k in range(int(rate * duration_s)):
                scheduled = start + k / rate
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                task = asyncio.create_task(one(scheduled))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            await asyncio.gather(*tasks)
        finally:
            gc.enable()
    return sorted(latencies), errors


def measure(stack: Stack, options: Options, suffix: str) -> Outcome:
    now = datetime.now(UTC)
    print(f"  seeding the sub-district{suffix} (1,000,000 gate logs) …", flush=True)
    started = time.perf_counter()
    world: SubDistrict = seed(stack, registry_url(stack), now)
    seeded_s = time.perf_counter() - started
    communities = [str(c) for c in world.community_ids]
    officer = add_account(stack, "officer-bench", "officer", communities, PASSWORD)
    staff = add_account(stack, "staff-bench", "staff", communities[:1], PASSWORD)
    yesterday = str((now.astimezone(SHANGHAI) - timedelta(days=1)).date())
    notes: dict[str, str] = {}
    foreign = wait_for_quiet(stack.pids(), options.quiet_wait_s)
    notes[f"other processes' CPU before measuring{suffix}"] = f"{foreign:.0%}"
    with httpx.Client(base_url=stack.url("gateway"), timeout=120) as http:
        report = http.get("/api/v1/reports/daily", auth=officer, params={"date": yesterday})
        body = report.json()
        if report.status_code != 200 or len(body["communities"]) != len(communities):
            raise BenchmarkError(f"daily report: {report.status_code} {report.text[:300]}")
        runs = sorted(
            _timed(http, "/api/v1/reports/daily", officer, date=yesterday)
            for _ in range(REPORT_RUNS)
        )
        today = statistics.median(_timed(http, "/api/v1/reports/daily", officer) for _ in range(3))
        xlsx = statistics.median(
            _timed(http, "/api/v1/reports/daily.xlsx", officer, date=yesterday) for _ in range(3)
        )
        _timed(http, "/api/v1/dashboard", staff)
        # what one snapshot costs: each service's half, computed on every call
        halves = [
            statistics.median(_timed(http, path, staff) for _ in range(5))
            for path in ("/api/v1/registry-reports/dashboard", "/api/v1/supplies-reports/dashboard")
        ]
    totals = body["totals"]
    notes[f"daily report{suffix}"] = (
        f"{len(communities)} communities, {totals['households']:,} households, "
        f"{GATE_LOGS:,} gate logs seeded in {seeded_s:.0f} s; the day had "
        f"{totals['gate_passages_out'] + totals['gate_passages_in'] + totals['gate_denied']:,} "
        f"logs, {totals['orders_delivered']:,} deliveries; runs (ms) "
        f"{', '.join(f'{r:.0f}' for r in runs)}; today so far {today:.0f} ms; XLSX {xlsx:.0f} ms"
    )
    base = stack.url("gateway")
    print(f"  dashboard at {DASHBOARD_RATE:.0f}/s{suffix} …", flush=True)
    wait_for_quiet(stack.pids(), options.quiet_wait_s)
    headers = staff.headers(valid_for_s=options.warmup_s + options.duration_s)
    asyncio.run(_dashboards(base, headers, DASHBOARD_RATE, options.warmup_s))
    latencies, errors = asyncio.run(_dashboards(base, headers, DASHBOARD_RATE, options.duration_s))
    if errors > len(latencies) // 100:
        raise BenchmarkError(f"dashboard: {errors} errors in {len(latencies) + errors}")
    notes[f"dashboard{suffix}"] = (
        f"{len(latencies)} requests at {DASHBOARD_RATE:.0f}/s (open loop), {errors} errors, "
        f"p50 {percentile(latencies, 0.5):.1f} ms, max {latencies[-1]:.0f} ms; served from the "
        f"community's snapshot (recomputed every {DASHBOARD_FRESH_S:g} s in the background): "
        f"computing one took registry {halves[0]:.0f} ms, supplies {halves[1]:.0f} ms"
    )
    return Outcome(
        metrics={
            f"daily_report_ms{suffix}": round(statistics.median(runs), 1),
            f"dashboard_p99_ms{suffix}": round(percentile(latencies, 0.99), 2),
        },
        notes=notes,
    )


run = on_both_databases(measure)


BENCHMARK = Benchmark(
    name="daily_report",
    description="daily report of 10 communities / 1M gate logs, dashboard at 50/s (SQLite, PG)",
    run=run,
    targets={
        "daily_report_ms": Target("<", 2000.0),
        "daily_report_ms_postgres": Target("<", 2000.0),
        "dashboard_p99_ms": Target("<", 150.0),
        "dashboard_p99_ms_postgres": Target("<", 150.0),
    },
)
