"""A gateway whose Redis is unreachable, goes away or stops answering still starts and serves;
while it cannot hear other replicas' revocations its credential cache keeps entries 2 s instead of
30 s (and is emptied when it loses the channel), and once Redis is back it subscribes again and
revocations reach it at once again. The tests' Redis is never stopped: replica B reaches it
through a relay that the tests cut or freeze."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

import httpx

from gateway.authn import SHORT_CACHE_SECONDS
from tests.builders import headers_for, make_user, sign_in
from tests.conftest import Stack
from tests.databases import SuiteDatabases
from tests.gateway.replicas import ME, Replica, fresh_redis, refused_within, replica
from tests.servers import refusing_port


class Relay:
    """TCP to the tests' Redis, through a loopback port: `cut` closes every connection and
    refuses new ones until `restore`; `freeze` holds every byte (a Redis that stopped answering)."""

    def __init__(self) -> None:
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()

    async def restore(self) -> None:
        self._flowing.set()
        self._server = await asyncio.start_server(self._connect, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in self._writers:
            writer.close()
        self._writers.clear()
        await self._server.wait_closed()

    def freeze(self) -> None:
        self._flowing.clear()

    async def _connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", 6379)
        self._writers.update((writer, up_writer))
        await asyncio.gather(
            self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True
        )

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                await self._flowing.wait()
                sink.write(data)
                await sink.drain()
        finally:
            sink.close()


@contextlib.asynccontextmanager
async def relayed() -> AsyncIterator[Relay]:
    relay = Relay()
    await relay.restore()
    try:
        yield relay
    finally:
        relay._flowing.set()
        with contextlib.suppress(AssertionError):
            await relay.cut()


async def _waited(condition: Callable[[], bool], within_s: float) -> float:
    started = time.perf_counter()
    while not condition():
        elapsed = time.perf_counter() - started
        assert elapsed < within_s, f"not so after {elapsed:.1f} s"
        await asyncio.sleep(0.01)
    return time.perf_counter() - started


def _short_cache(b: Replica) -> bool:
    authenticator = b.app.state.authenticator
    return bool(authenticator.cache_seconds == SHORT_CACHE_SECONDS and not authenticator._tokens)


async def test_with_redis_unreachable_the_gateway_serves_with_a_short_cache(
    client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
) -> None:
    admin = await headers_for(client, stack, "admin")
    user = await make_user(stack, "wang", "staff")
    token = await sign_in(client, "wang")
    auth = {"Authorization": f"Bearer {token}"}
    with refusing_port() as closed:
        async with replica(stack, databases, closed.replace("http", "redis") + "/13") as b:
            assert (await b.http.get("/healthz")).status_code == 200
            assert await sign_in(b.http, "wang")  # its rate limits count in memory meanwhile
            assert await b.status(ME, auth) == 200
            assert not b.app.state.revocations.listening
            assert b.app.state.authenticator.cache_seconds == SHORT_CACHE_SECONDS
            cached_until = b.app.state.authenticator._tokens[token][2]
            assert cached_until <= time.time() + SHORT_CACHE_SECONDS
            url = f"/api/v1/auth/users/{user.id}/sign-out-everywhere"
            assert (await client.post(url, headers=admin)).status_code == 200
            took = await refused_within(lambda: b.status(ME, auth), SHORT_CACHE_SECONDS + 0.5)
            print(f"Redis unreachable: refused on B {took:.2f} s after the sign-out")


async def test_redis_going_away_and_coming_back(
    client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
) -> None:
    """Both replicas lose Redis: B must subscribe again, and A publish again (its pooled
    connection died with the relay's)."""
    async with fresh_redis(), relayed() as relay:
        url = f"redis://127.0.0.1:{relay.port}/13"
        async with replica(stack, databases, url) as a, replica(stack, databases, url) as b:
            await a.listening()
            await b.listening()
            admin = await headers_for(a.http, stack, "admin")
            user = await make_user(stack, "wang", "staff")
            auth = {"Authorization": f"Bearer {await sign_in(a.http, 'wang')}"}
            earlier = {"Authorization": f"Bearer {await sign_in(a.http, 'wang')}"}
            assert await b.status(ME, earlier) == 200
            assert (await a.http.post("/api/v1/auth/logout", headers=earlier)).status_code == 204
            await refused_within(lambda: b.status(ME, earlier), 1.0)  # A has published once
            assert await b.status(ME, auth) == 200

            await relay.cut()
            took = await _waited(lambda: _short_cache(b), 1.0)
            print(f"connection lost: B fell back to the short cache in {took * 1000:.0f} ms")
            assert await b.status(ME, auth) == 200  # serves, verifying against the database

            await relay.restore()
            await a.listening(within_s=10.0)
            await b.listening(within_s=10.0)
            assert b.app.state.authenticator.cache_seconds == 30.0
            assert await b.status(ME, auth) == 200
            url = f"/api/v1/auth/users/{user.id}/sign-out-everywhere"
            assert (await a.http.post(url, headers=admin)).status_code == 200
            took = await refused_within(lambda: b.status(ME, auth), 1.0)
            print(f"subscribed again: refused on B {took * 1000:.1f} ms after A answered")


async def test_redis_that_stops_answering_is_noticed(
    client: httpx.AsyncClient, stack: Stack, databases: SuiteDatabases
) -> None:
    async with fresh_redis(), relayed() as relay:
        async with replica(stack, databases, f"redis://127.0.0.1:{relay.port}/13") as b:
            await b.listening()
            await make_user(stack, "wang", "staff")
            auth = {"Authorization": f"Bearer {await sign_in(client, 'wang')}"}
            assert await b.status(ME, auth) == 200
            relay.freeze()
            heartbeat_s = b.app.state.revocations.heartbeat_s
            took = await _waited(lambda: _short_cache(b), 5 * heartbeat_s)
            print(f"Redis silent: B fell back to the short cache in {took:.1f} s")
            assert await b.status(ME, auth) == 200
