"""Gate phones polling their offline bundle: 50,000 phones once a minute are ~830 requests a
second, and nearly every poll finds the bundle unchanged.

- bundle_poll_rps: polls answered 304 per second through the stack's gateway (target ≥ 3,000),
  closed loop with wrk at `connections` (at least 64) pollers signed in as a gate volunteer of
  the demo community, each sending the ETag it was given for the full bundle or for the changes
  since the current version. Only 304s are counted: a 200 (the tag went stale) is not a poll
  answered for free.
- bundle_poll_forwarded_rps: the same through a second gateway whose bundle cache is off
  (GATEWAY_BUNDLE_FRESH_S=0), so that every poll is revalidated by the registry (its 304, no
  database read): what the gateway's own 304 saves.
- bundle_poll_gateway_cpu_us, bundle_poll_registry_cpu_us: CPU per poll of each process in the
  first run (the registry sees about one revalidation per URL a second there).
"""

from __future__ import annotations

import json
from typing import NamedTuple
from urllib.parse import urlencode

import httpx

from benchmarks.harness import (
    Benchmark,
    BenchmarkError,
    Options,
    Outcome,
    Stack,
    Target,
    wait_for_quiet,
)
from benchmarks.loadgen import LoadResult, run_wrk, wrk_version
from benchmarks.processes import CpuPerRequest, UvicornApp
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID

BUNDLE = "/api/v1/gate/bundle"
VOLUNTEER = "gate1"  # the demo's gate volunteer
MIN_POLLERS = 64
MIN_304_SHARE = 0.99

# Each connection cycles through the (path, ETag) requests, made once per thread (a headers table
# given to wrk.format replaces the -H ones, so they are copied in); only 304s are counted, per
# thread, and summed in `done` from the threads kept by `setup`.
WRK_POLL_LUA = r"""
local polls = {POLLS}
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

init = function(args)
  not_modified = 0
  turn = id
  prepared = {}
  for i, poll in ipairs(polls) do
    local headers = {}
    for name, value in pairs(wrk.headers) do
      headers[name] = value
    end
    headers["If-None-Match"] = poll[2]
    prepared[i] = wrk.format("GET", poll[1], headers)
  end
end

request = function()
  turn = turn + 1
  return prepared[(turn % #prepared) + 1]
end

response = function(status, headers, body)
  if status == 304 then
    not_modified = not_modified + 1
  end
end

done = function(summary, latency, requests)
  local counted = 0
  for _, thread in ipairs(threads) do
    counted = counted + thread:get("not_modified")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH_JSON {\"requests\":%.0f,\"not_modified\":%.0f,\"duration_us\":%.0f,"
    .. "\"errors\":%.0f,\"p50_us\":%.0f,\"p99_us\":%.0f}\n",
    summary.requests, counted, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def _polls(gateway_url: str, headers: dict[str, str]) -> list[tuple[str, str]]:
    """The full bundle and the changes since its version, each with the ETag it came with; each
    checked to answer 304 when sent back."""
    community = {"community_id": str(DEMO_COMMUNITY_ID)}
    with httpx.Client(base_url=gateway_url, headers=headers, timeout=30) as http:
        full = http.get(BUNDLE, params=community)
        if full.status_code != 200:
            raise BenchmarkError(f"bundle: {full.status_code} {full.text[:300]}")
        polls = []
        for params in (community, {**community, "since": str(full.json()["version"])}):
            path = f"{BUNDLE}?{urlencode(params)}"
            first = http.get(path)
            tag = first.headers.get("etag", "")
            again = http.get(path, headers={"If-None-Match": tag})
            if first.status_code != 200 or again.status_code != 304:
                raise BenchmarkError(
                    f"{path}: {first.status_code}, then {again.status_code} with {tag!r}"
                )
            polls.append((path, tag))
    return polls


class Polled(NamedTuple):
    load: LoadResult  # every answer; the errors are wrk's (non-2xx/3xx, timeouts, sockets)
    not_modified: int

    @property
    def rps(self) -> float:
        return self.not_modified / self.load.duration_s


def _wrk_polls(
    url: str, headers: dict[str, str], polls: list[tuple[str, str]], pollers: int, duration_s: float
) -> Polled:
    listed = ",".join("{" + json.dumps(p) + "," + json.dumps(t) + "}" for p, t in polls)
    script = WRK_POLL_LUA.replace("{POLLS}", "{" + listed + "}")
    stats = run_wrk(url, headers, script, connections=pollers, duration_s=duration_s)
    polled = Polled(
        LoadResult(
            generator=wrk_version(),
            requests=int(stats["requests"]),
            errors=int(stats["errors"]),
            duration_s=stats["duration_us"] / 1e6,
            p50_ms=stats["p50_us"] / 1000,
            p99_ms=stats["p99_us"] / 1000,
        ),
        int(stats["not_modified"]),
    )
    if polled.not_modified < MIN_304_SHARE * polled.load.requests:
        raise BenchmarkError(
            f"{url}: {polled.not_modified} of {polled.load.requests} polls answered 304 "
            f"({polled.load.errors} errors)"
        )
    return polled


def _measure(
    stack: Stack, gateway_url: str, pids: dict[str, int], options: Options, cpu: CpuPerRequest
) -> Polled:
    pollers = max(options.connections, MIN_POLLERS)
    volunteer = stack.account(VOLUNTEER)
    polls = _polls(gateway_url, volunteer.headers())
    wait_for_quiet(pids, options.quiet_wait_s)
    headers = volunteer.headers(valid_for_s=options.warmup_s + options.duration_s)
    if options.warmup_s > 0:
        _wrk_polls(gateway_url, headers, polls, pollers, options.warmup_s)
    found: list[Polled] = []

    def measured() -> LoadResult:
        found.append(_wrk_polls(gateway_url, headers, polls, pollers, options.duration_s))
        return found[0].load

    cpu.measure(measured)
    return found[0]


def run(stack: Stack, options: Options) -> Outcome:
    pids = stack.pids()
    cached_cpu = CpuPerRequest({"gateway": pids["gateway"], "registry": pids["registry"]})
    print(f"  polls with their ETag through the gateway, {MIN_POLLERS}+ pollers …", flush=True)
    cached = _measure(stack, stack.url("gateway"), pids, options, cached_cpu)
    env = {**stack.env(), "GATEWAY_BUNDLE_FRESH_S": "0"}
    with UvicornApp(
        "gateway.main:create_app",
        factory=True,
        env=env,
        ready_path="/healthz",
        log=stack.data_dir / "uncached-gateway.log",
    ) as uncached:
        print("  the same through a gateway that forwards every poll …", flush=True)
        ours = {**pids, "uncached gateway": uncached.pid}
        forwarded_cpu = CpuPerRequest({"gateway": uncached.pid, "registry": pids["registry"]})
        forwarded = _measure(stack, uncached.url(), ours, options, forwarded_cpu)
    cached_us, forwarded_us = cached_cpu.per_request_us(), forwarded_cpu.per_request_us()
    return Outcome(
        metrics={
            "bundle_poll_rps": round(cached.rps, 1),
            "bundle_poll_forwarded_rps": round(forwarded.rps, 1),
            "bundle_poll_gateway_cpu_us": float(cached_us["gateway"]),
            "bundle_poll_registry_cpu_us": float(cached_us["registry"]),
        },
        notes={
            "closed loop": f"{cached.load.generator}, {max(options.connections, MIN_POLLERS)} "
            f"pollers, {options.duration_s:g} s after {options.warmup_s:g} s warm-up; 2 URLs "
            "(full, since the current version), one volunteer's token",
            "answered by the gateway": f"{cached.not_modified} 304s of {cached.load.requests} "
            f"polls, p50 {cached.load.p50_ms:.1f} ms, p99 {cached.load.p99_ms:.1f} ms; CPU per "
            f"poll {cached_us} µs",
            "revalidated by the registry": f"{forwarded.not_modified} 304s of "
            f"{forwarded.load.requests} polls, p99 {forwarded.load.p99_ms:.1f} ms; CPU per poll "
            f"{forwarded_us} µs",
        },
    )


BENCHMARK = Benchmark(
    name="bundle_poll",
    description="gate phones' offline bundle polls answered 304 (ETag), through the gateway",
    run=run,
    targets={"bundle_poll_rps": Target(">=", 3000.0)},
)
