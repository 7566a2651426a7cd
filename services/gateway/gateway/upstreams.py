"""A service's replicas as the gateway knows them: one or more base URLs, taken in turn.

`GATEWAY_REGISTRY_URL` and `GATEWAY_SUPPLIES_URL` take a comma-separated list. Each request
starts at the next address (round robin); an address that refused or dropped a connection is
set aside for `DOWN_FOR_S` and tried only when every other one is down too. The gateway moves a
request on to the next address only when nothing was sent (the connection never opened) or when
the request is safe to repeat (GET); a write whose connection broke after it went out is
answered 503 "outcome unknown", and the client's retry with the same client id or
Idempotency-Key lands on a live replica and makes no second record.

Why addresses in the gateway rather than a load balancer between it and the services: the
gateway already sees a replica die (the connect fails) and can send the same request elsewhere
at once, without a second proxy hop on every gate verdict. On Kubernetes give it the Service
name (one address; kube-proxy spreads the connections); on machines of your own, list the
replicas.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

DOWN_FOR_S = 2.0


def parse_upstream_urls(value: str) -> tuple[str, ...]:
    """`http://a:8001, http://b:8001` → the base URLs; raises ValueError on anything else."""
    urls = tuple(u.strip().rstrip("/") for u in value.split(",") if u.strip())
    if not urls:
        raise ValueError("at least one upstream URL is needed")
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{url!r} is not an http(s) base URL")
        if parts.query or parts.fragment:
            raise ValueError(f"{url!r}: a base URL has no query or fragment")
    if len(set(urls)) != len(urls):
        raise ValueError("an upstream URL is listed twice")
    return urls


class UpstreamAddresses:
    """The base URLs of one service's replicas, in the order a request should try them."""

    def __init__(self, urls: str | tuple[str, ...], *, down_for_s: float = DOWN_FOR_S) -> None:
        self.urls = parse_upstream_urls(urls) if isinstance(urls, str) else urls
        self._down_for_s = down_for_s
        self._down_until: dict[str, float] = {}
        self._turn: Iterator[int] = itertools.cycle(range(len(self.urls)))

    def __len__(self) -> int:
        return len(self.urls)

    def in_turn(self) -> list[str]:
        """Every address once: the live ones from the next in turn, then the ones set aside."""
        if len(self.urls) == 1:
            return list(self.urls)
        start = next(self._turn)
        ordered = self.urls[start:] + self.urls[:start]
        if not self._down_until:
            return list(ordered)
        now = time.monotonic()
        live = [u for u in ordered if self._down_until.get(u, 0.0) <= now]
        return live + [u for u in ordered if u not in live]

    def set_aside(self, url: str) -> None:
        self._down_until[url] = time.monotonic() + self._down_for_s

    def answered(self, url: str) -> None:
        if self._down_until:
            self._down_until.pop(url, None)
