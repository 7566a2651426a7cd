"""The gateway's edges against an attacker, over a real socket (an HTTP client library would
normalise the paths tried here before sending them): dot segments and their encodings never
reach a service, only the operations the services publish are forwarded, an upload is refused
before its body is read when the caller may not upload, a body that stops arriving is cut off,
and answers are compressed."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from shouhu_common.http_protocol import HeaderDeadlineProtocol
from tests.builders import headers_for
from tests.conftest import Stack
from tests.servers import served


async def raw_request(url: str, request: bytes, timeout_s: float = 10.0) -> tuple[int, bytes]:
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(request)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(65536), timeout_s)
    finally:
        writer.close()
    status = int(answer.split(b" ", 2)[1])
    return status, answer


def get(path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: shouhu.test", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/households/../../../metrics",
        "/api/v1/orders/../../../openapi.json",
        "/api/v1/orders/%2e%2e/%2e%2e/%2e%2e/metrics",
        "/api/v1/orders/%2E%2E%2F%2E%2E%2Fmetrics",
        "/api/v1/households/./../people",
        "/api/v1/households/..%5c..%5cmetrics",
        "/api/v1/gate/..",
    ],
)
async def test_dot_segments_never_reach_a_service(
    client: httpx.AsyncClient, stack: Stack, path: str
) -> None:
    staff = await headers_for(client, stack, "staff")
    async with served(stack.gateway) as url:
        status, answer = await raw_request(url, get(path, staff))
    assert status == 400, answer[:300]
    assert b"invalid-path" in answer
    assert b"# HELP" not in answer  # no metrics
    assert b'"paths"' not in answer  # no OpenAPI document


async def test_only_published_operations_are_forwarded(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    staff = await headers_for(client, stack, "staff")
    unpublished = await client.get("/api/v1/households/internal/secrets", headers=staff)
    assert unpublished.status_code in (404, 422)  # an id that is no id: never a service page
    for path in ("/api/v1/gate/metrics", "/api/v1/orders-internal", "/api/v1/passes/keys/x/y/z"):
        response = await client.get(path, headers=staff)
        assert response.status_code == 404, path
        assert response.json()["type"] == "/problems/route-not-found"
    wrong_method = await client.delete("/api/v1/communities", headers=staff)
    assert wrong_method.status_code == 405
    assert "GET" in wrong_method.headers["allow"]


async def test_an_upload_is_refused_before_its_body_when_the_caller_may_not_upload(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    resident_like = await headers_for(client, stack, "gate_volunteer")
    received = 0

    async def body():  # type: ignore[no-untyped-def]
        nonlocal received
        for _ in range(256):  # 16 MiB, were it all read
            received += 1
            yield b"x" * 65536

    response = await client.post(
        "/api/v1/imports/people",
        headers={**resident_like, "content-type": "multipart/form-data; boundary=x"},
        content=body(),
    )
    assert response.status_code == 403
    assert received < 8  # the gateway answered without reading the upload


async def test_a_body_that_stops_arriving_is_cut_off(
    client: httpx.AsyncClient, stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shouhu_common.middleware as middleware

    monkeypatch.setattr(middleware, "BODY_STALL_S", 0.5)
    staff = await headers_for(client, stack, "staff")
    head = (
        "POST /api/v1/notices HTTP/1.1\r\nHost: shouhu.test\r\nContent-Type: application/json\r\n"
        f"Authorization: {staff['Authorization']}\r\nContent-Length: 100\r\n\r\n"
    ).encode()
    async with served(stack.gateway) as url:
        status, answer = await raw_request(url, head + b'{"title": ', timeout_s=10)
    assert status == 408, answer[:300]


@pytest.mark.parametrize(
    "sent",
    [b"", b"GET /api/v1/auth/me HTTP/1.1\r\nHost: shouhu.test\r\nAuthoriz"],
    ids=["nothing", "half the headers"],
)
async def test_headers_that_do_not_arrive_in_time_end_the_connection(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, sent: bytes
) -> None:
    monkeypatch.setattr(HeaderDeadlineProtocol, "header_timeout_s", 0.5)
    async with served(stack.gateway) as url:
        started = asyncio.get_running_loop().time()
        status, answer = await raw_request(url, sent, timeout_s=10)
        waited = asyncio.get_running_loop().time() - started
    assert status == 408, answer[:300]
    assert b"application/problem+json" in answer
    assert waited < 5


async def test_the_header_deadline_ends_once_the_headers_are_in(
    client: httpx.AsyncClient, stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A body sent after the header deadline is still read (the body has its own, longer one)."""
    monkeypatch.setattr(HeaderDeadlineProtocol, "header_timeout_s", 0.3)
    staff = await headers_for(client, stack, "staff")
    body = b'{"title": 1}'
    head = (
        "POST /api/v1/notices HTTP/1.1\r\nHost: shouhu.test\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"Authorization: {staff['Authorization']}\r\nConnection: close\r\n\r\n"
    ).encode()
    async with served(stack.gateway) as url:
        host, port_text = url.removeprefix("http://").split(":")
        port = int(port_text)
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(head)
            await writer.drain()
            await asyncio.sleep(1.0)  # past the header deadline, well within the body's
            writer.write(body)
            await writer.drain()
            answer = await asyncio.wait_for(reader.read(65536), 10)
        finally:
            writer.close()
    assert int(answer.split(b" ", 2)[1]) == 422, answer[:300]  # read, and judged


async def test_answers_of_a_kilobyte_and_more_are_compressed(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    staff = await headers_for(client, stack, "staff")
    document = await client.get("/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert document.headers["content-encoding"] == "gzip"
    async with served(stack.gateway) as url:
        status, answer = await raw_request(
            url, get("/api/v1/auth/me", {**staff, "Accept-Encoding": "gzip"})
        )
    assert status == 200
    assert b"content-encoding: gzip" not in answer.lower()  # too small to be worth it
