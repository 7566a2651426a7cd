"""The offline bundle a gate phone judges with (keys, rules, revoked and suspended passes with a
version, quarantined households, this quota window's use), in full or as the changes since a
version, and its ETag.

Identifiers in the bundle are the 16 UUID bytes in base64url (22 characters): the phone compares
them with the bytes of the pass and household ids inside a scanned token.

Phones poll the bundle every few minutes and almost always find it unchanged, so the ETag is made
from the in-memory gate state (state.py) without reading the database, and a phone that sends the
one it holds is answered 304 for the price of a few dictionary reads. The tag covers everything
the body is made of: the community and `since` asked, the pass state version (every pass, key,
rule or gate change), the quota version (every exit counted, on any replica), the timezone, the
rule, the quarantined households, the quota window of the moment, and how many of the passes and
keys the body would list have run out by now (the body leaves out what has expired). It is weak,
`W/"…"`: `generated_at`, the moment the body was read, differs between two answers that are
otherwise the same; the PWA keeps the `generated_at` of the bundle it stored, as exits uploaded
after it must still be counted on the phone.

The body is read from the database after the tag is computed. The state follows the database
(changes reach it after their commit, within one poll from other replicas) and never runs ahead of
it, so a body is never older than its tag; a change the state had not seen yet changes the tag
later, and the phone fetches again.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from registry.access.gates import repository
from registry.access.gates.errors import CommunityNotFound
from registry.access.gates.state import CommunityState, GateStates
from registry.access.passes import repository as pass_repository
from registry.access.passes.key_service import b64url
from registry.access.passes.models import PassStatus
from registry.access.passes.versions import current_version
from shouhu_common.identity import Principal

FORMAT = 2  # bump when the body's shape changes: tags made before then must not match
MEMO_MAX = 64  # `since` values remembered per community


def compact_id(value: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(value.bytes).decode("ascii").rstrip("=")


async def community_state(
    states: GateStates, principal: Principal, community_id: uuid.UUID
) -> CommunityState:
    if not principal.in_community(community_id):
        raise CommunityNotFound()
    state = await states.community(community_id)
    if state is None:
        raise CommunityNotFound()
    return state


def etag(states: GateStates, state: CommunityState, since: int | None, now: datetime) -> str:
    rule = state.rule
    parts = (
        FORMAT,
        state.community_id.hex,
        since,
        state.version,
        state.quota_version,
        state.zone.key,
        repr(rule),
        rule.quota_window(now.astimezone(state.zone)),
        _closed_digest(state),
        bisect.bisect_right(_deadlines(states, state, since), now),
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=9).digest()
    tag = base64.urlsafe_b64encode(digest).decode("ascii")
    return f'W/"{state.version}-{state.quota_version}-{tag}"'


def _closed_digest(state: CommunityState) -> bytes:
    """The quarantined households' digest, made again only when the poll replaced them."""
    closed = state.closed_households
    memo = state.bundle_memo.get("closed")
    if isinstance(memo, tuple) and memo[0] is closed:
        digest: bytes = memo[1]
        return digest
    digest = hashlib.blake2b(b"".join(sorted(h.bytes for h in closed)), digest_size=9).digest()
    state.bundle_memo["closed"] = (closed, digest)
    return digest


def _deadlines(states: GateStates, state: CommunityState, since: int | None) -> list[datetime]:
    """When each pass and key the body would list stops being listed, ascending: the `valid_until`
    of the passes not active (in full) or changed after `since`, the `verify_until` of the
    retired keys. Made again when the state changes."""
    seen = (state.version, len(state.passes))
    memo = state.bundle_memo.get(since)
    if isinstance(memo, tuple) and memo[0] == seen:
        found: list[datetime] = memo[1]
        return found
    ends = [
        p.valid_until
        for p in state.passes.values()
        if (p.status != PassStatus.active if since is None else p.state_version > since)
    ]
    ends += [
        k.verify_until
        for k in states.community_keys(state.community_id)
        if k.retired_at is not None and k.verify_until is not None
    ]
    ends.sort()
    if len(state.bundle_memo) > MEMO_MAX:
        state.bundle_memo.clear()
    state.bundle_memo[since] = (seen, ends)
    return ends


def _latest_negatives(state: CommunityState) -> dict[str, str]:
    seen = (state.version, len(state.passes), id(state.negatives))
    memo = state.bundle_memo.get("negatives")
    if isinstance(memo, tuple) and memo[0] == seen:
        found: dict[str, str] = memo[1]
        return found
    latest: dict[str, str] = {}
    for p in state.passes.values():
        at = state.negatives.latest(p.household_id, p.person_id)
        if at is not None and p.status == PassStatus.active:
            latest[compact_id(p.id)] = at.isoformat()
    state.bundle_memo["negatives"] = (seen, latest)
    return latest


async def read_bundle(
    session: AsyncSession, state: CommunityState, since: int | None, now: datetime
) -> dict[str, Any]:
    community_id = state.community_id
    version = await current_version(session, community_id)
    rule = state.rule
    keys = await pass_repository.published_keys(session, [community_id], now)
    window = rule.quota_window(now.astimezone(state.zone))
    statuses = await repository.pass_statuses(session, community_id, since, now)
    bundle: dict[str, Any] = {
        "community_id": str(community_id),
        "version": version,
        "since": since,
        "generated_at": now.isoformat(),
        "timezone": state.zone.key,
        "rules": {
            "fever_threshold": rule.fever_threshold,
            "mask_required": rule.mask_required,
            "quota_scope": rule.quota_scope.value,
            "quota_exits": rule.quota_exits,
            "quota_period_days": rule.quota_period_days,
            "curfew_start": rule.curfew_start.strftime("%H:%M") if rule.curfew_start else None,
            "curfew_end": rule.curfew_end.strftime("%H:%M") if rule.curfew_end else None,
            "refuse_quarantined": rule.refuse_quarantined,
            "negative_within_hours": rule.negative_within_hours,
            "text": rule.text(),
        },
        # pass → when its latest negative was sampled (its person's; for a household pass the
        # oldest of its expected members'); a pass not listed has none. Only with the rule set.
        "latest_negatives": _latest_negatives(state) if rule.negative_within_hours else {},
        "keys": [
            {
                "kid": k.kid,
                "alg": "ES256",
                "public_key": b64url(k.public_key),
                "verify_until": k.verify_until.isoformat() if k.verify_until else None,
            }
            for k in keys
        ],
        "quarantined_households": [
            compact_id(h) for h in await repository.closed_household_ids(session, community_id)
        ],
        "quota": {
            "window": window,
            "next_window_at": rule.window_end(window, state.zone).isoformat(),
            "used": {
                compact_id(s): n
                for s, n in await repository.quota_used(session, community_id, window)
            },
        },
    }
    if since is None:
        bundle["revoked"] = [compact_id(i) for i, s, _ in statuses if s == "revoked"]
        bundle["suspended"] = [compact_id(i) for i, s, _ in statuses if s == "suspended"]
    else:
        bundle["changes"] = [{"id": compact_id(i), "status": str(s)} for i, s, _ in statuses]
    return bundle
