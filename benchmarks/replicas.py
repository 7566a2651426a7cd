"""Replicas: two of each service on PostgreSQL and Redis (events over Redis Streams, as the
Kubernetes manifests run them) behind HAProxy, in a cluster of their own beside the harness's
stack. It is the failover run of tests/deploy/test_failover.py, with a longer convergence
sample; the run's machinery lives there so that the test and the figures cannot drift apart.

- replica_convergence_ms: p99 of the time from a quarantine (or its release) answered by one
  registry replica to the other replica's gate verdict on that household changing (target
  < 2,000; each replica re-reads what changed every REGISTRY_GATE_STATE_POLL_S = 1 s).
- failover_lost_writes / failover_duplicate_writes: over a minute of mixed load (20 gate
  phones, residents, two partners, staff) while one replica of each service and then the
  relay's leader are killed with SIGKILL: answered writes not stored, events not consumed and
  webhook deliveries not received / anything stored, consumed or received twice (targets 0).
- failover_error_share: failed requests (503 problems, connections closed unanswered) over all
  requests, every one retried with its client id or Idempotency-Key until it went through.
- failover_relay_takeover_s: from the leader's death to another replica holding the relay.
"""

from __future__ import annotations

import asyncio
import uuid

from benchmarks.harness import SERVICES, Benchmark, Options, Outcome, Stack, Target
from benchmarks.postgres_stack import admin_url, execute, postgres_reachable

DURATION_S = 60.0
CONVERGENCE_SAMPLES = 40  # quarantines and releases: 80 lags
LOST = (
    "gate_logs_lost",
    "quarantines_lost",
    "orders_lost",
    "acceptances_lost",
    "household_events_not_consumed",
    "webhook_deliveries_not_received",
)
DOUBLED = (
    "gate_logs_doubled",
    "quarantines_doubled",
    "orders_doubled",
    "acceptances_doubled",
    "household_events_consumed_twice",
    "webhook_attempts_received_twice",
)


def run(_stack: Stack, _options: Options) -> Outcome:
    from tests.deploy.failover.run import run_failover  # the repository's own test machinery

    if not postgres_reachable():
        return Outcome({}, failures=["replicas run on PostgreSQL: none reachable"])
    label = f"shouhu_bench_replicas_{uuid.uuid4().hex[:8]}"
    base = admin_url().rsplit("/", 1)[0]
    urls = {s: f"{base}/{label}_{s}" for s in SERVICES}
    asyncio.run(execute(admin_url(), [f'CREATE DATABASE "{label}_{s}"' for s in SERVICES]))
    try:
        outcome = run_failover("redis", urls, DURATION_S, CONVERGENCE_SAMPLES)
    finally:
        drops = [f'DROP DATABASE IF EXISTS "{label}_{s}" WITH (FORCE)' for s in SERVICES]
        asyncio.run(execute(admin_url(), drops))
    values = outcome.counts.values
    metrics = {
        "replica_convergence_ms": outcome.percentile(0.99),
        "replica_convergence_p50_ms": outcome.percentile(0.50),
        "failover_lost_writes": float(sum(values[k] for k in LOST)),
        "failover_duplicate_writes": float(sum(values[k] for k in DOUBLED)),
        "failover_error_share": float(values["error_share"]),
        "failover_relay_takeover_s": float(values["relay_takeover_s"]),
    }
    failures = []
    if values["verdicts_disagreeing"] or values["errors_outside_kill_windows"]:
        failures.append("verdicts disagreed with quarantines, or errors outside the kill windows")
    notes = {"replicas": outcome.counts.report().replace("\n", "\n  ")}
    return Outcome(metrics, notes, failures)


BENCHMARK = Benchmark(
    name="replicas",
    description="two replicas of each service killed under load; convergence between replicas",
    run=run,
    targets={
        "replica_convergence_ms": Target("<", 2000.0),
        "failover_lost_writes": Target("<=", 0.0),
        "failover_duplicate_writes": Target("<=", 0.0),
    },
)
