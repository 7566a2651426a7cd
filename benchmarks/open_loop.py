"""Open-loop load from a process of its own, on raw keep-alive HTTP/1.1 connections.

The aiohttp generators spent 100–150 µs of CPU per request inside the benchmark process, on the
same two cores as the services: at 1,000 requests/s that is a sixth of a core, and the timetable
itself slipped when the process was descheduled. Here every request is serialized before the
clock starts, a child process (uvloop, one asyncio protocol per connection, a minimal response
parser) sends them on a fixed timetable, and each latency runs from the request's scheduled send
time, so a stall anywhere shows up as the queue it causes (no coordinated omission). A request
that finds every connection busy waits for one, and that wait counts too.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import time
from collections import Counter, deque
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from benchmarks.harness import HOST, BenchmarkError
from benchmarks.loadgen import LoadResult, percentile

REQUEST_TIMEOUT_S = 10.0


def build_requests(
    url: str,
    method: str,
    headers: Sequence[Mapping[str, str]] | Mapping[str, str],
    bodies: Sequence[bytes] | None,
    count: int,
    paths: Sequence[str] = (),
) -> tuple[str, int, list[bytes]]:
    """`count` raw requests; `headers` and `bodies` either one for all or one per request;
    `paths`, if given, in turn instead of the url's path (reads of many records)."""
    parts = urlsplit(url)
    if parts.hostname != HOST or parts.port is None:
        raise BenchmarkError(f"load generators only target {HOST}: {url}")
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    out = []
    for n in range(count):
        head = headers if isinstance(headers, Mapping) else headers[n]
        body = b"" if bodies is None else bodies[n % len(bodies)]
        path = paths[n % len(paths)] if paths else target
        lines = [f"{method} {path} HTTP/1.1", f"host: {parts.netloc}"]
        lines += [f"{k}: {v}" for k, v in head.items()]
        if bodies is not None:
            lines.append(f"content-length: {len(body)}")
        out.append(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
    return parts.hostname, parts.port, out


class _Connection(asyncio.Protocol):
    """One keep-alive connection: one request in flight, answers parsed by Content-Length or
    chunked transfer encoding."""

    def __init__(self, pool: _Pool) -> None:
        self.pool = pool
        self.transport: Any = None  # uvloop's transports are not asyncio.Transport
        self.buffer = bytearray()
        self.scheduled = 0.0
        self.busy = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def send(self, request: bytes, scheduled: float) -> None:
        self.busy, self.scheduled = True, scheduled
        self.transport.write(request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.busy:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).lower()
            status = int(head[9:12])
            start = end + 4
            if b"transfer-encoding: chunked" in head:
                done = self.buffer.find(b"\r\n0\r\n\r\n", start - 2)
                if done < 0:
                    return
                size = done + 7 - start
            else:
                marker = head.find(b"content-length:")
                size = 0 if marker < 0 else int(head[marker + 15 :].split(b"\r\n", 1)[0])
                if len(self.buffer) < start + size:
                    return
            del self.buffer[: start + size]
            self.busy = False
            self.pool.answered(self, status)

    def connection_lost(self, exc: Exception | None) -> None:
        self.pool.lost(self)


class _Pool:
    def __init__(self, host: str, port: int, limit: int) -> None:
        self.host, self.port, self.limit = host, port, limit
        self.idle: list[_Connection] = []
        self.opening = 0
        self.connections: set[_Connection] = set()
        self.waiting: deque[tuple[bytes, float]] = deque()
        self.latencies: list[float] = []
        self.failures: Counter[str] = Counter()
        self.pending = 0

    async def _open(self) -> None:
        loop = asyncio.get_running_loop()
        self.opening += 1
        try:
            _, conn = await loop.create_connection(lambda: _Connection(self), self.host, self.port)
        except OSError as exc:
            self.failures[type(exc).__name__] += 1
            if self.waiting:
                self.waiting.popleft()
                self.pending -= 1
            return
        finally:
            self.opening -= 1
        self.connections.add(conn)
        self._next(conn)

    def submit(self, request: bytes, scheduled: float) -> None:
        self.pending += 1
        if self.idle:
            self.idle.pop().send(request, scheduled)
            return
        self.waiting.append((request, scheduled))
        if len(self.connections) + self.opening < self.limit:
            asyncio.get_running_loop().create_task(self._open())

    def _next(self, conn: _Connection) -> None:
        if self.waiting:
            conn.send(*self.waiting.popleft())
        else:
            self.idle.append(conn)

    def answered(self, conn: _Connection, status: int) -> None:
        self.pending -= 1
        if 200 <= status < 300:
            self.latencies.append((time.perf_counter() - conn.scheduled) * 1000)
        else:
            self.failures[f"HTTP {status}"] += 1
        self._next(conn)

    def lost(self, conn: _Connection) -> None:
        self.connections.discard(conn)
        if conn in self.idle:
            self.idle.remove(conn)
        if conn.busy:
            self.pending -= 1
            self.failures["connection lost"] += 1
        if self.waiting and len(self.connections) + self.opening < self.limit:
            asyncio.get_running_loop().create_task(self._open())


async def _run(
    host: str, port: int, requests: list[bytes], rate: float, limit: int
) -> tuple[list[float], dict[str, int]]:
    pool = _Pool(host, port, limit)
    for _ in range(min(limit, 8)):  # a few warm connections, as a client would keep
        await pool._open()
    gc.collect()
    gc.disable()  # the generator's own collections must not count against the server
    loop = asyncio.get_running_loop()
    start = time.perf_counter() + 0.05
    interval = 1.0 / rate
    sent = 0
    while sent < len(requests):
        now = time.perf_counter()
        due = min(len(requests), int((now - start) / interval) + 1) if now >= start else 0
        while sent < due:
            pool.submit(requests[sent], start + sent * interval)
            sent += 1
        await asyncio.sleep(max(0.0, start + sent * interval - time.perf_counter()))
    deadline = loop.time() + REQUEST_TIMEOUT_S
    while pool.pending > 0 and loop.time() < deadline:
        await asyncio.sleep(0.005)
    if pool.pending > 0:
        pool.failures["unanswered at the end"] += pool.pending
    for conn in list(pool.connections):
        if conn.transport is not None:
            conn.transport.close()
    return pool.latencies, dict(pool.failures)


def _child(
    host: str, port: int, requests: list[bytes], rate: float, limit: int, out: object
) -> None:
    import uvloop

    result = uvloop.run(_run(host, port, requests, rate, limit))
    out.send(result)  # type: ignore[attr-defined]


def open_loop_raw(
    url: str,
    *,
    rate: float,
    duration_s: float,
    method: str = "GET",
    headers: Sequence[Mapping[str, str]] | Mapping[str, str] = {},  # noqa: B006
    bodies: Sequence[bytes] | None = None,
    paths: Sequence[str] = (),
    max_connections: int = 64,
) -> LoadResult:
    """`rate` requests per second for `duration_s` from a child process."""
    if rate <= 0:
        raise BenchmarkError(f"open loop needs a positive rate, not {rate}")
    count = max(1, int(rate * duration_s))
    host, port, requests = build_requests(url, method, headers, bodies, count, paths)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(host, port, requests, rate, max_connections, send), daemon=True
    )
    child.start()
    send.close()
    try:
        if not receive.poll(duration_s + REQUEST_TIMEOUT_S + 30):
            raise BenchmarkError("the open-loop generator did not report")
        latencies, failures = receive.recv()
    finally:
        child.join(timeout=10)
        if child.is_alive():
            child.kill()
    latencies.sort()
    errors = sum(failures.values())
    return LoadResult(
        generator="raw HTTP/1.1 open loop (uvloop, own process)",
        requests=len(latencies) + errors,
        errors=errors,
        duration_s=count / rate,
        p50_ms=percentile(latencies, 0.50),
        p99_ms=percentile(latencies, 0.99),
        offered_rps=rate,
        error_detail=", ".join(f"{n} {kind}" for kind, n in Counter(failures).most_common()),
    )
