"""The stack under test: a throw-away data folder, the demo community, and the three services as
real uvicorn processes on free 127.0.0.1 ports. Always stopped on exit, errors and Ctrl-C.

Also the small types every benchmark shares (`Options`, `Target`, `Benchmark`).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Literal

from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, DEMO_PASSWORD_DEFAULT
from shouhu_common.http_protocol import UVICORN_HTTP
from shouhu_common.identity import DEV_KEY, InternalTokenSigner, Principal, Role

if TYPE_CHECKING:
    from benchmarks.credentials import Credentials

HOST = "127.0.0.1"
SERVICES = ("registry", "supplies", "gateway")
# Settings that could point a benchmark at a real database or shared store: never inherited.
ISOLATED_SUFFIXES = ("_DATABASE_URL", "_DATA_DIR", "_REDIS_URL")
READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


class BenchmarkError(RuntimeError):
    """The stack or a measurement went wrong; the message says what."""


@dataclass(frozen=True)
class Options:
    duration_s: float = 8.0
    warmup_s: float = 2.0
    connections: int = 32
    open_loop_share: float = 0.6
    generator: Literal["auto", "wrk", "python"] = "auto"
    access_log: bool = True
    # per phase, for other processes to leave the CPUs alone: on a machine shared all day a
    # longer wait seldom ends quiet, and nine phases of 60 s were a third of the 30-minute run
    quiet_wait_s: float = 10.0


@dataclass(frozen=True)
class Target:
    """`value <op> threshold` must hold, e.g. Target(">=", 0.40)."""

    op: Literal[">=", ">", "<=", "<"]
    threshold: float

    def met(self, value: float) -> bool:
        return {
            ">=": value >= self.threshold,
            ">": value > self.threshold,
            "<=": value <= self.threshold,
            "<": value < self.threshold,
        }[self.op]

    def __str__(self) -> str:
        return (
            f"{'≥' if self.op == '>=' else '≤' if self.op == '<=' else self.op} {self.threshold:g}"
        )


@dataclass
class Outcome:
    """What a benchmark hands back: flat metrics, notes for the printed report only, and what
    failed on the way (a benchmark with failures fails the run; its figures are still kept)."""

    metrics: dict[str, float]
    notes: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Benchmark:
    name: str
    description: str
    run: Callable[[Stack, Options], Outcome]
    targets: Mapping[str, Target] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def http_get(url: str, headers: Mapping[str, str] | None = None, timeout: float = 5.0) -> bytes:
    assert url.startswith(f"http://{HOST}:"), f"benchmarks only call {HOST}: {url}"
    request = urllib.request.Request(url, headers=dict(headers or {}))
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body: bytes = response.read()
        return body


def _jiffies(pid: int) -> int:
    """utime + stime of one process, in clock ticks (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


class CpuMeter:
    """How busy the machine was, and how much of it was not us (other users' tests, builds…):
    the benchmark numbers mean little when the share of foreign CPU is high. Linux /proc only."""

    def __init__(self, pids: Mapping[str, int]) -> None:
        self.pids = dict(pids)
        self.tick = os.sysconf("SC_CLK_TCK")

    def _sample(self) -> tuple[float, float, float]:
        try:
            cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        except OSError:
            return 0.0, 0.0, 0.0
        values = [int(v) for v in cpu[:8]]
        busy = sum(values) - values[3] - values[4]  # minus idle and iowait
        times = os.times()
        ours = sum(_jiffies(p) for p in self.pids.values()) / self.tick
        ours += times.user + times.system + times.children_user + times.children_system
        return busy / self.tick, ours, time.monotonic()

    def __enter__(self) -> CpuMeter:
        self._start = self._sample()
        return self

    def __exit__(self, *_: object) -> None:
        end = self._sample()
        wall = end[2] - self._start[2]
        cores = os.cpu_count() or 1
        self.busy_share = (end[0] - self._start[0]) / (wall * cores) if wall else 0.0
        foreign = (end[0] - self._start[0]) - (end[1] - self._start[1])
        self.foreign_share = max(0.0, foreign / (wall * cores)) if wall else 0.0


def wait_for_quiet(pids: Mapping[str, int], max_wait_s: float, limit: float = 0.05) -> float:
    """Waits (at most `max_wait_s`) until other processes use under `limit` of the CPUs for 2 s;
    returns the last share seen. Shared machines: someone's test run skews every number."""
    deadline = time.monotonic() + max_wait_s
    while True:
        with CpuMeter(pids) as meter:
            time.sleep(2.0)
        if meter.foreign_share < limit or time.monotonic() >= deadline:
            return meter.foreign_share


def _raise_interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


class Stack:
    """`with Stack(options) as stack:` — migrated, seeded, started and ready; stopped on exit."""

    def __init__(self, *, access_log: bool = True, keep_data: bool = False) -> None:
        self.access_log = access_log
        self.keep_data = keep_data
        self.data_dir = Path(tempfile.mkdtemp(prefix="shouhu-bench-"))
        self.ports = {name: free_port() for name in SERVICES}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._accounts: dict[str, Credentials] = {}

    # -- URLs and credentials -------------------------------------------------------------------

    def url(self, service: str, path: str = "") -> str:
        return f"http://{HOST}:{self.ports[service]}{path}"

    @property
    def community_path(self) -> str:
        return f"/api/v1/communities/{DEMO_COMMUNITY_ID}"

    def internal_token(self) -> str:
        """A freshly minted internal identity (lives 60 s): mint one per measurement phase."""
        principal = Principal(
            subject="user:bench", role=Role.staff, community_ids=(DEMO_COMMUNITY_ID,), name="bench"
        )
        return InternalTokenSigner(DEV_KEY).token_for(principal)

    def account(self, username: str = "staff", password: str | None = None) -> Credentials:
        """A signed-in account on this stack's gateway, kept for the stack's life: its token is
        refreshed (or the account signs in again) whenever a phase asks for its headers.
        Demo accounts share the demo password."""
        from benchmarks.credentials import Credentials  # it imports this module

        known = self._accounts.get(username)
        if known is None or (password is not None and known.password != password):
            demo = os.environ.get("SHOUHU_DEMO_PASSWORD") or DEMO_PASSWORD_DEFAULT
            known = Credentials(self.url("gateway"), username, password or demo)
            self._accounts[username] = known
        return known

    # -- lifecycle ------------------------------------------------------------------------------

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not (
                k.startswith(("REGISTRY_", "SUPPLIES_", "GATEWAY_"))
                and k.endswith(ISOLATED_SUFFIXES)
            )
        }
        for name in SERVICES:
            prefix = name.upper()
            env[f"{prefix}_DATA_DIR"] = str(self.data_dir)
            env[f"{prefix}_ACCESS_LOG"] = "true" if self.access_log else "false"
        env["GATEWAY_REGISTRY_URL"] = self.url("registry")
        env["GATEWAY_SUPPLIES_URL"] = self.url("supplies")
        return env

    def __enter__(self) -> Stack:
        self._old_term = signal.signal(signal.SIGTERM, _raise_interrupt)
        try:
            self.prepare()
            self.start()
            self.wait_ready()
        except BaseException as exc:
            if not isinstance(exc, KeyboardInterrupt):
                self.print_logs()
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None and not isinstance(exc, KeyboardInterrupt):
            self.print_logs()
        self.stop()

    def print_logs(self) -> None:
        for name in self.processes:
            print(f"--- {name} log (tail) ---\n{self.log_tail(name)}", file=sys.stderr)

    def prepare(self) -> None:
        """migrate + seed-demo for the three services (in parallel: they own separate files)."""
        env = self.env()

        def one(name: str) -> None:
            for command in ("migrate", "seed-demo"):
                done = subprocess.run(
                    [sys.executable, "-m", f"{name}.cli", command],
                    env=env,
                    capture_output=True,
                    timeout=180,
                )
                if done.returncode != 0:
                    raise BenchmarkError(
                        f"{name}.cli {command} failed ({done.returncode}):\n"
                        + done.stderr.decode(errors="replace")[-2000:]
                    )

        with ThreadPoolExecutor(len(SERVICES)) as pool:
            for future in [pool.submit(one, name) for name in SERVICES]:
                future.result()

    def start(self) -> None:
        env = self.env()
        for name in SERVICES:
            log = (self.data_dir / f"{name}.log").open("wb")
            self.processes[name] = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    f"{name}.main:create_app",
                    "--factory",
                    "--host",
                    HOST,
                    "--port",
                    str(self.ports[name]),
                    "--no-access-log",
                    "--loop",
                    "uvloop",
                    "--http",
                    UVICORN_HTTP,
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # the terminal's Ctrl-C reaches us; we stop them
            )
            log.close()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise BenchmarkError(
                        f"{name} exited with {process.returncode}:\n{self.log_tail(name)}"
                    )
            try:
                http_get(self.url("gateway", "/readyz"), timeout=2)
                return
            except (OSError, urllib.error.HTTPError):
                time.sleep(0.3)
        raise BenchmarkError(f"the gateway was not ready in {READY_TIMEOUT_S:.0f} s")

    def log_tail(self, name: str, chars: int = 2000) -> str:
        path = self.data_dir / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else "(no log)"

    def pids(self) -> dict[str, int]:
        return {name: p.pid for name, p in self.processes.items()}

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes.values():
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT_S)
        self.processes.clear()
        if hasattr(self, "_old_term"):
            signal.signal(signal.SIGTERM, self._old_term)
        if self.keep_data:
            print(f"data and service logs kept in {self.data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(self.data_dir, ignore_errors=True)
