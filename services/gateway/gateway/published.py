"""What the gateway forwards: only the operations the services publish in their OpenAPI.

A path that merely starts with a service's segment is not enough: `/api/v1/households/../../
metrics` starts with `households` and, normalised on the way, reached the registry's metrics;
an unrouted path reached a service's internal pages. Each service's published paths (the ones
its segment owns, as the public document shows them) are compiled into patterns once, read
again when a path misses and the table is older than `STALE_AFTER_S` (a service upgraded with a
new route), and a request is forwarded only when its method and path match one: an unknown path
is 404, a known path with another method 405 with `Allow`.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from gateway.clients.base import UpstreamClient
from gateway.routing import Upstream, owner_of
from shouhu_common.problems import NotFound, ProblemError, UpstreamUnavailable

STALE_AFTER_S = 10.0
_PARAMETER = re.compile(r"\\\{[^/]+?\\\}")


class RouteNotFound(NotFound):
    slug = "route-not-found"
    title_zh, title_en = "接口不存在", "No such API route"


class MethodNotAllowed(ProblemError):
    status, slug = 405, "method-not-allowed"
    title_zh, title_en = "不支持此请求方法", "Method not allowed"


def _pattern(template: str) -> re.Pattern[str]:
    """`/api/v1/passes/{pass_id}/qr.svg` → one path segment per parameter, nothing more."""
    return re.compile(_PARAMETER.sub("[^/]+", re.escape(template)) + r"\Z")


@dataclass
class _Table:
    routes: list[tuple[re.Pattern[str], frozenset[str]]] = field(default_factory=list)
    loaded_at: float = 0.0


class PublishedRoutes:
    def __init__(self, upstreams: Iterable[UpstreamClient]) -> None:
        self._upstreams = {u.name: u for u in upstreams}
        self._tables: dict[str, _Table] = {}
        self._lock = asyncio.Lock()

    async def _load(self, owner: Upstream) -> _Table:
        async with self._lock:
            try:
                document = await self._upstreams[owner].openapi()
            except ProblemError:  # down (503) or too slow (504), as forwarding would say
                raise
            except Exception as exc:  # answering garbage
                raise UpstreamUnavailable(f"the {owner} service's routes cannot be read") from exc
            table = _Table(loaded_at=time.monotonic())
            for path, operations in document.get("paths", {}).items():
                if owner_of(path) == owner:
                    methods = frozenset(m.upper() for m in operations)
                    table.routes.append((_pattern(path), methods))
            self._tables[owner] = table
            return table

    def _allowed(self, table: _Table, path: str) -> frozenset[str] | None:
        for pattern, methods in table.routes:
            if pattern.match(path):
                return methods
        return None

    async def check(self, owner: Upstream, method: str, path: str) -> None:
        """Returns when `method path` is a published operation of `owner`; else raises."""
        table = self._tables.get(owner) or await self._load(owner)
        allowed = self._allowed(table, path)
        if allowed is None and time.monotonic() - table.loaded_at > STALE_AFTER_S:
            allowed = self._allowed(await self._load(owner), path)
        if allowed is None:
            raise RouteNotFound(f"no API route at {path}")
        if method not in allowed and not (method == "HEAD" and "GET" in allowed):
            raise MethodNotAllowed(
                f"{path} takes {', '.join(sorted(allowed))}",
                headers={"Allow": ", ".join(sorted(allowed))},
            )

    def forget(self) -> None:
        self._tables.clear()
