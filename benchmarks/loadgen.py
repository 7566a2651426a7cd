"""Load generators, each bounded in time and in request count, and only aimed at 127.0.0.1.

- `closed_loop`: max throughput at N connections. `wrk` when installed (C, so it leaves the two
  cores to the services), else aiohttp workers in this process.
- `open_loop`: requests on a fixed timetable, from a process of its own on raw connections
  (open_loop.py); latency runs from each request's scheduled time, so a stall shows up as the
  queue it causes (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import gc
import json
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Coroutine, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiohttp

from benchmarks.harness import HOST, BenchmarkError

MAX_REQUESTS = 1_000_000
REQUEST_TIMEOUT_S = 10.0
T = TypeVar("T")

WRK_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_JSON {\"requests\":%.0f,\"duration_us\":%.0f,\"connect\":%.0f,\"read\":%.0f,"
    .. "\"write\":%.0f,\"status\":%.0f,\"timeout\":%.0f,\"p50_us\":%.0f,\"p99_us\":%.0f}\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class LoadResult:
    generator: str
    requests: int  # answered or failed
    errors: int  # transport errors, timeouts, non-2xx answers
    duration_s: float
    p50_ms: float
    p99_ms: float
    offered_rps: float = 0.0  # open loop only
    error_detail: str = ""  # what the errors were, when known

    @property
    def rps(self) -> float:
        return (self.requests - self.errors) / self.duration_s if self.duration_s else 0.0

    @property
    def error_share(self) -> float:
        return self.errors / self.requests if self.requests else 1.0


def _check_url(url: str) -> None:
    if not url.startswith(f"http://{HOST}:"):
        raise BenchmarkError(f"load generators only target {HOST}: {url}")


def percentile(sorted_values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of an ascending sequence (0.0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), round(share * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def wrk_path() -> str | None:
    return shutil.which("wrk")


def wrk_version() -> str:
    path = wrk_path()
    if path is None:
        return ""
    done = subprocess.run([path, "-v"], capture_output=True, timeout=10)
    first = (done.stdout or done.stderr).decode(errors="replace").splitlines()[:1]
    return first[0].split(" [")[0] if first else "wrk"


def _run_uvloop(coro: Coroutine[Any, Any, T]) -> T:
    try:
        import uvloop

        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            return runner.run(coro)
    except ImportError:
        return asyncio.run(coro)


# -- closed loop --------------------------------------------------------------------------------


def closed_loop(
    url: str,
    headers: Mapping[str, str],
    *,
    connections: int,
    duration_s: float,
    use_wrk: bool,
) -> LoadResult:
    _check_url(url)
    if use_wrk:
        return _wrk(url, headers, connections=connections, duration_s=duration_s)
    return _run_uvloop(_aiohttp_closed(url, headers, connections, duration_s))


def run_wrk(
    url: str, headers: Mapping[str, str], script: str, *, connections: int, duration_s: float
) -> dict[str, Any]:
    """wrk at `connections` for `duration_s` with the Lua `script`, whose `done` prints one line
    `BENCH_JSON {...}`: that object."""
    _check_url(url)
    path = wrk_path()
    if path is None:
        raise BenchmarkError("this benchmark needs wrk (apt-get install -y wrk)")
    seconds = max(1, round(duration_s))  # wrk takes whole seconds
    with tempfile.TemporaryDirectory(prefix="shouhu-wrk-") as tmp:
        script_file = Path(tmp) / "load.lua"
        script_file.write_text(script)
        command = [path, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        command += ["-s", str(script_file), url]
        done = subprocess.run(command, capture_output=True, timeout=seconds + 30)
    out = done.stdout.decode(errors="replace")
    line = next((x for x in out.splitlines() if x.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise BenchmarkError(f"wrk failed ({done.returncode}): {out[-800:]} {done.stderr[-800:]!r}")
    stats: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    return stats


def wrk_result(stats: Mapping[str, Any]) -> LoadResult:
    """A LoadResult from what WRK_LUA's `done` reports."""
    errors = sum(int(stats[k]) for k in ("connect", "read", "write", "status", "timeout"))
    return LoadResult(
        generator=wrk_version(),
        requests=int(stats["requests"]) + int(stats["connect"]),
        errors=errors,
        duration_s=stats["duration_us"] / 1e6,
        p50_ms=stats["p50_us"] / 1000,
        p99_ms=stats["p99_us"] / 1000,
    )


def _wrk(
    url: str, headers: Mapping[str, str], *, connections: int, duration_s: float
) -> LoadResult:
    stats = run_wrk(url, headers, WRK_LUA, connections=connections, duration_s=duration_s)
    return wrk_result(stats)


async def _get(
    session: aiohttp.ClientSession, url: str, headers: Mapping[str, str], failures: Counter[str]
) -> bool:
    """One GET, body read; a failure is counted by kind (`HTTP 503`, `ServerDisconnectedError`)."""
    try:
        async with session.get(url, headers=headers) as response:
            await response.read()
            if 200 <= response.status < 300:
                return True
            failures[f"HTTP {response.status}"] += 1
    except (aiohttp.ClientError, TimeoutError) as exc:
        failures[type(exc).__name__] += 1
    return False


def _detail(failures: Counter[str]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in failures.most_common())


async def _aiohttp_closed(
    url: str, headers: Mapping[str, str], connections: int, duration_s: float
) -> LoadResult:
    connector = aiohttp.TCPConnector(limit=connections)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    send_headers = dict(headers)
    latencies: list[float] = []
    failures: Counter[str] = Counter()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        deadline = started + duration_s

        async def worker() -> None:
            while (
                time.perf_counter() < deadline and len(latencies) + failures.total() < MAX_REQUESTS
            ):
                sent = time.perf_counter()
                if await _get(session, url, send_headers, failures):
                    latencies.append((time.perf_counter() - sent) * 1000)

        gc.collect()
        gc.disable()  # the generator's own collections must not count against the server
        try:
            await asyncio.gather(*(worker() for _ in range(connections)))
        finally:
            gc.enable()
        elapsed = time.perf_counter() - started
    latencies.sort()
    return LoadResult(
        generator=f"aiohttp {aiohttp.__version__} (Python)",
        requests=len(latencies) + failures.total(),
        errors=failures.total(),
        duration_s=elapsed,
        p50_ms=percentile(latencies, 0.50),
        p99_ms=percentile(latencies, 0.99),
        error_detail=_detail(failures),
    )


# -- open loop ----------------------------------------------------------------------------------


def open_loop(
    url: str,
    headers: Mapping[str, str],
    *,
    rate: float,
    duration_s: float,
    max_connections: int = 64,
) -> LoadResult:
    """`rate` GET requests per second for `duration_s`, whatever the answers do, from a process
    of its own (benchmarks/open_loop.py)."""
    from benchmarks.open_loop import open_loop_raw  # it imports this module

    _check_url(url)
    return open_loop_raw(
        url, rate=rate, duration_s=duration_s, headers=headers, max_connections=max_connections
    )
