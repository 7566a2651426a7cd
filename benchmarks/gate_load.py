"""POST load for the gate benchmark: `wrk` with a Lua script that sends a different passage on
each request (a random pass of the community, a fresh client id), closed loop; and an open loop on
a fixed timetable, from a process of its own, for the latency at a given rate (no coordinated
omission)."""

from __future__ import annotations

import json
import random
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

from benchmarks.harness import HOST, BenchmarkError
from benchmarks.loadgen import WRK_LUA, LoadResult, wrk_path, wrk_version
from benchmarks.open_loop import open_loop_raw

REQUEST_TIMEOUT_S = 10.0

WRK_POST_LUA = r"""
local tokens = {TOKENS}
local gate = "{GATE}"
local counter = 0
threads_made = 0

setup = function(thread)
  threads_made = threads_made + 1
  thread:set("id", threads_made)  -- a global of that thread's own Lua state
end

init = function(args)
  math.randomseed(os.time() * 1000 + id)
end

local function hex(n, digits)
  return string.format("%0" .. digits .. "x", n)
end

request = function()
  counter = counter + 1
  local t = tokens[math.random(#tokens)]
  local cid = hex(math.random(0, 65535), 4) .. hex(math.random(0, 65535), 4) .. "-"
    .. hex(math.random(0, 65535), 4) .. "-4" .. hex(math.random(0, 4095), 3) .. "-"
    .. hex(math.random(32768, 49151), 4) .. "-" .. hex(id, 4) .. hex(counter % 4294967296, 8)
  local direction = (math.random() < 0.5) and "out" or "in"
  local body = '{"gate_id":"' .. gate .. '","token":"' .. t .. '","direction":"' .. direction
    .. '","temperature":36.' .. math.random(0, 9) .. ',"mask":true,"client_id":"' .. cid .. '"}'
  return wrk.format("POST", nil, nil, body)
end
"""


def _lua(tokens: list[str], gate_id: str) -> str:
    listed = ",".join(json.dumps(t) for t in tokens)
    return WRK_POST_LUA.replace("{TOKENS}", "{" + listed + "}").replace("{GATE}", gate_id)


def wrk_post(
    url: str,
    headers: Mapping[str, str],
    tokens: list[str],
    gate_id: str,
    *,
    connections: int,
    duration_s: float,
) -> LoadResult:
    if not url.startswith(f"http://{HOST}:"):
        raise BenchmarkError(f"load generators only target {HOST}: {url}")
    path = wrk_path()
    if path is None:
        raise BenchmarkError("the gate benchmark needs wrk (apt-get install -y wrk)")
    seconds = max(1, round(duration_s))
    with tempfile.TemporaryDirectory(prefix="shouhu-wrk-") as tmp:
        script = Path(tmp) / "gate.lua"
        script.write_text(_lua(tokens, gate_id) + WRK_LUA)
        command = [path, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        for name, value in {**headers, "content-type": "application/json"}.items():
            command += ["-H", f"{name}: {value}"]
        command += ["-s", str(script), url]
        done = subprocess.run(command, capture_output=True, timeout=seconds + 30)
    out = done.stdout.decode(errors="replace")
    line = next((x for x in out.splitlines() if x.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise BenchmarkError(f"wrk failed ({done.returncode}): {out[-800:]} {done.stderr[-800:]!r}")
    stats = json.loads(line.removeprefix("BENCH_JSON "))
    errors = sum(int(stats[k]) for k in ("connect", "read", "write", "status", "timeout"))
    return LoadResult(
        generator=wrk_version(),
        requests=int(stats["requests"]) + int(stats["connect"]),
        errors=errors,
        duration_s=stats["duration_us"] / 1e6,
        p50_ms=stats["p50_us"] / 1000,
        p99_ms=stats["p99_us"] / 1000,
    )


def passage_body(tokens: list[str], gate_id: str) -> Callable[[], bytes]:
    rng = random.Random(7)

    def body() -> bytes:
        return json.dumps(
            {
                "gate_id": gate_id,
                "token": rng.choice(tokens),
                "direction": rng.choice(("out", "in")),
                "temperature": 36.0 + rng.randrange(10) / 10,
                "mask": True,
                "client_id": str(uuid.uuid4()),
            }
        ).encode()

    return body


def open_loop_post(
    url: str,
    headers: Mapping[str, str],
    body: Callable[[], bytes],
    *,
    rate: float,
    duration_s: float,
    max_connections: int = 64,
) -> LoadResult:
    """POSTs of `body()` (made before the clock starts) on a fixed timetable, from a process of
    its own (benchmarks/open_loop.py)."""
    total = max(1, int(rate * duration_s))
    return open_loop_raw(
        url,
        rate=rate,
        duration_s=duration_s,
        method="POST",
        headers={**headers, "content-type": "application/json"},
        bodies=[body() for _ in range(total)],
        max_connections=max_connections,
    )
