"""The real thing: three uvicorn processes on their own ports and databases, the demo loaded by
the services' own CLIs, used through the gateway as a person would; then one service stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from shouhu_common.demo_ids import DEMO_PARTNERS
from shouhu_common.http_protocol import UVICORN_HTTP
from tests.databases import POOL_SIZE, SERVICES, SuiteDatabases

pytestmark = pytest.mark.processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Running:
    ports: dict[str, int]
    processes: dict[str, subprocess.Popen[bytes]]

    def url(self, service: str = "gateway") -> str:
        return f"http://127.0.0.1:{self.ports[service]}"


def uvicorn_command(service: str, port: int) -> list[str]:
    """A service's process as the deployment starts it (docker-compose.yml, scripts/run.py)."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        f"{service}.main:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--http",
        UVICORN_HTTP,
    ]


def wait_until_ready(url: str, timeout_s: float = 90.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not become ready")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    dbs = SuiteDatabases(tmp_path_factory.mktemp("e2e"), "e2e")
    ports = {s: free_port() for s in SERVICES}
    env = {
        **os.environ,
        "GATEWAY_REGISTRY_URL": f"http://127.0.0.1:{ports['registry']}",
        "GATEWAY_SUPPLIES_URL": f"http://127.0.0.1:{ports['supplies']}",
        "GATEWAY_UPSTREAM_TIMEOUT_S": "3",
    }
    for service in SERVICES:
        prefix = service.upper()
        env[f"{prefix}_DATABASE_URL"] = dbs.urls[service]
        env[f"{prefix}_DATABASE_POOL_SIZE"] = POOL_SIZE
        env[f"{prefix}_ACCESS_LOG"] = "false"
    for service in SERVICES:
        subprocess.run(
            [sys.executable, "-m", f"{service}.cli", "seed-demo"],
            env=env,
            check=True,
            capture_output=True,
        )
    processes = {
        service: subprocess.Popen(
            uvicorn_command(service, ports[service]),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for service in SERVICES
    }
    try:
        wait_until_ready(f"http://127.0.0.1:{ports['gateway']}")
        yield Running(ports, processes)
    finally:
        for p in processes.values():
            p.terminate()
        for p in processes.values():
            p.wait(timeout=10)
        dbs.drop()


def staff_token(base: str) -> str:
    response = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": "staff", "password": "shouhu2020"}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


class TestRunningSystem:
    def test_demo_login_reads_households(self, running: Running) -> None:
        auth = {"Authorization": f"Bearer {staff_token(running.url())}"}
        page = httpx.get(f"{running.url()}/api/v1/households?limit=5", headers=auth).json()
        assert page["total"] == 600
        assert page["items"][0]["address"].startswith("东苑 1栋")

    def test_demo_partner_key_works_on_partner_routes_only(self, running: Running) -> None:
        key = {"X-API-Key": DEMO_PARTNERS[0][3]}
        me = httpx.get(f"{running.url()}/api/v1/partners/me", headers=key)
        assert me.json()["name"] == DEMO_PARTNERS[0][1]
        assert httpx.get(f"{running.url()}/api/v1/households", headers=key).status_code == 403

    def test_demo_resident_code(self, running: Running) -> None:
        token = httpx.post(
            f"{running.url()}/api/v1/auth/resident-token", json={"access_code": "DEMO-0001"}
        )
        assert token.status_code == 200
        assert token.json()["role"] == "resident"

    def test_service_ports_refuse_direct_calls(self, running: Running) -> None:
        for service, path in (("registry", "/api/v1/households"), ("supplies", "/api/v1/partners")):
            response = httpx.get(f"{running.url(service)}{path}")
            assert response.status_code == 401
            assert response.headers["content-type"] == "application/problem+json"

    def test_zz_a_stopped_service_is_503_and_the_other_keeps_working(
        self, running: Running
    ) -> None:
        auth = {"Authorization": f"Bearer {staff_token(running.url())}"}
        running.processes["supplies"].terminate()
        running.processes["supplies"].wait(timeout=10)
        started = time.monotonic()
        down = httpx.get(f"{running.url()}/api/v1/partners", headers=auth, timeout=10)
        assert down.status_code == 503
        assert time.monotonic() - started < 3.5
        assert httpx.get(f"{running.url()}/api/v1/households", headers=auth).status_code == 200
        ready = httpx.get(f"{running.url()}/readyz")
        assert ready.status_code == 503
        assert ready.json()["not_ready"] == ["supplies"]
