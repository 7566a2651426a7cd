"""Gate phones' polls of their offline bundle answered 304 by the gateway itself.

Every gate phone polls `GET /api/v1/gate/bundle?community_id=…&since=…` with the ETag of the
bundle it holds (50,000 phones once a minute: ~830 a second), and nearly every poll finds it
unchanged. The registry answers those 304 without a database read, but forwarding one still costs
the gateway most of a proxied request's CPU and the registry a FastAPI request. So the gateway
remembers the ETag the registry last gave (with a 200 or a 304) for a path and query and a caller
scope, and for `fresh_s` (GATEWAY_BUNDLE_FRESH_S, 1 s) after the request that learned it was sent
answers a poll naming that tag 304 itself. The registry then sees at most one revalidation per
community, `since` and scope a second from each gateway replica, and a change reaches a phone at
most `fresh_s` later than it would have.

The caller is authenticated and the path checked first, as for any forwarded request (FastProxy
calls this after those steps). The scope is the caller's role and communities: all that the
registry's authorization of this route and its answer depend on. A tag is only learned from an
answer the registry gave to a caller of that same scope for that same path and query, so a 304
goes only to a caller the registry would have answered 200; another community's caller, or one
whose role may not read bundles, finds no entry and is forwarded (and refused there). Per
replica, in memory, at most `max_entries` entries (the oldest learned dropped first).
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import Counter
from starlette.types import Scope

from shouhu_common.etags import none_match
from shouhu_common.identity import Principal

CACHED_PATHS = frozenset({"/api/v1/gate/bundle"})
MAX_ENTRIES = 20_000
_REMEMBERED = (b"etag", b"cache-control")

ANSWERED = Counter(
    "shouhu_gateway_bundle_not_modified_total",
    "Offline bundle polls answered 304 by the gateway without forwarding",
)

Headers = list[tuple[bytes, bytes]]
_Key = tuple[str, bytes, str, tuple[Any, ...]]


class BundleCache:
    def __init__(self, fresh_s: float = 1.0, max_entries: int = MAX_ENTRIES) -> None:
        self.fresh_s = fresh_s
        self.max_entries = max_entries
        # key → (ETag, headers of a 304, perf_counter() when the request that learned it was sent)
        self._entries: dict[_Key, tuple[str, Headers, float]] = {}

    @staticmethod
    def _key(scope: Scope, principal: Principal) -> _Key | None:
        if scope["method"] != "GET" or scope["path"] not in CACHED_PATHS:
            return None
        return (scope["path"], scope["query_string"], principal.role, principal.community_ids)

    def not_modified(self, scope: Scope, principal: Principal) -> Headers | None:
        """The headers of a 304 when the caller's `If-None-Match` names the tag the registry gave
        this path, query and scope less than `fresh_s` ago; else None (forward the request)."""
        key = self._key(scope, principal)
        entry = self._entries.get(key) if key is not None else None
        if entry is None or time.perf_counter() - entry[2] >= self.fresh_s:
            return None
        if_none_match = next((v for k, v in scope["headers"] if k == b"if-none-match"), None)
        if if_none_match is None or not none_match(if_none_match.decode("latin-1"), entry[0]):
            return None
        ANSWERED.inc()
        return entry[1]

    def learn(
        self, scope: Scope, principal: Principal, status: int, headers: Headers, sent_at: float
    ) -> None:
        """Remembers the registry's answer to a request sent at `sent_at` (perf_counter());
        an answer other than 200 or 304 with an ETag forgets what was known."""
        key = self._key(scope, principal)
        if key is None or self.fresh_s <= 0:
            return
        kept = [(k, v) for k, v in headers if k in _REMEMBERED]
        etag = next((v for k, v in kept if k == b"etag"), None)
        known = self._entries.pop(key, None)
        if status not in (200, 304) or etag is None:
            return
        if known is not None and known[2] > sent_at:
            # a request sent later was answered first: its tag is the newer one
            self._entries[key] = known
            return
        self._entries[key] = (etag.decode("latin-1"), kept, sent_at)
        if len(self._entries) > self.max_entries:
            del self._entries[next(iter(self._entries))]

    def clear(self) -> None:
        self._entries.clear()
