"""Processes beside the stack, and what they cost: a uvicorn app started for one benchmark (the
bare yardstick endpoint, a second gateway in front of it), and CPU per request of given processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from benchmarks.harness import HOST, BenchmarkError, free_port, http_get
from benchmarks.loadgen import LoadResult
from shouhu_common.http_protocol import UVICORN_HTTP

START_TIMEOUT_S = 60.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 where /proc is missing)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuPerRequest:
    """CPU per request of each process: what a busy machine does not distort (wrk and the
    database are not counted)."""

    def __init__(self, pids: Mapping[str, int]) -> None:
        self.pids = dict(pids)
        self.used = dict.fromkeys(pids, 0.0)
        self.requests = 0

    def measure(self, run: Callable[[], LoadResult]) -> LoadResult:
        before = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        result = run()
        for name, pid in self.pids.items():
            self.used[name] += cpu_seconds(pid) - before[name]
        self.requests += result.requests
        return result

    def per_request_us(self) -> dict[str, int]:
        n = max(1, self.requests)
        return {name: round(used / n * 1e6) for name, used in self.used.items()}


class UvicornApp:
    """`with UvicornApp("benchmarks.bare_app:app", ready_path="/ping") as app:` — one uvicorn
    process on a free 127.0.0.1 port, with the services' options (uvloop, httptools, no access
    log), ready when `ready_path` answers; stopped on exit."""

    def __init__(
        self,
        target: str,
        *,
        ready_path: str,
        factory: bool = False,
        env: Mapping[str, str] | None = None,
        log: Path | None = None,
    ) -> None:
        self.target = target
        self.ready_path = ready_path
        self.factory = factory
        self.env = dict(env) if env is not None else None
        self.log = log
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, path: str = "") -> str:
        return f"http://{HOST}:{self.port}{path}"

    @property
    def pid(self) -> int:
        assert self.process is not None, "not started"
        return self.process.pid

    def __enter__(self) -> UvicornApp:
        command = [sys.executable, "-m", "uvicorn", self.target]
        command += ["--factory"] if self.factory else []
        command += ["--host", HOST, "--port", str(self.port), "--no-access-log"]
        command += ["--loop", "uvloop", "--http", UVICORN_HTTP, "--log-level", "warning"]
        out = self.log.open("ab") if self.log is not None else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(
                command,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT if self.log is not None else None,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            if self.log is not None and not isinstance(out, int):
                out.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchmarkError(f"{self.target} exited with {self.process.returncode}")
            try:
                http_get(self.url(self.ready_path), timeout=2)
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise BenchmarkError(f"{self.target} did not start in {START_TIMEOUT_S:.0f} s")

    def __exit__(self, *_: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
