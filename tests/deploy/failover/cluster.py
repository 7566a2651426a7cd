"""Two replicas of every service as real uvicorn processes on PostgreSQL and Redis, with Debian's
HAProxy (deploy/haproxy/haproxy.cfg) in front of the gateways: what a sub-district runs on
machines of its own, on one machine. Replicas can be killed (SIGKILL) and started again."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import redis

from tests.databases import POOL_SIZE, SERVICES
from tests.e2e.test_processes import free_port, uvicorn_command
from tests.system_packages import debian_program

ROOT = Path(__file__).resolve().parents[3]
HAPROXY_DIR = ROOT / "deploy" / "haproxy"
LOG_DIR = ROOT / "test-output" / "failover-logs"
REDIS_URL = os.environ.get("SHOUHU_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")


@dataclass
class Replica:
    service: str
    index: int
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def name(self) -> str:
        return f"{self.service}{self.index + 1}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    transport: str  # the events transport: "http" or "redis"
    database_urls: dict[str, str]  # one PostgreSQL database per service
    replicas: dict[str, list[Replica]] = field(default_factory=dict)
    lb_port: int = 0
    haproxy: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.lb_port}"

    def addresses(self, service: str) -> str:
        return ",".join(r.url for r in self.replicas[service])

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        for service in SERVICES:
            prefix = service.upper()
            env[f"{prefix}_DATABASE_URL"] = self.database_urls[service]
            env[f"{prefix}_DATABASE_POOL_SIZE"] = POOL_SIZE
            env[f"{prefix}_ACCESS_LOG"] = "false"
            env[f"{prefix}_EVENT_TRANSPORT"] = self.transport
            env[f"{prefix}_EVENT_REDIS_URL"] = REDIS_URL
            env[f"{prefix}_EVENT_POLL_INTERVAL_S"] = "0.5"
            env[f"{prefix}_EVENT_MAX_BACKOFF_S"] = "2"
        env["GATEWAY_REGISTRY_URL"] = self.addresses("registry")
        env["GATEWAY_SUPPLIES_URL"] = self.addresses("supplies")
        env["GATEWAY_REDIS_URL"] = REDIS_URL
        env["GATEWAY_LOGIN_RATE_PER_IP"] = "100000/minute"
        env["GATEWAY_LOGIN_RATE_PER_ACCOUNT"] = "100000/minute"
        env["REGISTRY_EVENT_SUBSCRIBERS"] = (
            "" if self.transport == "redis" else f"supplies={self.addresses('supplies')}"
        ).replace(",", "|")
        return env

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        redis.Redis.from_url(REDIS_URL).flushdb()
        self.replicas = {s: [Replica(s, i, free_port()) for i in range(2)] for s in SERVICES}
        self.lb_port = free_port()
        env = self.env()
        with ThreadPoolExecutor(len(SERVICES)) as pool:  # each service owns its database
            list(pool.map(lambda service: _migrate_and_seed(service, env), SERVICES))
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        for service in SERVICES:
            for replica in self.replicas[service]:
                self.launch(replica)
        for service in SERVICES:
            for replica in self.replicas[service]:
                self.wait_ready(replica)
        gateways = self.replicas["gateway"]
        log = (LOG_DIR / f"haproxy-{self.transport}.log").open("wb")
        self.haproxy = subprocess.Popen(
            [debian_program("haproxy"), "-f", str(HAPROXY_DIR / "haproxy.cfg")],
            env={
                "PATH": os.environ.get("PATH", ""),
                "SHOUHU_HAPROXY_DIR": str(HAPROXY_DIR),
                "SHOUHU_LB_BIND": f"127.0.0.1:{self.lb_port}",
                "SHOUHU_GATEWAY_1": f"127.0.0.1:{gateways[0].port}",
                "SHOUHU_GATEWAY_2": f"127.0.0.1:{gateways[1].port}",
            },
            stdout=log,
            stderr=log,
        )
        self.wait_url(f"{self.url}/readyz")

    def stop(self) -> None:
        processes = [r.process for rs in self.replicas.values() for r in rs] + [self.haproxy]
        for process in processes:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in processes:
            if process is not None:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()

    def launch(self, replica: Replica) -> None:
        log = (LOG_DIR / f"{self.transport}-{replica.name}.log").open("ab")
        command = uvicorn_command(replica.service, replica.port)
        replica.process = subprocess.Popen(command, env=self.env(), stdout=log, stderr=log)

    def wait_ready(self, replica: Replica) -> None:
        # A gateway's plain /readyz asks the services, which may be the ones being restarted.
        self.wait_url(
            replica.url + ("/readyz?scope=self" if replica.service == "gateway" else "/readyz")
        )

    def wait_url(self, url: str, timeout_s: float = 90.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.haproxy is not None and self.haproxy.poll() is not None:
                raise AssertionError(f"haproxy exited: see {LOG_DIR}")
            try:
                if httpx.get(url, timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"{url} did not become ready")

    def kill(self, replica: Replica) -> None:
        assert replica.process is not None
        replica.process.send_signal(signal.SIGKILL)
        replica.process.wait(timeout=10)

    def restart(self, replica: Replica) -> None:
        self.launch(replica)
        self.wait_ready(replica)

    # -- who leads the relay ----------------------------------------------------------------------

    def relay_leader(self) -> Replica | None:
        """The registry replica holding the relay's advisory lock: the database session that
        holds it names its client port; the replica whose socket has that port is the leader."""
        port = asyncio.run(self._lock_holder_port())
        if port is None:
            return None
        for replica in self.replicas["registry"]:
            if replica.process is not None and port in _local_ports(replica.process.pid):
                return replica
        return None

    async def _lock_holder_port(self) -> int | None:
        url = self.database_urls["registry"].replace("postgresql+asyncpg://", "postgresql://")
        conn = await asyncpg.connect(url)
        try:
            row = await conn.fetchrow(
                "SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()"
            )
        finally:
            await conn.close()
        return int(row["client_port"]) if row is not None else None


def _migrate_and_seed(service: str, env: dict[str, str]) -> None:
    for command in ("migrate", "seed-demo"):
        done = subprocess.run(
            [sys.executable, "-m", f"{service}.cli", command], env=env, capture_output=True
        )
        assert done.returncode == 0, f"{service} {command}: {done.stderr.decode()[-1000:]}"


def _local_ports(pid: int) -> set[int]:
    """Local TCP ports of a process's sockets, from /proc (no psutil needed)."""
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports
