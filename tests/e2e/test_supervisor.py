"""`make run` supervises its three services: one killed is started again while the others keep
serving, and the console says which died and when it is back (scripts/run.py)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.databases import POOL_SIZE, SERVICES, SuiteDatabases
from tests.e2e.test_processes import free_port

pytestmark = pytest.mark.processes
REPO = Path(__file__).resolve().parents[2]


class Console:
    """The supervisor's output, line by line, read on a thread."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._process = process
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self.lines.append(line.rstrip())

    def wait_for(self, pattern: str, timeout_s: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for line in self.lines:
                if found := re.search(pattern, line):
                    return found
            time.sleep(0.2)
        raise AssertionError(f"no line like {pattern!r} in:\n" + "\n".join(self.lines[-30:]))


def test_a_killed_service_is_restarted_and_the_others_keep_serving(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    dbs = SuiteDatabases(tmp_path_factory.mktemp("supervised"), "supervised")
    ports = {s: free_port() for s in SERVICES}
    env = {
        **os.environ,
        "SHOUHU_PORT": str(ports["gateway"]),
        "SHOUHU_REGISTRY_PORT": str(ports["registry"]),
        "SHOUHU_SUPPLIES_PORT": str(ports["supplies"]),
        "PYTHONUNBUFFERED": "1",
    }
    for service in SERVICES:
        env[f"{service.upper()}_DATABASE_URL"] = dbs.urls[service]
        env[f"{service.upper()}_DATABASE_POOL_SIZE"] = POOL_SIZE
        env[f"{service.upper()}_ACCESS_LOG"] = "false"
    supervisor = subprocess.Popen(
        [sys.executable, str(REPO / "scripts" / "run.py")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    console = Console(supervisor)
    try:
        console.wait_for(r"Shouhu is running", timeout_s=180)
        pid = int(console.wait_for(r"supplies started \(pid (\d+)", timeout_s=1).group(1))
        os.kill(pid, signal.SIGKILL)
        console.wait_for(r"supplies died \(exit code -9\); restarting", timeout_s=10)
        registry = f"http://127.0.0.1:{ports['registry']}/readyz"
        assert httpx.get(registry, timeout=5).status_code == 200  # the others keep serving
        gateway = f"http://127.0.0.1:{ports['gateway']}/healthz"
        assert httpx.get(gateway, timeout=5).status_code == 200
        console.wait_for(r"supplies is back", timeout_s=60)
        supplies = f"http://127.0.0.1:{ports['supplies']}/readyz"
        assert httpx.get(supplies, timeout=5).status_code == 200
    finally:
        supervisor.send_signal(signal.SIGINT)
        try:
            supervisor.wait(timeout=30)
        except subprocess.TimeoutExpired:
            supervisor.kill()
        dbs.drop()
    assert supervisor.returncode == 0
