"""Sampling in a mass testing round, on SQLite (the harness's stack) and again on PostgreSQL:

- sampling_upload_rps: registrations stored per second through the gateway
  (`POST /api/v1/testing-rounds/{id}/registrations:batch`), batches of 50 from 100 simulated
  sampler phones at once, each batch sent twice (a phone that lost the answer sends it again);
  the time covers both sends, and afterwards the round holds exactly one row per registration
  and no tube beyond its capacity (target ≥ 3,000).
- missing_list_ms: p99 of `GET …/missing` for the whole 5,000-household community as its staff,
  with 8,000 registrations in the round and more arriving at 500/s meanwhile (< 100).
The PostgreSQL figures carry the suffix `_postgres`.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import aiohttp

from benchmarks.credentials import add_account
from benchmarks.harness import Benchmark, BenchmarkError, Options, Outcome, Stack, Target
from benchmarks.loadgen import percentile
from benchmarks.postgres_stack import on_both_databases
from benchmarks.processes import cpu_seconds
from benchmarks.sampling_setup import grow, new_round, stored
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID

PHONES = 100
BATCH = 50
POOL = 10
BATCHES_PER_PHONE = 5
PRELOADED = 8000
WRITE_RATE = 500.0  # registrations per second while the missing list is read
SAMPLER, PASSWORD = "sampler-bench", "bench-sampler-2020"
RESENDS = 5
WRITES_PENDING = 16  # the missing list's background writer skips a batch beyond this backlog


def _batches(
    people: list[str], round_id: str, point_id: str, count: int, offset: int, tag: str
) -> list[bytes]:
    """`count` batches of 50 swabs of consecutive people (from `offset`), 10 to a tube."""
    now = datetime.now(UTC).isoformat()
    bodies = []
    for b in range(count):
        items = [
            {
                "client_id": str(uuid.uuid4()),
                "tube_barcode": f"{tag}{b:05d}-{i // POOL}",
                "point_id": point_id,
                "person_id": people[(offset + b * BATCH + i) % len(people)],
                "home": False,
                "confirm_visitor": False,
                "sampled_at": now,
            }
            for i in range(BATCH)
        ]
        bodies.append(json.dumps({"registrations": items}).encode())
    return bodies


RETRIED = {"timeouts": 0}


async def _post(session: aiohttp.ClientSession, url: str, body: bytes) -> dict[str, Any]:
    """A phone's upload: sent again when the gateway gave up waiting (504), as the app does."""
    for _ in range(RESENDS):
        async with session.post(url, data=body) as response:
            answer = await response.read()
            if response.status == 504:
                RETRIED["timeouts"] += 1
                continue
            if response.status != 200:
                raise BenchmarkError(f"{url}: {response.status} {answer[:300]!r}")
            found: dict[str, Any] = json.loads(answer)
            return found
    raise BenchmarkError(f"{url}: 504 {RESENDS} times")


def _session(base: str, headers: dict[str, str], limit: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        base_url=base,
        headers={**headers, "content-type": "application/json"},
        connector=aiohttp.TCPConnector(limit=limit),
        timeout=aiohttp.ClientTimeout(total=60),
    )


async def _phones(
    base: str, headers: dict[str, str], url: str, per_phone: list[list[bytes]]
) -> tuple[float, int, int]:
    """Every phone sends its batches one after another, each twice; (seconds, accepted,
    duplicates on the second sends)."""
    accepted = duplicates = 0
    async with _session(base, headers, PHONES) as session:

        async def phone(batches: list[bytes]) -> None:
            nonlocal accepted, duplicates
            for body in batches:
                first = await _post(session, url, body)
                again = await _post(session, url, body)
                accepted += len(first["accepted"])  # after the awaits: no update lost
                duplicates += len(again["duplicates"])

        started = time.perf_counter()
        await asyncio.gather(*(phone(b) for b in per_phone))
        return time.perf_counter() - started, accepted, duplicates


async def _missing_under_load(
    base: str, headers: dict[str, str], round_id: str, writes: list[bytes], duration_s: float
) -> tuple[list[float], int, int]:
    """Missing lists read one after another while batches arrive at `WRITE_RATE`; the lists'
    latencies (ms), how many batches went in meanwhile, and the last list's size (bytes)."""
    url = f"/api/v1/testing-rounds/{round_id}/registrations:batch"
    latencies: list[float] = []
    written = size = 0
    interval = BATCH / WRITE_RATE
    async with _session(base, headers, 16) as session:
        done = asyncio.Event()

        async def writer() -> None:
            nonlocal written
            start = time.perf_counter()
            pending = set()
            for n, body in enumerate(writes):
                if done.is_set():
                    break
                await asyncio.sleep(max(0.0, start + n * interval - time.perf_counter()))
                if len(pending) >= WRITES_PENDING:
                    continue  # the service is behind: what was sent is counted, not this
                task = asyncio.create_task(_post(session, url, body))
                pending.add(task)
                task.add_done_callback(pending.discard)
                written += 1
            await asyncio.gather(*pending)

        async def reader() -> None:
            nonlocal size
            end = time.perf_counter() + duration_s
            while time.perf_counter() < end:
                started = time.perf_counter()
                async with session.get(f"/api/v1/testing-rounds/{round_id}/missing") as r:
                    body = await r.read()
                    if r.status != 200:
                        raise BenchmarkError(f"missing list: {r.status} {body[:300]!r}")
                latencies.append((time.perf_counter() - started) * 1000)
                size = len(body)
            done.set()

        await asyncio.gather(writer(), reader())
    return sorted(latencies), written, size


def measure(stack: Stack, options: Options, suffix: str) -> Outcome:
    print(f"  setting up 5,000 households with their people{suffix} …", flush=True)
    people = grow(stack)
    sampler = add_account(stack, SAMPLER, "staff", [str(DEMO_COMMUNITY_ID)], PASSWORD)
    base = stack.url("gateway")

    missing_round, missing_point = new_round(stack, "漏采清单轮")
    preload = _batches(people, missing_round, missing_point, PRELOADED // BATCH, 0, "M")
    writes = _batches(
        people, missing_round, missing_point, int(WRITE_RATE * options.duration_s), PRELOADED, "W"
    )
    print(f"  {PRELOADED:,} registrations, then the missing list at {WRITE_RATE:.0f}/s …")
    url = f"/api/v1/testing-rounds/{missing_round}/registrations:batch"
    asyncio.run(_phones(base, sampler.headers(120), url, [preload[i::10] for i in range(10)]))
    RETRIED["timeouts"] = 0
    latencies, written, size = asyncio.run(
        _missing_under_load(
            base,
            sampler.headers(options.duration_s + 60),
            missing_round,
            writes,
            options.duration_s,
        )
    )

    upload_round, point = new_round(stack, "上传轮")
    per_phone = [
        _batches(
            people,
            upload_round,
            point,
            BATCHES_PER_PHONE,
            n * BATCHES_PER_PHONE * BATCH,
            f"P{n:03d}-",
        )
        for n in range(PHONES)
    ]
    total = PHONES * BATCHES_PER_PHONE * BATCH
    print(f"  {PHONES} phones, {total:,} registrations in batches of {BATCH}, each sent twice …")
    url = f"/api/v1/testing-rounds/{upload_round}/registrations:batch"
    asyncio.run(_phones(base, sampler.headers(60), url, [b[:1] for b in per_phone[:10]]))
    warm = 10 * BATCH
    pids = stack.pids()
    cpu_before = {name: cpu_seconds(pids[name]) for name in ("gateway", "registry")}
    missing_timeouts = RETRIED["timeouts"]
    RETRIED["timeouts"] = 0
    elapsed, accepted, duplicates = asyncio.run(
        _phones(
            base,
            sampler.headers(120),
            url,
            [b[1:] if n < 10 else b for n, b in enumerate(per_phone)],
        )
    )
    cpu_us = {
        name: round((cpu_seconds(pids[name]) - cpu_before[name]) / accepted * 1e6)
        for name in cpu_before
    }
    rows, overfilled = stored(stack, upload_round)
    # a first send the gateway gave up on (504) may have been stored: its resend then finds
    # its client ids stored, so what counts is what the database holds
    if rows != total or overfilled or duplicates != total - warm or accepted > total - warm:
        raise BenchmarkError(
            f"exactly once: {accepted} accepted, {duplicates} duplicates on resend, {rows} rows "
            f"stored of {total}, {overfilled} tubes overfilled"
        )
    accepted = rows - warm
    return Outcome(
        metrics={
            f"sampling_upload_rps{suffix}": round(accepted / elapsed, 1),
            f"missing_list_ms{suffix}": round(percentile(latencies, 0.99), 1),
        },
        notes={
            f"upload{suffix}": f"{accepted:,} registrations in {elapsed:.1f} s "
            f"({2 * accepted // BATCH} requests, every batch twice, {RETRIED['timeouts']} sent "
            f"again after a 504); {rows:,} rows stored",
            f"CPU per registration stored{suffix}": f"{cpu_us} µs (both sends; the database's "
            "own processes not counted on PostgreSQL)",
            f"missing list{suffix}": f"{len(latencies)} reads, p50 "
            f"{percentile(latencies, 0.5):.1f} ms, {size / 1024:.0f} KB; {written * BATCH:,} "
            f"registrations sent meanwhile ({written * BATCH / options.duration_s:.0f}/s, "
            f"{missing_timeouts} batches sent again after a 504), {len(people):,} people",
        },
    )


run = on_both_databases(measure)

_TARGETS = {
    "sampling_upload_rps": Target(">=", 3000.0),
    "missing_list_ms": Target("<", 100.0),
}

BENCHMARK = Benchmark(
    name="sampling",
    description="testing-round registration batches and the missing list (SQLite, PostgreSQL)",
    run=run,
    targets={**_TARGETS, **{f"{k}_postgres": v for k, v in _TARGETS.items()}},
)
