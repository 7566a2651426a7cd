"""The mixed load of the failover run, through the load balancer as the real clients send it:
gate phones uploading offline logs in batches and asking for verdicts, residents placing orders,
partners polling their feed and accepting orders, staff starting and ending quarantines. Every
write carries its client id or Idempotency-Key, and a client that gets a 502/503/504 or loses
its connection sends the same request again, as the PWA and partner clients do. What each
actor was answered, and every failure with its time, is kept for the checks."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from tests.deploy.failover.scene import Scene

PHONES = 20
RETRY_FOR_S = 30.0
RETRY_PAUSE_S = 0.2
QUARANTINE_HOLD_S = 4.0


@dataclass
class Failure:
    sent: float
    answered: float
    actor: str
    path: str
    status: int | None  # None: the connection failed
    problem: bool  # answered application/problem+json
    error: str = ""  # what the connection's failure was


@dataclass
class QuarantineCycle:
    household_id: str
    client_id: str
    start_sent: float = 0.0
    started: float = 0.0  # when the start was answered (committed before)
    release_sent: float = float("inf")
    released: float = float("inf")  # when the release was answered


@dataclass
class Verdict:
    household_id: str
    sent: float
    answered: float
    verdict: str


@dataclass
class Record:
    failures: list[Failure] = field(default_factory=list)
    gate_logs: set[str] = field(default_factory=set)
    orders: dict[str, str] = field(default_factory=dict)  # Idempotency-Key → order id
    accepted: dict[str, str] = field(default_factory=dict)  # order id → Idempotency-Key
    cycles: list[QuarantineCycle] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    requests: int = 0


class Load:
    def __init__(self, base_url: str, scene: Scene, record: Record) -> None:
        self.base_url = base_url
        self.scene = scene
        self.record = record
        self.running = True

    async def send(
        self, http: httpx.AsyncClient, actor: str, method: str, path: str, **kwargs: object
    ) -> httpx.Response:
        """The same request until it is answered by the service, every failure recorded."""
        deadline = time.monotonic() + RETRY_FOR_S
        while True:
            sent = time.monotonic()
            self.record.requests += 1
            try:
                response = await http.request(method, path, **kwargs)  # type: ignore[arg-type]
            except httpx.TransportError as exc:
                self.record.failures.append(
                    Failure(sent, time.monotonic(), actor, path, None, False, repr(exc)[:200])
                )
            else:
                if response.status_code not in (502, 503, 504):
                    return response
                problem = response.headers.get("content-type") == "application/problem+json"
                self.record.failures.append(
                    Failure(sent, time.monotonic(), actor, path, response.status_code, problem)
                )
            assert time.monotonic() < deadline, f"{actor}: {method} {path} never got through"
            await asyncio.sleep(RETRY_PAUSE_S)

    async def run(self, duration_s: float) -> None:
        async with httpx.AsyncClient(base_url=self.base_url, timeout=30) as http:
            actors = [self.phone(http, n) for n in range(PHONES)]
            actors += [self.resident(http, n) for n in range(len(self.scene.residents))]
            actors += [self.partner(http, p) for p in self.scene.partner_keys]
            half = len(self.scene.cycled) // 2
            actors += [self.staff(http, 0, self.scene.cycled[:half])]
            actors += [self.staff(http, 1, self.scene.cycled[half:])]
            tasks = [asyncio.create_task(a) for a in actors]
            await asyncio.sleep(duration_s)
            self.running = False
            await asyncio.gather(*tasks)

    async def phone(self, http: httpx.AsyncClient, n: int) -> None:
        rng = random.Random(n)
        actor, auth = f"phone{n}", self.scene.volunteer
        while self.running:
            now = datetime.now(UTC).isoformat()
            logs = [
                {
                    "gate_id": self.scene.gate_id,
                    "token": rng.choice(self.scene.tokens),
                    "direction": rng.choice(("out", "in")),
                    "temperature": 36.5,
                    "mask": True,
                    "client_id": str(uuid.uuid4()),
                    "occurred_at": now,
                    "verdict": "allow",
                }
                for _ in range(5)
            ]
            path = "/api/v1/gate/logs:batch"
            answer = await self.send(http, actor, "POST", path, json={"logs": logs}, headers=auth)
            assert answer.status_code == 200, f"{actor}: {answer.status_code} {answer.text[:300]}"
            body = answer.json()
            assert not body["rejected"], body["rejected"]
            self.record.gate_logs.update(body["accepted"] + body["duplicates"])
            household_id, token = rng.choice(self.scene.cycled)
            sent = time.monotonic()
            check = {"gate_id": self.scene.gate_id, "token": token, "direction": "out"}
            verdict = await self.send(
                http, actor, "POST", "/api/v1/gate/verify", json=check, headers=auth
            )
            assert verdict.status_code == 200, verdict.text[:300]
            self.record.verdicts.append(
                Verdict(household_id, sent, time.monotonic(), verdict.json()["verdict"])
            )
            await asyncio.sleep(0.3)

    async def resident(self, http: httpx.AsyncClient, n: int) -> None:
        rng = random.Random(100 + n)
        household_id, auth = self.scene.residents[n]
        actor = f"resident{n}"
        while self.running:
            partner_id = rng.choice(list(self.scene.items))
            body = {
                "household_id": household_id,
                "partner_id": partner_id,
                "round_id": self.scene.round_id,
                "lines": [{"item_id": rng.choice(self.scene.items[partner_id]), "quantity": 1}],
            }
            key = str(uuid.uuid4())
            headers = {**auth, "Idempotency-Key": key}
            answer = await self.send(
                http, actor, "POST", "/api/v1/orders", json=body, headers=headers
            )
            assert answer.status_code in (200, 201), f"{actor}: {answer.text[:300]}"
            self.record.orders[key] = answer.json()["id"]
            await asyncio.sleep(1.0)

    async def partner(self, http: httpx.AsyncClient, partner_id: str) -> None:
        auth = {"X-API-Key": self.scene.partner_keys[partner_id]}
        actor, cursor = f"partner-{partner_id[:8]}", "0"
        while self.running:
            feed = await self.send(
                http, actor, "GET", "/api/v1/orders/feed", params={"after": cursor}, headers=auth
            )
            assert feed.status_code == 200, f"{actor}: {feed.text[:300]}"
            page = feed.json()
            cursor = page["next_cursor"]
            for order in page["items"]:
                if order["status"] != "placed" or order["id"] in self.record.accepted:
                    continue
                key = f"accept-{order['id']}"
                path = f"/api/v1/orders/{order['id']}/status"
                headers = {**auth, "Idempotency-Key": key}
                moved = await self.send(
                    http, actor, "POST", path, json={"status": "accepted"}, headers=headers
                )
                assert moved.status_code == 200, f"{actor}: {moved.text[:300]}"
                self.record.accepted[order["id"]] = key
            await asyncio.sleep(0.5)

    async def staff(
        self, http: httpx.AsyncClient, n: int, households: list[tuple[str, str]]
    ) -> None:
        actor, auth, turn = f"staff{n}", self.scene.staff, 0
        while self.running:
            household_id = households[turn % len(households)][0]
            turn += 1
            cycle = QuarantineCycle(household_id, str(uuid.uuid4()), time.monotonic())
            body = {
                "client_id": cycle.client_id,
                "household_id": household_id,
                "reason_code": "close_contact",
            }
            started = await self.send(
                http, actor, "POST", "/api/v1/quarantines", json=body, headers=auth
            )
            assert started.status_code in (200, 201), f"{actor}: {started.text[:300]}"
            cycle.started = time.monotonic()
            self.record.cycles.append(cycle)
            await asyncio.sleep(QUARANTINE_HOLD_S)
            cycle.release_sent = time.monotonic()
            path = f"/api/v1/quarantines/{started.json()['id']}/release"
            failures_before = len(self.record.failures)
            release = {"reason_code": "negative_results"}
            released = await self.send(http, actor, "POST", path, json=release, headers=auth)
            retried = any(
                f.actor == actor and f.path == path for f in self.record.failures[failures_before:]
            )
            # A retried release whose first attempt went through finds it released: done.
            assert released.status_code == 200 or (retried and released.status_code == 409), (
                f"{actor}: {released.status_code} {released.text[:300]}"
            )
            cycle.released = time.monotonic()
            await asyncio.sleep(1.0)
