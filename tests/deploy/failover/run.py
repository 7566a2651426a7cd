"""The failover run as one call, for the test (tests/deploy/test_failover.py) and the benchmark
(benchmarks/replicas.py): start the cluster, measure how fast a quarantine made on one
registry replica reaches the other's gate verdicts, drive the load while replicas are killed,
and count what was lost, doubled or refused."""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
import uuid
from collections.abc import Generator
from dataclasses import dataclass, field

import httpx

from shouhu_common.identity import DEV_KEY, INTERNAL_HEADER, InternalTokenSigner, Principal, Role
from tests.deploy.failover.checks import (
    Counts,
    KillWindow,
    count,
    judge_failures,
    judge_verdicts,
    settle,
)
from tests.deploy.failover.cluster import Cluster, Replica
from tests.deploy.failover.load import Load, Record
from tests.deploy.failover.scene import Scene, WebhookReceiver, build_scene

DOWN_S = 3.0  # how long a killed replica stays down before it is started again


class Chaos:
    """Kills a replica of each service in turn, then the relay's leader, during the load."""

    def __init__(self, cluster: Cluster, started: float, duration_s: float) -> None:
        self.cluster = cluster
        self.started = started
        self.duration_s = duration_s
        self.windows: list[KillWindow] = []
        self.leader_takeover_s: float | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _at(self, share: float) -> None:
        time.sleep(max(0.0, self.started + share * self.duration_s - time.monotonic()))

    def _kill_and_restart(self, replica: Replica) -> None:
        window = KillWindow(replica.name, time.monotonic())
        self.windows.append(window)
        self.cluster.kill(replica)
        time.sleep(DOWN_S)
        self.cluster.restart(replica)
        window.ready = time.monotonic()

    def _run(self) -> None:
        try:
            for share, service in ((0.15, "registry"), (0.35, "supplies"), (0.55, "gateway")):
                self._at(share)
                self._kill_and_restart(self.cluster.replicas[service][0])
            self._at(0.75)
            leader = self.cluster.relay_leader()
            assert leader is not None, "no registry replica holds the relay's lock"
            killed = time.monotonic()
            window = KillWindow(f"relay leader {leader.name}", killed)
            self.windows.append(window)
            self.cluster.kill(leader)
            while (other := self.cluster.relay_leader()) is None or other is leader:
                assert time.monotonic() - killed < 30, "no replica took the relay over"
                time.sleep(0.05)
            self.leader_takeover_s = round(time.monotonic() - killed, 2)
            time.sleep(max(0.0, DOWN_S - self.leader_takeover_s))
            self.cluster.restart(leader)
            window.ready = time.monotonic()
        except BaseException as exc:  # reported by the caller, not lost in the thread
            self.error = exc


@dataclass
class Outcome:
    counts: Counts
    convergence_ms: list[float] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.convergence_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else -1.0


class _Internal(httpx.Auth):
    """The identity the gateway would sign for `principal` (lives 60 s: minted per request)."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self.signer = InternalTokenSigner(DEV_KEY)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[INTERNAL_HEADER] = self.signer.token_for(self.principal)
        yield request


def _principal(cluster: Cluster, auth: dict[str, str]) -> Principal:
    me = httpx.get(f"{cluster.url}/api/v1/auth/me", headers=auth, timeout=10).json()
    return Principal(
        subject=me["subject"],
        role=Role(me["role"]),
        community_ids=tuple(uuid.UUID(c) for c in me["community_ids"]),
        name=me["name"],
    )


def measure_convergence(cluster: Cluster, scene: Scene, samples: int) -> list[float]:
    """Milliseconds from a quarantine (or its release) answered by registry replica 1 to
    replica 2's verdict on the household's pass changing, each replica called directly."""
    first, second = (r.url for r in cluster.replicas["registry"])
    staff = _Internal(_principal(cluster, scene.staff))
    volunteer = _Internal(_principal(cluster, scene.volunteer))
    lags: list[float] = []
    with httpx.Client(timeout=10) as http:
        for n in range(samples):
            household_id, token = scene.cycled[n % len(scene.cycled)]
            check = {"gate_id": scene.gate_id, "token": token, "direction": "out"}
            body = {
                "client_id": str(uuid.uuid4()),
                "household_id": household_id,
                "reason_code": "close_contact",
            }
            started = http.post(f"{first}/api/v1/quarantines", json=body, auth=staff)
            assert started.status_code == 201, started.text[:300]
            lags.append(_until(http, f"{second}/api/v1/gate/verify", check, volunteer, "deny"))
            path = f"{first}/api/v1/quarantines/{started.json()['id']}/release"
            release = {"reason_code": "negative_results"}
            assert http.post(path, json=release, auth=staff).status_code == 200
            lags.append(_until(http, f"{second}/api/v1/gate/verify", check, volunteer, "allow"))
    return lags


def _until(
    http: httpx.Client, url: str, check: dict[str, str], auth: httpx.Auth, verdict: str
) -> float:
    committed = time.monotonic()
    while True:
        answer = http.post(url, json=check, auth=auth)
        assert answer.status_code == 200, answer.text[:300]
        if answer.json()["verdict"] == verdict:
            return round((time.monotonic() - committed) * 1000, 1)
        assert time.monotonic() - committed < 30, "the other replica never saw the change"
        time.sleep(0.01)


def run_failover(
    transport: str, database_urls: dict[str, str], duration_s: float, convergence_samples: int
) -> Outcome:
    cluster = Cluster(transport, database_urls)
    receiver = WebhookReceiver()
    try:
        cluster.start()
        scene = build_scene(cluster.url, receiver)
        lags = measure_convergence(cluster, scene, convergence_samples)
        record = Record()
        chaos = Chaos(cluster, time.monotonic(), duration_s)
        chaos.thread.start()
        asyncio.run(Load(cluster.url, scene, record).run(duration_s))
        chaos.thread.join(timeout=120)
        assert chaos.error is None, f"chaos: {chaos.error!r}"
        asyncio.run(settle(database_urls))
        counts = asyncio.run(count(database_urls, record, receiver.received))
        judge_verdicts(record, counts)
        judge_failures(record, chaos.windows, counts)
        counts.values["relay_takeover_s"] = chaos.leader_takeover_s or -1
        if lags:
            counts.values["convergence_median_ms"] = statistics.median(lags)
        return Outcome(counts, lags)
    finally:
        cluster.stop()
        receiver.close()
