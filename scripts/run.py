"""`make run`: migrate, load the demo when empty, start registry, supplies and gateway (one uvicorn
process each, on 127.0.0.1), print the URL and the demo logins, and stop all three on Ctrl-C."""

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


def start(env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    processes = []
    for name, port in SERVICES:
        processes.append(
            subprocess.Popen(
                [
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
                    "httptools",
                    *(
                        ["--ssl-certfile", TLS_CERT, "--ssl-keyfile", TLS_KEY]
                        if name == "gateway" and SCHEME == "https"
                        else []
                    ),
                ],
                env=env,
                start_new_session=True,  # Ctrl-C reaches only us; we stop them gracefully
            )
        )
    return processes


def _unverified() -> ssl.SSLContext | None:
    """Our own readiness probe of our own (often self-signed) certificate."""
    return ssl._create_unverified_context() if SCHEME == "https" else None


def wait_ready(timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            url = f"{SCHEME}://127.0.0.1:{GATEWAY_PORT}/readyz"
            with urllib.request.urlopen(url, timeout=2, context=_unverified()) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


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
    processes = start(env)

    def stop(*_: object) -> None:
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
        for p in processes:
            if p.poll() is not None:
                print(f"a service exited with code {p.returncode}; stopping", file=sys.stderr)
                stop()
        time.sleep(0.5)


if __name__ == "__main__":
    main()
