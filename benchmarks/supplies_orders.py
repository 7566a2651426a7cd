"""Supplies, on SQLite (the harness's stack) and again on PostgreSQL, all through the
gateway:

- order_place_p99_ms: staff place orders for random demo households (one or two lines from one
  partner's catalog, a fresh Idempotency-Key each) in open loop at 200 orders/s (< 100 ms).
- partner_poll_p99_ms: with 100,000 orders in the database, a partner asks its feed for what is
  new since a recent cursor (`GET /orders/feed?after=…`), open loop at 100 req/s (< 50 ms).
- pick_list_5000_ms: the pick list of a round holding 5,000 door deliveries; the slowest of five
  calls after a warm-up (< 500 ms).
The PostgreSQL figures carry the suffix `_postgres`.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import httpx

from benchmarks.credentials import Credentials
from benchmarks.harness import Benchmark, BenchmarkError, Options, Outcome, Stack, Target
from benchmarks.loadgen import LoadResult, open_loop
from benchmarks.open_loop import open_loop_raw
from benchmarks.postgres_stack import on_both_databases
from benchmarks.supplies_seed import seed_orders
from shouhu_common.demo_ids import DEMO_PARTNERS

ORDER_RATE = 200.0
POLL_RATE = 100.0
FEED_ORDERS = 100_000
PICK_ORDERS = 5_000
KEYS = {slug: key for slug, _name, _kind, key in DEMO_PARTNERS}
PARTNER_IDS: dict[str, str] = {}


def _ok(response: httpx.Response, what: str) -> Any:
    if response.status_code >= 300:
        raise BenchmarkError(f"{what}: {response.status_code} {response.text[:300]}")
    return response.json()


def _prepare(http: httpx.Client, staff: Credentials) -> tuple[str, dict[str, list[str]]]:
    """An open round with room for everything, and every demo item stocked for the run."""
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    rounds = _ok(
        http.get(
            "/api/v1/delivery-rounds",
            auth=staff,
            params={"from_date": str(today), "to_date": str(today + timedelta(days=6))},
        ),
        "rounds",
    )
    open_rounds = [r for r in rounds if r["status"] == "open"]
    if not open_rounds:
        raise BenchmarkError("the demo has no open delivery round")
    round_id = open_rounds[0]["id"]
    _ok(
        http.patch(
            f"/api/v1/delivery-rounds/{round_id}",
            auth=staff,
            json={"capacity_per_partner": 100_000},
        ),
        "capacity",
    )
    items: dict[str, list[str]] = {}
    for slug, key in KEYS.items():
        listed = _ok(
            http.get("/api/v1/catalog/items", headers={"X-API-Key": key}, params={"limit": 200}),
            "catalog",
        )
        for item in listed["items"]:
            PARTNER_IDS[slug] = item["partner_id"]
            _ok(
                http.patch(
                    f"/api/v1/catalog/items/{item['id']}",
                    headers={"X-API-Key": key},
                    json={"stock": 1_000_000},
                ),
                "stock",
            )
        items[slug] = [i["id"] for i in listed["items"]]
    return round_id, items


def _order_body(round_id: str, items: dict[str, list[str]]) -> Callable[[], bytes]:
    from shouhu_common.demo_ids import demo_household_id

    rng = random.Random(4)

    def body() -> bytes:
        slug = rng.choice(list(items))
        chosen = rng.sample(items[slug], rng.choice((1, 2)))
        return json.dumps(
            {
                "household_id": str(demo_household_id(rng.randint(1, 600))),
                "partner_id": PARTNER_IDS[slug],
                "round_id": round_id,
                "lines": [{"item_id": i, "quantity": rng.randint(1, 3)} for i in chosen],
            }
        ).encode()

    return body


async def _closed_post(
    url: str, staff: Credentials, bodies: list[bytes], connections: int
) -> tuple[float, int]:
    """Closed loop: `connections` clients each sending the next order as soon as the last is
    answered; returns orders per second and failures."""
    queue = list(reversed(bodies))
    errors = 0
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections)) as session:

        async def worker() -> None:
            nonlocal errors
            while queue:
                payload = queue.pop()
                send = {
                    **staff.headers(),  # renewed as it runs out, like the app's client
                    "content-type": "application/json",
                    "idempotency-key": str(uuid.uuid4()),
                }
                async with session.post(url, data=payload, headers=send) as response:
                    await response.read()
                    errors += not 200 <= response.status < 300

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    return (len(bodies) - errors) / elapsed, errors


def _place_orders(
    stack: Stack, staff: Credentials, body: Callable[[], bytes], n: int
) -> LoadResult:
    """Open loop at ORDER_RATE from a process of its own (benchmarks/open_loop.py), a fresh
    Idempotency-Key on each order; latency from each order's scheduled send time."""
    send = {**staff.headers(valid_for_s=n / ORDER_RATE), "content-type": "application/json"}
    return open_loop_raw(
        stack.url("gateway", "/api/v1/orders"),
        rate=ORDER_RATE,
        duration_s=n / ORDER_RATE,
        method="POST",
        headers=[{**send, "idempotency-key": str(uuid.uuid4())} for _ in range(n)],
        bodies=[body() for _ in range(n)],
        max_connections=128,
    )


def measure(stack: Stack, options: Options, suffix: str) -> Outcome:
    staff = stack.account("staff")
    with httpx.Client(base_url=stack.url("gateway"), timeout=60) as http:
        round_id, items = _prepare(http, staff)
        body = _order_body(round_id, items)
        print(f"  order placement{suffix}: open loop at {ORDER_RATE:g}/s …", flush=True)
        _place_orders(stack, staff, body, int(ORDER_RATE * max(options.warmup_s, 1.0)))
        placed = _place_orders(stack, staff, body, int(ORDER_RATE * options.duration_s))
        if placed.error_share > 0.001:
            raise BenchmarkError(
                f"orders: {placed.errors} of {placed.requests} failed ({placed.error_detail})"
            )
        print(f"  order placement{suffix}: closed loop, 16 connections …", flush=True)
        staff.token(valid_for_s=120)  # renewed in the loop only if it runs long
        max_rps, max_errors = asyncio.run(
            _closed_post(
                stack.url("gateway", "/api/v1/orders"),
                staff,
                [body() for _ in range(int(ORDER_RATE * options.duration_s))],
                16,
            )
        )

        print(f"  seeding {FEED_ORDERS:,} orders for the partner feed{suffix} …", flush=True)
        _, seqs = seed_orders(stack, list(KEYS), FEED_ORDERS, door=False)
        slug = next(iter(KEYS))
        feed_url = stack.url("gateway", f"/api/v1/orders/feed?after={seqs[slug] - 50}&limit=100")
        partner = {"X-API-Key": KEYS[slug]}
        sample = _ok(http.get(feed_url, headers=partner), "feed")
        if len(sample["items"]) != 50:
            raise BenchmarkError(f"feed returned {len(sample['items'])} orders, not 50")
        print(f"  partner feed{suffix}: open loop at {POLL_RATE:g}/s …", flush=True)
        open_loop(feed_url, partner, rate=POLL_RATE, duration_s=1.0)
        polled = open_loop(feed_url, partner, rate=POLL_RATE, duration_s=options.duration_s)
        if polled.error_share > 0.001:
            raise BenchmarkError(
                f"feed: {polled.errors} of {polled.requests} failed ({polled.error_detail})"
            )

        print(f"  seeding a round of {PICK_ORDERS:,} door deliveries{suffix} …", flush=True)
        pick_round, _ = seed_orders(stack, [slug], PICK_ORDERS, door=True)
        pick_url = f"/api/v1/delivery-rounds/{pick_round}/pick-list"
        timings = []
        for _ in range(6):
            staff.token(valid_for_s=60)  # no sign-in inside the timed call
            started = time.perf_counter()
            pick = _ok(http.get(pick_url, auth=staff), "pick list")
            timings.append((time.perf_counter() - started) * 1000)
        if pick["door_orders"] != PICK_ORDERS:
            raise BenchmarkError(f"pick list holds {pick['door_orders']} orders")
    worst = max(timings[1:])
    return Outcome(
        metrics={
            f"order_place_p50_ms{suffix}": round(placed.p50_ms, 2),
            f"order_place_p99_ms{suffix}": round(placed.p99_ms, 2),
            f"order_place_max_rps{suffix}": round(max_rps, 1),
            f"partner_poll_p50_ms{suffix}": round(polled.p50_ms, 2),
            f"partner_poll_p99_ms{suffix}": round(polled.p99_ms, 2),
            f"pick_list_5000_ms{suffix}": round(worst, 1),
        },
        notes={
            f"orders{suffix}": f"{placed.generator}: {placed.requests} orders at {ORDER_RATE:g}/s, "
            f"{placed.errors} errors; closed loop: {max_rps:.0f} orders/s, {max_errors} errors",
            f"feed{suffix}": f"{polled.generator} at {POLL_RATE:g}/s over "
            f"{FEED_ORDERS + placed.requests:,}+ orders, 50 new per answer",
            f"pick list{suffix}": "five calls after a warm-up: "
            + ", ".join(f"{t:.0f}" for t in timings[1:])
            + f" ms; {len(json.dumps(pick)) // 1024} KB",
        },
    )


run = on_both_databases(measure)


BENCHMARK = Benchmark(
    name="supplies",
    description="orders at 200/s, partner feed over 100,000 orders, pick list of 5,000",
    run=run,
    targets={
        "order_place_p99_ms": Target("<", 100),
        "partner_poll_p99_ms": Target("<", 50),
        "pick_list_5000_ms": Target("<", 500),
        "order_place_p99_ms_postgres": Target("<", 100),
        "partner_poll_p99_ms_postgres": Target("<", 50),
        "pick_list_5000_ms_postgres": Target("<", 500),
    },
)
