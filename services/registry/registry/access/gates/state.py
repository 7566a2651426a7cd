"""What a gate verdict needs, held in memory per community and kept fresh from the database.

Each replica loads a community on its first gate request (passes, household addresses and
statuses, gates and their volunteers, keys, rules). It then polls, every `gate_state_poll_s`, the
communities' pass state versions (bumped in the same transaction as every pass, key, rule or gate
change, whichever replica made it), their quota versions (bumped by every exit counted) and the
households that are not `normal` (quarantine is set by its own domain). Changes made through
this replica are applied at once after their commit. So a verdict costs no database read, and
with several replicas a change is seen everywhere within one poll interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import structlog
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry.access.gate_rules.rules import RuleSnapshot
from registry.access.gates import negatives as negative_tests
from registry.access.gates import state_repository as loading
from registry.access.gates.negatives import Negatives
from registry.access.passes.keys import load_public_point
from registry.access.passes.models import PassStatus
from registry.access.passes.tokens import MalformedToken, PassClaims, signature_valid, split_token

log = structlog.get_logger("registry.access.gates.state")
UNKNOWN_KID_TTL_S = 30.0


@dataclass(slots=True)
class PassEntry:
    id: uuid.UUID
    community_id: uuid.UUID
    household_id: uuid.UUID
    person_id: uuid.UUID | None
    number: str
    status: PassStatus
    reason: str
    valid_from: datetime
    valid_until: datetime
    pass_version: int
    state_version: int  # the community version that last changed it (`since` in the bundle)


@dataclass(frozen=True, slots=True)
class KeyEntry:
    kid: int
    community_id: uuid.UUID
    public_key: ec.EllipticCurvePublicKey
    point: bytes
    retired_at: datetime | None
    verify_until: datetime | None


@dataclass(slots=True)
class CommunityState:
    community_id: uuid.UUID
    zone: ZoneInfo
    version: int = -1
    quota_version: int = 0  # GateQuotaVersion as last seen: bumped by every exit counted
    rule: RuleSnapshot = field(default_factory=RuleSnapshot)
    passes: dict[uuid.UUID, PassEntry] = field(default_factory=dict)
    by_number: dict[str, PassEntry] = field(default_factory=dict)
    addresses: dict[uuid.UUID, str] = field(default_factory=dict)
    closed_households: dict[uuid.UUID, str] = field(default_factory=dict)
    negatives: Negatives = negative_tests.NONE  # loaded while the rule negative_within_hours is set
    gates: dict[uuid.UUID, frozenset[str]] = field(default_factory=dict)
    # (subject, window) → {gate log client id: quota slot} of the exits taken, including those
    # reserved by requests not committed yet. Keyed by client id so that a retried or duplicated
    # upload of the same exit is judged like the first one, not as a second exit.
    quota: dict[tuple[uuid.UUID, int], dict[uuid.UUID, int]] = field(default_factory=dict)
    # what the offline bundle's ETag remembers between requests (bundle.py)
    bundle_memo: dict[object, object] = field(default_factory=dict)

    def saw_quota_version(self, version: int | None) -> None:
        """A version read by the poll or left by a commit of this replica: they only grow."""
        if version is not None and version > self.quota_version:
            self.quota_version = version

    def put_pass(self, entry: PassEntry) -> None:
        old = self.passes.get(entry.id)
        if old is not None and old.number != entry.number:
            self.by_number.pop(old.number, None)
        self.passes[entry.id] = entry
        self.by_number[entry.number] = entry


class GateStates:
    """Every community's gate state in this replica, with the poller that refreshes it."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], poll_s: float) -> None:
        self._sessionmaker = sessionmaker
        self._poll_s = poll_s
        self._communities: dict[uuid.UUID, CommunityState] = {}
        self._loading: dict[uuid.UUID, asyncio.Future[CommunityState | None]] = {}
        self._keys: dict[int, KeyEntry] = {}
        self._gate_owner: dict[uuid.UUID, uuid.UUID] = {}
        self._verified: dict[str, PassClaims] = {}  # tokens whose signature checked out
        self._unknown_kids: dict[int, float] = {}
        self._task: asyncio.Task[None] | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        if self._poll_s > 0:
            self._task = asyncio.create_task(self._poll_forever(), name="gate-state-poll")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _poll_forever(self) -> None:
        while True:
            await asyncio.sleep(self._poll_s)
            try:
                await self.refresh()
            except Exception:  # a database hiccup must not end the poller
                log.exception("gate_state_poll_failed")

    # -- reads ----------------------------------------------------------------------------------

    async def community(self, community_id: uuid.UUID) -> CommunityState | None:
        """The community's state, loaded on first use; None when there is no such community."""
        state = self._communities.get(community_id)
        if state is not None:
            return state
        pending = self._loading.get(community_id)
        if pending is not None:
            return await pending
        future: asyncio.Future[CommunityState | None] = asyncio.get_running_loop().create_future()
        self._loading[community_id] = future
        try:
            state = await self._load(community_id)
            if state is not None:
                self._communities[community_id] = state
            future.set_result(state)
            return state
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody waits
            raise
        finally:
            del self._loading[community_id]

    async def key(self, kid: int) -> KeyEntry | None:
        """Any community's key (a token from another community must say so, not "forged")."""
        entry = self._keys.get(kid)
        if entry is not None:
            return entry
        missed = self._unknown_kids.get(kid)
        if missed is not None and missed > time.monotonic():
            return None
        async with self._sessionmaker() as session:
            rows = await loading.keys(session, kids=[kid])
        self._put_keys(rows)
        if kid not in self._keys:
            if len(self._unknown_kids) > 10_000:
                self._unknown_kids.clear()
            self._unknown_kids[kid] = time.monotonic() + UNKNOWN_KID_TTL_S
        return self._keys.get(kid)

    async def community_of_gate(self, gate_id: uuid.UUID) -> uuid.UUID | None:
        owner = self._gate_owner.get(gate_id)
        if owner is None:
            async with self._sessionmaker() as session:
                owner = await loading.community_of_gate(session, gate_id)
            if owner is not None:
                self._gate_owner[gate_id] = owner
        return owner

    async def signed_claims(self, token: str) -> tuple[PassClaims, KeyEntry] | None:
        """The token's claims and the key that signed them; None when it is malformed, signed by
        no key we know, or its signature does not verify. Decoding and ECDSA verification cost
        ~0.15 ms and a card is scanned daily, so the claims of good tokens are remembered."""
        claims = self._verified.get(token)
        if claims is not None:
            key = await self.key(claims.kid)
            return None if key is None else (claims, key)
        try:
            claims, payload, signature = split_token(token)
        except MalformedToken:
            return None
        key = await self.key(claims.kid)
        if key is None or not signature_valid(key.public_key, payload, signature):
            return None
        if len(self._verified) > 100_000:
            self._verified.clear()
        self._verified[token] = claims
        return claims, key

    async def community_of_number(self, number: str) -> uuid.UUID | None:
        async with self._sessionmaker() as session:
            return await loading.community_of_pass_number(session, number)

    # -- loading and refreshing -----------------------------------------------------------------

    def _put_keys(self, rows: Iterable[loading.KeyRow]) -> None:
        for row in rows:
            self._keys[row.kid] = KeyEntry(
                kid=row.kid,
                community_id=row.community_id,
                public_key=load_public_point(row.public_key),
                point=row.public_key,
                retired_at=row.retired_at,
                verify_until=row.verify_until,
            )
            self._unknown_kids.pop(row.kid, None)

    async def _load(self, community_id: uuid.UUID) -> CommunityState | None:
        async with self._sessionmaker() as session:
            zone_name = await loading.community_zone(session, community_id)
            if zone_name is None:
                return None
            state = CommunityState(community_id, ZoneInfo(zone_name))
            await self._reload(session, state, full=True)
            state.addresses = await loading.addresses(session, community_id)
            closed = await loading.closed_households(session, [community_id])
            state.closed_households = closed.get(community_id, {})
            state.quota = await loading.quota_holders(session, community_id)
            state.saw_quota_version(
                (await loading.quota_versions(session, [community_id])).get(community_id)
            )
        return state

    async def _reload(self, session: AsyncSession, state: CommunityState, *, full: bool) -> None:
        """Passes changed since the loaded version (all of them when `full`), rules, gates, keys."""
        version = await loading.state_version(session, state.community_id)
        since = -1 if full else state.version
        changed = await loading.passes(session, state.community_id, since)
        rule = await loading.rule(session, state.community_id)
        negatives = negative_tests.NONE
        if rule.negative_within_hours is not None:
            negatives = await negative_tests.load(
                session, state.community_id, rule.negative_within_hours, datetime.now(UTC)
            )
        gates = await loading.gates(session, state.community_id)
        keys = await loading.keys(session, community_id=state.community_id)
        missing = [p.household_id for p in changed if p.household_id not in state.addresses]
        extra = await loading.addresses(session, state.community_id, missing) if missing else {}
        # apply in one go: nothing awaits from here on, so no request sees half an update
        for entry in changed:
            state.put_pass(entry)
        state.addresses.update(extra)
        state.rule, state.gates, state.version = rule, gates, max(version, state.version)
        state.negatives = negatives
        self._gate_owner.update((gate_id, state.community_id) for gate_id in gates)
        self._put_keys(keys)

    async def refresh_community(self, community_id: uuid.UUID) -> None:
        """After a change committed through this replica: apply it now, not at the next poll."""
        state = self._communities.get(community_id)
        if state is None:
            return
        async with self._sessionmaker() as session:
            await self._reload(session, state, full=False)
            closed = await loading.closed_households(session, [community_id])
        state.closed_households = closed.get(community_id, {})

    def community_keys(self, community_id: uuid.UUID) -> list[KeyEntry]:
        return [k for k in self._keys.values() if k.community_id == community_id]

    def forget(self, community_id: uuid.UUID) -> None:
        """Drops the community's state (its health data was purged, quota slots included): the
        next request loads it afresh."""
        self._communities.pop(community_id, None)

    def clear(self) -> None:
        """Forgets everything held (the test suite empties the database between tests)."""
        self._communities.clear()
        self._keys.clear()
        self._gate_owner.clear()
        self._verified.clear()
        self._unknown_kids.clear()

    async def refresh(self) -> None:
        """One poll: versions and non-normal households of every loaded community."""
        ids = list(self._communities)
        if not ids:
            return
        async with self._sessionmaker() as session:
            versions = await loading.state_versions(session, ids)
            for community_id, version in versions.items():
                state = self._communities[community_id]
                if version > state.version:
                    await self._reload(session, state, full=False)
            closed = await loading.closed_households(session, ids)
            quota_versions = await loading.quota_versions(session, ids)
        for community_id in ids:
            state = self._communities[community_id]
            state.closed_households = closed.get(community_id, {})
            state.saw_quota_version(quota_versions.get(community_id))
