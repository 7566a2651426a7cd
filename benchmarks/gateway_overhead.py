"""What the gateway hop costs, measured against an upstream whose own cost is next to nothing.

A real registry read is no yardstick: `GET /api/v1/communities/{id}` costs the registry ~3 ms of
CPU (ORM session, aiosqlite's thread hops, FastAPI's dependencies), three times the gateway's
forwarding; on two cores the gateway then works beside the registry and its throughput ratio
came out at 1.07, saying nothing about the hop. So a second gateway process (same settings and
accounts database as the stack's) forwards to a stand-in registry that answers the same path with
the same body at once (bare_app.py):

- hop_direct_rps, hop_gateway_rps: closed loop at `connections` (32) after a warm-up, straight on
  the stand-in vs. through the gateway with a bearer token.
- gateway_overhead_ratio = hop_gateway_rps / hop_direct_rps (target ≥ 0.40).
- gateway_p50_ms, gateway_p99_ms: open loop through the gateway at 60 % of hop_gateway_rps
  (p99 < 30).
- gateway_hop_cpu_us: the gateway's CPU per forwarded request (what a busy machine does not
  distort); community_read_registry_cpu_us and community_read_gateway_cpu_us: the same read on the
  real stack, to set the hop beside the cost of a real read.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
from collections.abc import Callable, Mapping

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
from benchmarks.processes import CpuPerRequest, UvicornApp

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
    pids: Mapping[str, int],
    url: str,
    headers: Headers,
    options: Options,
    use_wrk: bool,
    cpu: CpuPerRequest | None = None,
) -> tuple[LoadResult, float]:
    """Warm-up, then the measured run (each with fresh headers); and the CPU share processes
    other than `pids` (and ours) took while it ran."""
    wait_for_quiet(pids, options.quiet_wait_s)
    if options.warmup_s > 0:
        closed_loop(
            url,
            headers(),
            connections=options.connections,
            duration_s=options.warmup_s,
            use_wrk=use_wrk,
        )
    send = headers()

    def measured() -> LoadResult:
        return closed_loop(
            url,
            send,
            connections=options.connections,
            duration_s=options.duration_s,
            use_wrk=use_wrk,
        )

    with CpuMeter(pids) as meter:
        result = cpu.measure(measured) if cpu is not None else measured()
    if result.error_share > MAX_ERROR_SHARE:
        raise BenchmarkError(
            f"{url}: {result.errors} of {result.requests} requests failed ({result.error_detail}; "
            "status = non-2xx answers)"
        )
    return result, meter.foreign_share


def _hop_gateway(stack: Stack, upstream: UvicornApp) -> UvicornApp:
    """The stack's gateway settings and accounts, with the registry's place taken by the
    stand-in (supplies stays the real one)."""
    env = {**stack.env(), "GATEWAY_REGISTRY_URL": upstream.url()}
    return UvicornApp(
        "gateway.main:create_app",
        factory=True,
        env=env,
        ready_path="/healthz",
        log=stack.data_dir / "hop-gateway.log",
    )


def run(stack: Stack, options: Options) -> Outcome:
    use_wrk = _use_wrk(options)
    staff = stack.account("staff")
    path = stack.community_path

    def bearer() -> dict[str, str]:
        return staff.headers(valid_for_s=max(options.warmup_s, options.duration_s))

    with (
        UvicornApp("benchmarks.bare_app:app", ready_path="/ping") as upstream,
        _hop_gateway(stack, upstream) as gateway,
    ):
        direct_url, gateway_url = upstream.url(path), gateway.url(path)
        if _preflight(direct_url, {}) != _preflight(gateway_url, staff.headers()):
            raise BenchmarkError("the stand-in and the gateway answer the read differently")
        hop_cpu = CpuPerRequest({"gateway": gateway.pid, "stand-in": upstream.pid})
        ours = {**stack.pids(), "hop gateway": gateway.pid, "stand-in": upstream.pid}
        print(f"  stand-in registry: closed loop, {options.connections} connections …", flush=True)
        direct, direct_foreign = _closed(ours, direct_url, dict, options, use_wrk)
        time.sleep(0.5)
        print(f"  through the gateway: closed loop, {options.connections} connections …")
        hop, hop_foreign = _closed(ours, gateway_url, bearer, options, use_wrk, hop_cpu)
        time.sleep(0.5)
        rate = options.open_loop_share * hop.rps
        print(f"  through the gateway: open loop at {rate:,.0f} req/s …", flush=True)
        wait_for_quiet(ours, options.quiet_wait_s)
        token = staff.headers(OPEN_LOOP_WARMUP_S + options.duration_s)
        open_loop(gateway_url, token, rate=rate, duration_s=OPEN_LOOP_WARMUP_S)
        with CpuMeter(ours) as meter:
            fixed = open_loop(gateway_url, token, rate=rate, duration_s=options.duration_s)
        if fixed.error_share > MAX_OPEN_LOOP_ERROR_SHARE:
            raise BenchmarkError(
                f"open loop: {fixed.errors} of {fixed.requests} requests failed "
                f"({fixed.error_detail})"
            )
    print("  the real community read through the stack's gateway …", flush=True)
    pids = stack.pids()
    read_cpu = CpuPerRequest({"gateway": pids["gateway"], "registry": pids["registry"]})
    read, read_foreign = _closed(
        pids,
        stack.url("gateway", path),
        bearer,
        options,
        use_wrk,
        read_cpu,
    )

    foreign = (direct_foreign, hop_foreign, meter.foreign_share, read_foreign)
    hop_us, read_us = hop_cpu.per_request_us(), read_cpu.per_request_us()
    notes = {
        "closed-loop generator": f"{direct.generator}, {options.connections} connections, "
        f"{options.duration_s:g} s after {options.warmup_s:g} s warm-up",
        "closed-loop p99 (stand-in / through the gateway)": f"{direct.p99_ms:.1f} / "
        f"{hop.p99_ms:.1f} ms",
        "open-loop generator": f"{fixed.generator}, {options.duration_s:g} s at "
        f"{options.open_loop_share:.0%} of hop_gateway_rps, {fixed.errors} errors",
        "CPU per request (µs)": f"hop: {hop_us}; real community read: {read_us}, "
        f"{read.rps:,.0f} req/s through the gateway",
        "app access log": "on" if options.access_log else "off",
        "other processes' CPU while measuring (stand-in / gateway / open loop / real read)": (
            " / ".join(f"{share:.0%}" for share in foreign) + f" of {os.cpu_count()} cores"
        ),
    }
    if max(foreign) > FOREIGN_CPU_WARN:
        notes["WARNING"] = (
            "other processes competed for the CPUs while measuring: the rates are unreliable "
            "(CPU per request much less so); run again on a quiet machine"
        )
    return Outcome(
        metrics={
            "hop_direct_rps": round(direct.rps, 1),
            "hop_gateway_rps": round(hop.rps, 1),
            "gateway_overhead_ratio": round(hop.rps / direct.rps, 3),
            "gateway_p50_ms": round(fixed.p50_ms, 2),
            "gateway_p99_ms": round(fixed.p99_ms, 2),
            "gateway_open_loop_rps": round(fixed.offered_rps, 1),
            "gateway_hop_cpu_us": float(hop_us["gateway"]),
            "community_read_gateway_rps": round(read.rps, 1),
            "community_read_registry_cpu_us": float(read_us["registry"]),
            "community_read_gateway_cpu_us": float(read_us["gateway"]),
        },
        notes=notes,
    )


BENCHMARK = Benchmark(
    name="gateway_overhead",
    description="the gateway hop, against a stand-in upstream that costs next to nothing",
    run=run,
    targets={
        "gateway_overhead_ratio": Target(">=", 0.40),
        "gateway_p99_ms": Target("<", 30.0),
    },
)
