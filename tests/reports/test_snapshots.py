"""Dashboard snapshots: computed once per community while fresh, an older one answered while the
next is computed, one computation for callers arriving together, failures not kept."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime

import pytest

from gateway.dashboard.schemas import Dashboard
from gateway.dashboard.snapshots import Snapshots


def _dashboard(n: int) -> Dashboard:
    return Dashboard(
        community_id=uuid.UUID(int=n),
        community_name=f"#{n}",
        date=date(2020, 2, 10),
        now=datetime(2020, 2, 10, tzinfo=UTC),
        time_zone="Asia/Shanghai",
        today=[],
        open_work=[],
        delivery_rounds=[],
        hours=[],
        unavailable=[],
    )


class Counter:
    def __init__(self, delay: float = 0.0) -> None:
        self.calls, self.delay = 0, delay

    async def __call__(self) -> Dashboard:
        self.calls += 1
        await asyncio.sleep(self.delay)
        return _dashboard(self.calls)


class TestSnapshots:
    async def test_fresh_snapshot_is_reused_per_community(self) -> None:
        snapshots, compute = Snapshots[Dashboard](fresh_s=60), Counter()
        a, b = uuid.uuid4(), uuid.uuid4()
        assert (await snapshots.get(a, compute)).community_name == "#1"
        assert (await snapshots.get(a, compute)).community_name == "#1"
        assert (await snapshots.get(b, compute)).community_name == "#2"
        assert compute.calls == 2

    async def test_callers_arriving_together_share_one_computation(self) -> None:
        snapshots, compute = Snapshots[Dashboard](fresh_s=60), Counter(delay=0.05)
        community = uuid.uuid4()
        answers = await asyncio.gather(*(snapshots.get(community, compute) for _ in range(10)))
        assert {a.community_name for a in answers} == {"#1"}
        assert compute.calls == 1

    async def test_an_old_snapshot_is_answered_while_the_next_is_computed(self) -> None:
        snapshots, compute = Snapshots[Dashboard](fresh_s=0.01, stale_s=60), Counter(delay=0.05)
        community = uuid.uuid4()
        await snapshots.get(community, compute)
        await asyncio.sleep(0.02)
        assert (await snapshots.get(community, compute)).community_name == "#1"  # no wait
        await asyncio.sleep(0.1)
        assert (await snapshots.get(community, compute)).community_name == "#2"

    async def test_a_failed_computation_is_not_kept(self) -> None:
        snapshots = Snapshots[Dashboard](fresh_s=60)
        community = uuid.uuid4()

        async def failing() -> Dashboard:
            raise RuntimeError("registry down")

        with pytest.raises(RuntimeError):
            await snapshots.get(community, failing)
        assert (await snapshots.get(community, Counter())).community_name == "#1"
