"""`make run`: migrate, load the demo when empty, start registry, supplies and gateway (one uvicorn
process each, on 127.0.0.1), print the URL and the demo logins, and stop all three on Ctrl-C.

It supervises them: a service that dies is started again with its own command and environment
while the others keep serving, and the console says which one died, when, and when it is back.
A service that keeps dying is restarted less and less often (1 s, 2 s, 4 s … at most 30 s)."""

from __future__ import annotations

import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.request

HOST = os.environ.get("SHOUHU_HOST", "127.0.0.1")
GATEWAY_PORT = int(os.environ.get("SHOUHU_PORT", "8000"))
REGISTRY_PORT = int(os.environ.get("SHOUHU_REGISTRY_PORT", str(GATEWAY_PORT + 1)))
SUPPLIES_PORT = int(os.environ.get("SHOUHU_SUPPLIES_PORT", str(GATEWAY_PORT + 2)))
SERVICES = (("registry", REGISTRY_PORT), ("supplies", SUPPLIES_PORT), ("gateway", GATEWAY_PORT))
# HTTPS for the gateway (phones need it for the camera off localhost): see docs/guides/pwa.md.
TLS_CERT = os.environ.get("SHOUHU_TLS_CERT", "")
TLS_KEY = os.environ.get("SHOUHU_TLS_KEY", "")
SCHEME = "https" if TLS_CERT and TLS_KEY else "http"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("GATEWAY_REGISTRY_URL", f"http://127.0.0.1:{REGISTRY_PORT}")
    env.setdefault("GATEWAY_SUPPLIES_URL", f"http://127.0.0.1:{SUPPLIES_PORT}")
    # The registry's outbox relay delivers household events to supplies (POST /internal/events).
    env.setdefault("REGISTRY_EVENT_SUBSCRIBERS", f"supplies=http://127.0.0.1:{SUPPLIES_PORT}")
    env.setdefault("REGISTRY_PUBLIC_BASE_URL", f"http://{HOST}:{GATEWAY_PORT}")
    return env


def prepare(env: dict[str, str]) -> None:
    for name, _ in SERVICES:
        for command in ("migrate", "seed-demo"):
            subprocess.run([sys.executable, "-m", f"{name}.cli", command], env=env, check=True)


def command(name: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        f"{name}.main:create_app",
        "--factory",
        "--host",
        HOST if name == "gateway" else "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--loop",
        "uvloop",
        "--http",
        "shouhu_common.http_protocol:HeaderDeadlineProtocol",
        *(
            ["--ssl-certfile", TLS_CERT, "--ssl-keyfile", TLS_KEY]
            if name == "gateway" and SCHEME == "https"
            else []
        ),
    ]


def launch(name: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command(name, port),
        env=env,
        start_new_session=True,  # Ctrl-C reaches only us; we stop them gracefully
    )
    say(f"{name} started (pid {process.pid}, port {port})")
    return process


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _unverified() -> ssl.SSLContext | None:
    """Our own readiness probe of our own (often self-signed) certificate."""
    return ssl._create_unverified_context() if SCHEME == "https" else None


def ready(port: int, scheme: str = "http") -> bool:
    try:
        url = f"{scheme}://127.0.0.1:{port}/readyz"
        context = _unverified() if scheme == "https" else None
        with urllib.request.urlopen(url, timeout=2, context=context) as r:
            return bool(r.status == 200)
    except OSError:
        return False


def wait_ready(timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if ready(GATEWAY_PORT, SCHEME):
            return True
        time.sleep(0.3)
    return False


class Supervised:
    """One service: restarted when it dies, with a growing pause while it keeps dying."""

    def __init__(self, name: str, port: int, env: dict[str, str]) -> None:
        self.name, self.port, self.env = name, port, env
        self.process = launch(name, port, env)
        self.pause = 1.0
        self.restart_at: float | None = None
        self.back_pending = False

    def check(self, now: float) -> None:
        if self.restart_at is None and self.process.poll() is not None:
            say(f"{self.name} died (exit code {self.process.returncode}); restarting it in "
                f"{self.pause:.0f} s, the others keep serving")  # fmt: skip
            self.restart_at = now + self.pause
            self.pause = min(self.pause * 2, 30.0)
        elif self.restart_at is not None and now >= self.restart_at:
            self.process = launch(self.name, self.port, self.env)
            self.restart_at, self.back_pending = None, True
        elif self.back_pending and self.process.poll() is None:
            scheme = SCHEME if self.name == "gateway" else "http"
            if ready(self.port, scheme):
                say(f"{self.name} is back")
                self.back_pending = False
                self.pause = 1.0


BANNER = """
  守护 Shouhu is running: {scheme}://{host}:{port}/   (API docs: {scheme}://{host}:{port}/docs)

  Demo logins (password: {password}):
    admin    管理员            staff    社区工作人员
    grid1    网格员            gate1    卡口志愿者        officer  街道干部
  Residents: household access codes DEMO-0001 … DEMO-0600
  Partner keys: see README.md (鲜丰超市, 惠联超市, 康健大药房)

  Ctrl-C stops all three services.
"""


def main() -> None:
    env = _env()
    prepare(env)
    services = [Supervised(name, port, env) for name, port in SERVICES]

    def stop(*_: object) -> None:
        processes = [s.process for s in services]
        for p in processes:
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    if wait_ready():
        password = env.get("SHOUHU_DEMO_PASSWORD") or "shouhu2020"
        print(
            BANNER.format(scheme=SCHEME, host=HOST, port=GATEWAY_PORT, password=password),
            flush=True,
        )
    else:
        print("Shouhu did not become ready in 30 s; see the logs above.", file=sys.stderr)
    while True:
        now = time.monotonic()
        for service in services:
            service.check(now)
        time.sleep(0.5)


if __name__ == "__main__":
    main()
