"""Two replicas of every service on PostgreSQL and Redis, HAProxy in front of the gateways, a
minute of mixed load (tests/deploy/failover/load.py), and meanwhile one replica of each service
killed with SIGKILL and started again, then the relay's leader: afterwards nothing answered is
lost or doubled, events and webhooks arrive once, gate verdicts agree with quarantines older
than 2 s, and the only errors were 503 problems (or a keep-alive connection closed unanswered,
which is how HAProxy tells a client to retry) inside the kill windows. Once with events over
HTTP (the embedded default) and once over Redis Streams (what the Kubernetes manifests use).
`SHOUHU_FAILOVER_S` sets the load's length (default 60 s)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.databases import SuiteDatabases, backend
from tests.deploy.failover.checks import CONVERGENCE_S
from tests.deploy.failover.run import run_failover

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(backend() != "postgres", reason="replicas run on PostgreSQL only"),
]
DURATION_S = float(os.environ.get("SHOUHU_FAILOVER_S", "60"))


@pytest.mark.parametrize("transport", ["http", "redis"])
def test_killed_replicas_lose_and_double_nothing(transport: str, tmp_path: Path) -> None:
    databases = SuiteDatabases(tmp_path, f"failover_{transport}")
    try:
        outcome = run_failover(transport, databases.urls, DURATION_S, convergence_samples=6)
    finally:
        databases.drop()
    counts = outcome.counts
    print(f"\n[{transport}] {counts.report()}")
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
    assert max(outcome.convergence_ms) < CONVERGENCE_S * 1000, outcome.convergence_ms
