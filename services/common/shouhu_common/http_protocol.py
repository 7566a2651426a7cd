"""The HTTP protocol every service runs under uvicorn: httptools' own, with a deadline on the
request line and headers.

uvicorn times out only an idle kept-alive connection; a client that connects and sends nothing,
or sends its headers a byte at a time, holds a connection (and a file descriptor) for ever, and a
few hundred such clients starve a gateway (slowloris). Here every request's headers must be
complete `SHOUHU_HEADER_TIMEOUT_S` seconds (10 by default) after its first byte, or after the
connection opened; otherwise the client gets a 408 and the connection is closed. The body has its
own deadline, per chunk, in `middleware.RequestContextMiddleware`.

Run with `uvicorn --http shouhu_common.http_protocol:HeaderDeadlineProtocol` (scripts/run.py,
the Dockerfile and docker-compose.yml do).
"""

from __future__ import annotations

import asyncio
import os

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

UVICORN_HTTP = "shouhu_common.http_protocol:HeaderDeadlineProtocol"  # uvicorn's --http value
HEADER_TIMEOUT_S = float(os.environ.get("SHOUHU_HEADER_TIMEOUT_S", "10"))

_PROBLEM = orjson.dumps(
    {
        "type": "/problems/request-timeout",
        "title": "请求头发送超时 / The request headers were not sent in time",
        "status": 408,
        "detail": f"send the request's headers within {HEADER_TIMEOUT_S:g} s",
    }
)
_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\n"
    b"content-type: application/problem+json\r\n"
    b"content-length: " + str(len(_PROBLEM)).encode() + b"\r\n"
    b"connection: close\r\n\r\n" + _PROBLEM
)


class HeaderDeadlineProtocol(HttpToolsProtocol):
    header_timeout_s = HEADER_TIMEOUT_S

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._header_deadline: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def _arm(self) -> None:
        if self._header_deadline is None:
            self._header_deadline = self.loop.call_later(self.header_timeout_s, self._too_slow)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _too_slow(self) -> None:
        self._header_deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            self._arm()  # a pipelined request waits behind an answer still being written
            return
        self.transport.write(_ANSWER)
        self.transport.close()
