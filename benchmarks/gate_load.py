"""POST load for the gate benchmark: `wrk` with a Lua script that sends a different passage on
each request (a random pass of the community, a fresh client id), closed loop; and an open loop on
a fixed timetable, from a process of its own, for the latency at a given rate (no coordinated
omission)."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable, Mapping

from benchmarks.loadgen import WRK_LUA, LoadResult, run_wrk, wrk_result
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
    stats = run_wrk(
        url,
        {**headers, "content-type": "application/json"},
        _lua(tokens, gate_id) + WRK_LUA,
        connections=connections,
        duration_s=duration_s,
    )
    return wrk_result(stats)


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
