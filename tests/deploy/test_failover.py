"""Two replicas of every service on PostgreSQL and Redis, HAProxy in front of the gateways, a
minute of mixed load (tests/deploy/failover/load.py), and meanwhile one replica of each service
killed with SIGKILL and started again, then the relay's leader: afterwards nothing answered is
lost or doubled, events and webhooks arrive once, gate verdicts agree with quarantines older
than 2 s, and the only errors were 503 problems (or a keep-alive connection closed unanswered,
which is how HAProxy tells a client to retry) inside the kill windows. Once with events over
HTTP (the embedded default) and once over Redis Streams (what the Kubernetes manifests use).
`SHOUHU_FAILOVER_S` sets the load's length (default 60 s)."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

import pytest

from tests.databases import SuiteDatabases, backend
from tests.deploy.failover.checks import (
    KillWindow,
    count,
    judge_failures,
    judge_verdicts,
    settle,
)
from tests.deploy.failover.cluster import Cluster, Replica
from tests.deploy.failover.load import Load, Record
from tests.deploy.failover.scene import WebhookReceiver, build_scene

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(backend() != "postgres", reason="replicas run on PostgreSQL only"),
]
DURATION_S = float(os.environ.get("SHOUHU_FAILOVER_S", "60"))
DOWN_S = 3.0  # how long a killed replica stays down before it is started again


class Chaos:
    """Kills a replica of each service in turn, then the relay's leader, during the load."""

    def __init__(self, cluster: Cluster, started: float) -> None:
        self.cluster = cluster
        self.started = started
        self.windows: list[KillWindow] = []
        self.leader_takeover_s: float | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _at(self, share: float) -> None:
        time.sleep(max(0.0, self.started + share * DURATION_S - time.monotonic()))

    def _kill_and_restart(self, replica: Replica, what: str) -> None:
        window = KillWindow(what, time.monotonic())
        self.windows.append(window)
        self.cluster.kill(replica)
        time.sleep(DOWN_S)
        self.cluster.restart(replica)
        window.ready = time.monotonic()

    def _run(self) -> None:
        try:
            for share, service in ((0.15, "registry"), (0.35, "supplies"), (0.55, "gateway")):
                self._at(share)
                self._kill_and_restart(self.cluster.replicas[service][0], f"{service}1")
            self._at(0.75)
            leader = self.cluster.relay_leader()
            assert leader is not None, "no registry replica holds the relay's lock"
            killed = time.monotonic()
            window = KillWindow(f"relay leader {leader.name}", killed)
            self.windows.append(window)
            self.cluster.kill(leader)
            while (other := self.cluster.relay_leader()) is None or other is leader:
                assert time.monotonic() - killed < 30, "no replica took the relay over"
                time.sleep(0.1)
            self.leader_takeover_s = round(time.monotonic() - killed, 2)
            time.sleep(max(0.0, DOWN_S - self.leader_takeover_s))
            self.cluster.restart(leader)
            window.ready = time.monotonic()
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.error = exc


@pytest.mark.parametrize("transport", ["http", "redis"])
def test_killed_replicas_lose_and_double_nothing(transport: str, tmp_path: Path) -> None:
    databases = SuiteDatabases(tmp_path, f"failover_{transport}")
    cluster = Cluster(transport, databases)
    receiver = WebhookReceiver()
    try:
        cluster.start()
        scene = build_scene(cluster.url, receiver)
        record = Record()
        chaos = Chaos(cluster, time.monotonic())
        chaos.thread.start()
        asyncio.run(Load(cluster.url, scene, record).run(DURATION_S))
        chaos.thread.join(timeout=120)
        assert chaos.error is None, f"chaos: {chaos.error!r}"
        asyncio.run(settle(databases.urls))
        counts = asyncio.run(count(databases.urls, record, receiver.received))
        judge_verdicts(record, counts)
        judge_failures(record, chaos.windows, counts)
        counts.values["relay_takeover_s"] = chaos.leader_takeover_s or -1
        print(f"\n[{transport}] {counts.report()}")
    finally:
        cluster.stop()
        receiver.close()
        databases.drop()
    v = counts.values
    for name in (
        "gate_logs_answered",
        "orders_answered",
        "household_events",
        "acceptances_answered",
        "webhook_deliveries",
        "verdicts_checked_against_quarantine",
    ):
        assert v[name] > 0, f"{name}: the load did not do its work\n{counts.report()}"
    for name in (
        "gate_logs_lost",
        "gate_logs_doubled",
        "quarantines_lost",
        "quarantines_doubled",
        "orders_lost",
        "orders_doubled",
        "acceptances_lost",
        "acceptances_doubled",
        "household_events_not_consumed",
        "household_events_consumed_twice",
        "webhook_deliveries_not_received",
        "webhook_attempts_received_twice",
        "verdicts_disagreeing",
        "errors_outside_kill_windows",
        "errors_of_other_kinds",
    ):
        assert v[name] == 0, f"{name} = {v[name]}\n{counts.report()}"
    assert 0 <= v["relay_takeover_s"] < 10
