"""What the gateway hop costs: one cheap authenticated read (`GET /api/v1/communities/{id}`)
straight on the registry with the internal identity vs. through the gateway with a bearer token.

- direct_rps, gateway_rps: closed loop, max throughput at `connections` (32) after a warm-up.
- gateway_overhead_ratio = gateway_rps / direct_rps (target ≥ 0.40).
- gateway_p50_ms, gateway_p99_ms: open loop through the gateway at 60 % of gateway_rps (p99 < 30).
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
from collections.abc import Callable

from benchmarks.harness import (
    Benchmark,
    BenchmarkError,
    CpuMeter,
    Options,
    Outcome,
    Stack,
    Target,
    http_get,
    wait_for_quiet,
)
from benchmarks.loadgen import LoadResult, closed_loop, open_loop, wrk_path
from shouhu_common.identity import INTERNAL_HEADER

MAX_ERROR_SHARE = 0.001  # closed loop: more failures than this and the throughput means nothing
MAX_OPEN_LOOP_ERROR_SHARE = 0.01
FOREIGN_CPU_WARN = 0.10  # of all cores, in any measured phase
OPEN_LOOP_WARMUP_S = 1.0
Headers = Callable[[], dict[str, str]]


def _use_wrk(options: Options) -> bool:
    if options.generator == "python":
        return False
    if wrk_path() is not None:
        return True
    if options.generator == "wrk":
        raise BenchmarkError("--generator wrk, but wrk is not installed (apt-get install -y wrk)")
    return False


def _preflight(url: str, headers: dict[str, str]) -> object:
    try:
        return json.loads(http_get(url, headers))
    except urllib.error.HTTPError as exc:
        raise BenchmarkError(f"GET {url} answered {exc.code}: {exc.read()[:300]!r}") from exc


def _closed(
    stack: Stack, url: str, headers: Headers, options: Options, use_wrk: bool
) -> tuple[LoadResult, float]:
    """Warm-up, then the measured run (each with fresh headers); and the CPU share other
    processes took while it ran."""
    wait_for_quiet(stack.pids(), options.quiet_wait_s)
    if options.warmup_s > 0:
        closed_loop(
            url,
            headers(),
            connections=options.connections,
            duration_s=options.warmup_s,
            use_wrk=use_wrk,
        )
    with CpuMeter(stack.pids()) as meter:
        result = closed_loop(
            url,
            headers(),
            connections=options.connections,
            duration_s=options.duration_s,
            use_wrk=use_wrk,
        )
    if result.error_share > MAX_ERROR_SHARE:
        raise BenchmarkError(
            f"{url}: {result.errors} of {result.requests} requests failed ({result.error_detail}; "
            "status = non-2xx answers)"
        )
    return result, meter.foreign_share


def run(stack: Stack, options: Options) -> Outcome:
    use_wrk = _use_wrk(options)
    path = stack.community_path
    direct_url, gateway_url = stack.url("registry", path), stack.url("gateway", path)
    # one token for every phase below (closed loops, open loop): good for ten minutes more
    bearer = stack.account("staff").headers(valid_for_s=600)

    def internal() -> dict[str, str]:
        return {INTERNAL_HEADER: stack.internal_token()}

    if _preflight(direct_url, internal()) != _preflight(gateway_url, bearer):
        raise BenchmarkError("the registry and the gateway answer the read differently")

    print(f"  direct:  closed loop, {options.connections} connections …", flush=True)
    direct, direct_foreign = _closed(stack, direct_url, internal, options, use_wrk)
    time.sleep(0.5)
    print(f"  gateway: closed loop, {options.connections} connections …", flush=True)
    gateway, gateway_foreign = _closed(stack, gateway_url, lambda: dict(bearer), options, use_wrk)
    time.sleep(0.5)

    rate = options.open_loop_share * gateway.rps
    print(f"  gateway: open loop at {rate:,.0f} req/s …", flush=True)
    wait_for_quiet(stack.pids(), options.quiet_wait_s)
    open_loop(gateway_url, bearer, rate=rate, duration_s=OPEN_LOOP_WARMUP_S)
    with CpuMeter(stack.pids()) as meter:
        fixed = open_loop(gateway_url, bearer, rate=rate, duration_s=options.duration_s)
    if fixed.error_share > MAX_OPEN_LOOP_ERROR_SHARE:
        raise BenchmarkError(
            f"open loop: {fixed.errors} of {fixed.requests} requests failed ({fixed.error_detail})"
        )

    foreign = (direct_foreign, gateway_foreign, meter.foreign_share)
    notes = {
        "closed-loop generator": f"{direct.generator}, {options.connections} connections, "
        f"{options.duration_s:g} s after {options.warmup_s:g} s warm-up",
        "closed-loop p99 (direct / gateway)": f"{direct.p99_ms:.1f} / {gateway.p99_ms:.1f} ms",
        "open-loop generator": f"{fixed.generator}, {options.duration_s:g} s at "
        f"{options.open_loop_share:.0%} of gateway_rps, {fixed.errors} errors",
        "app access log": "on" if options.access_log else "off",
        "other processes' CPU while measuring (direct / gateway / open loop)": " / ".join(
            f"{share:.0%}" for share in foreign
        )
        + f" of {os.cpu_count()} cores",
    }
    if max(foreign) > FOREIGN_CPU_WARN:
        notes["WARNING"] = (
            "other processes competed for the CPUs while measuring: the numbers are unreliable; "
            "run again on a quiet machine"
        )
    return Outcome(
        metrics={
            "direct_rps": round(direct.rps, 1),
            "gateway_rps": round(gateway.rps, 1),
            "gateway_overhead_ratio": round(gateway.rps / direct.rps, 3),
            "gateway_p50_ms": round(fixed.p50_ms, 2),
            "gateway_p99_ms": round(fixed.p99_ms, 2),
            "gateway_open_loop_rps": round(fixed.offered_rps, 1),
        },
        notes=notes,
    )


BENCHMARK = Benchmark(
    name="gateway_overhead",
    description="the gateway hop on a cheap authenticated read",
    run=run,
    targets={
        "gateway_overhead_ratio": Target(">=", 0.40),
        "gateway_p99_ms": Target("<", 30.0),
    },
)
