"""Real sockets on the loopback for the suite: a service app served by uvicorn, a peer that accepts
connections and never answers, and a port where nothing listens.

The gateway forwards through aiohttp, which needs a real address; the service apps are served
where the suite's fixtures run, as a task on pytest-asyncio's session event loop (not a thread:
their engines and the tests' own sessions belong to that loop, and asyncpg refuses a connection
used from another one). The apps' lifespans are run by the caller (`LifespanManager`), so uvicorn
runs none.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator

import uvicorn
from starlette.types import ASGIApp

from shouhu_common.http_protocol import HeaderDeadlineProtocol


class _QuietServer(uvicorn.Server):
    """Leaves the process's signal handlers to pytest: Ctrl-C stops the run, not the server."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _loopback_socket() -> socket.socket:
    # IPPROTO_TCP named, not left 0: asyncio turns Nagle off only on sockets that say TCP, and
    # with it on every answer on a kept-alive connection waited ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    return sock


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{host}:{port}"


@contextlib.asynccontextmanager
async def served(app: ASGIApp) -> AsyncIterator[str]:
    """Serves `app` on a free loopback port until the block ends; yields its base URL."""
    sock = _loopback_socket()
    url = _url(sock)
    config = uvicorn.Config(
        app,
        lifespan="off",
        log_config=None,
        log_level="warning",
        access_log=False,
        ws="none",
        http=HeaderDeadlineProtocol,  # as the services run: headers have a deadline
        timeout_graceful_shutdown=5,
    )
    server = _QuietServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]), name=f"uvicorn {url}")
    try:
        while not server.started:
            if task.done():
                task.result()  # start-up failed: raise its error here
                raise RuntimeError(f"uvicorn stopped before serving {url}")
            await asyncio.sleep(0.005)
        yield url
    finally:
        server.should_exit = True
        await task
        sock.close()


@contextlib.asynccontextmanager
async def stalled_peer() -> AsyncIterator[str]:
    """A peer that accepts connections and reads requests but never answers (a hung service);
    yields its base URL."""
    open_connections: set[asyncio.StreamWriter] = set()

    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        open_connections.add(writer)
        with contextlib.suppress(ConnectionError):
            while await reader.read(65536):
                pass

    server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.close()
        for writer in open_connections:
            writer.close()
        await server.wait_closed()


@contextlib.contextmanager
def refusing_port() -> Iterator[str]:
    """A loopback port that refuses every connection (a service that is down); yields its base
    URL. The port is bound and never listened on, so nothing else can take it meanwhile."""
    sock = _loopback_socket()
    try:
        yield _url(sock)
    finally:
        sock.close()
