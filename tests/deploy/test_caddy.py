"""deploy/caddy/Caddyfile for real: Debian's caddy with `tls internal` on free ports in front of
the three services as uvicorn processes (their databases migrated, the demo loaded by their
CLIs, the built PWA served by the gateway), the gateway started as docker-compose.yml starts it
(--proxy-headers, FORWARDED_ALLOW_IPS naming the proxy's address only).

Loopback has a whole /8: clients bind 127.0.0.2, .3, .4 as their own address, so Caddy and the
gateway see different peers, while Caddy reaches the gateway from 127.0.0.1, the trusted one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import sync_playwright

from tests.databases import POOL_SIZE, SERVICES, SuiteDatabases
from tests.e2e.pwa.conftest import CHROMIUM_ARGS, DIST, chromium_path
from tests.e2e.test_processes import free_port, uvicorn_command, wait_until_ready
from tests.system_packages import debian_program

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[2]
CADDYFILE = ROOT / "deploy" / "caddy" / "Caddyfile"
# Sign-ins per address: few, so the tests see whose address is counted. Per day, because the
# limiter's sliding window weighs the previous window down: a run across a minute boundary could
# slip a fifth attempt through a per-minute limit.
LOGIN_RATE = 4
PROXY = "127.0.0.1"  # where Caddy connects to the gateway from
# A second trusted address, not uvicorn's default: shows that FORWARDED_ALLOW_IPS is what decides.
OTHER_PROXY = "127.0.0.6"


@dataclass
class Stack:
    https: str  # through Caddy
    http: str  # Caddy's plain HTTP port
    gateway: str  # the gateway itself, bypassing Caddy

    def client(self, address: str, **kwargs: Any) -> httpx.Client:
        """A client whose connections come from `address` (a loopback address of its own)."""
        transport = httpx.HTTPTransport(local_address=address, verify=False)
        return httpx.Client(transport=transport, timeout=10, **kwargs)


def caddy_env(
    tmp: Path, https_port: int, http_port: int, upstream: str, tls: str
) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp),
        "XDG_DATA_HOME": str(tmp / "data"),
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "SHOUHU_DOMAIN": "localhost",
        "SHOUHU_TLS": tls,
        "SHOUHU_HTTPS_PORT": str(https_port),
        "SHOUHU_HTTP_PORT": str(http_port),
        "SHOUHU_CADDY_ADMIN": f"127.0.0.1:{free_port()}",
        "SHOUHU_UPSTREAM": upstream,
    }


def wait_for_port(port: int, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    caddy = debian_program("caddy")
    if not (DIST / "index.html").is_file():
        subprocess.run(["make", "frontend"], cwd=ROOT, check=True)
    tmp = tmp_path_factory.mktemp("caddy")
    dbs = SuiteDatabases(tmp, "caddy")
    ports = {s: free_port() for s in SERVICES}
    https_port, http_port = free_port(), free_port()
    env = {
        **os.environ,
        "GATEWAY_REGISTRY_URL": f"http://127.0.0.1:{ports['registry']}",
        "GATEWAY_SUPPLIES_URL": f"http://127.0.0.1:{ports['supplies']}",
        "GATEWAY_FRONTEND_DIR": str(DIST),
        "GATEWAY_LOGIN_RATE_PER_IP": f"{LOGIN_RATE}/day",
        "REGISTRY_PUBLIC_BASE_URL": f"https://localhost:{https_port}",
        # As docker-compose.yml: uvicorn takes X-Forwarded-For from this address only.
        "FORWARDED_ALLOW_IPS": f"{PROXY},{OTHER_PROXY}",
    }
    for service in SERVICES:
        env[f"{service.upper()}_DATABASE_URL"] = dbs.urls[service]
        env[f"{service.upper()}_DATABASE_POOL_SIZE"] = POOL_SIZE
        env[f"{service.upper()}_ACCESS_LOG"] = "false"
        subprocess.run(
            [sys.executable, "-m", f"{service}.cli", "seed-demo"],
            env=env,
            check=True,
            capture_output=True,
        )
    log_dir = ROOT / "test-output" / "caddy-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    processes = []
    for service in SERVICES:
        command = uvicorn_command(service, ports[service])
        if service == "gateway":
            command.append("--proxy-headers")
        log = (log_dir / f"{service}.log").open("wb")
        processes.append(subprocess.Popen(command, env=env, stdout=log, stderr=log))
    caddy_log = (log_dir / "caddy.log").open("wb")
    upstream = f"127.0.0.1:{ports['gateway']}"
    processes.append(
        subprocess.Popen(
            [caddy, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
            env=caddy_env(tmp, https_port, http_port, upstream, "internal"),
            stdout=caddy_log,
            stderr=caddy_log,
        )
    )
    try:
        gateway = f"http://127.0.0.1:{ports['gateway']}"
        wait_until_ready(gateway)
        wait_for_port(https_port)
        yield Stack(f"https://localhost:{https_port}", f"http://localhost:{http_port}", gateway)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=15)
        dbs.drop()


def assert_security_headers(response: httpx.Response) -> None:
    headers = response.headers
    csp = [d.strip() for d in headers["content-security-policy"].split(";")]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp  # no 'unsafe-inline', no 'unsafe-eval', no other host
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    hsts = headers["strict-transport-security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31536000
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    permissions = [p.strip() for p in headers["permissions-policy"].split(",")]
    assert "camera=(self)" in permissions
    assert "microphone=()" in permissions
    assert "server" not in headers


class TestCaddyfile:
    @pytest.mark.parametrize("tls", ["acme", "internal"])
    def test_validates_for_a_domain_and_for_a_lan_trial(self, tls: str, tmp_path: Path) -> None:
        env = caddy_env(tmp_path, 443, 80, "gateway:8000", tls)
        env["SHOUHU_DOMAIN"] = "shouhu.example.org"
        result = subprocess.run(
            [
                debian_program("caddy"),
                "validate",
                "--config",
                str(CADDYFILE),
                "--adapter",
                "caddyfile",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert "Valid configuration" in result.stdout + result.stderr


class TestHeaders:
    def test_on_the_pwa_page(self, stack: Stack) -> None:
        with stack.client("127.0.0.1") as client:
            page = client.get(f"{stack.https}/")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert '<div id="app">' in page.text
        assert_security_headers(page)

    def test_on_api_answers_and_errors(self, stack: Stack) -> None:
        with stack.client("127.0.0.1") as client:
            token = client.post(
                f"{stack.https}/api/v1/auth/resident-token", json={"access_code": "DEMO-0001"}
            )
            refused = client.get(f"{stack.https}/api/v1/households")
            missing = client.get(f"{stack.https}/api/v1/no-such-thing")
        assert token.status_code == 200, token.text
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        assert 400 <= missing.status_code < 500
        for response in (token, refused, missing):
            assert_security_headers(response)

    def test_plain_http_is_redirected_to_https(self, stack: Stack) -> None:
        with stack.client("127.0.0.1") as client:
            response = client.get(f"{stack.http}/api/v1/households?limit=1")
        assert response.status_code in (301, 308)
        assert response.headers["location"].startswith("https://localhost")


class TestMetrics:
    def test_never_reachable_through_caddy(self, stack: Stack) -> None:
        with stack.client("127.0.0.1") as client:
            assert client.get(f"{stack.gateway}/metrics").status_code == 200  # it does exist
            for path in ("/metrics", "/metrics/", "/metrics?format=text", "/%6Detrics"):
                response = client.get(f"{stack.https}{path}")
                assert response.status_code == 404, path
                assert "http_requests" not in response.text
                assert_security_headers(response)


class TestForwardedAddresses:
    """The gateway rate-limits sign-ins per address (GATEWAY_LOGIN_RATE_PER_IP, here 4 a day):
    which address it counts shows which address it believes."""

    @staticmethod
    def sign_in(client: httpx.Client, base: str, n: int, forged: str | None = None) -> int:
        headers = {"X-Forwarded-For": forged} if forged else {}
        response = client.post(
            f"{base}/api/v1/auth/token",
            data={"username": f"nobody-{n}", "password": "wrong"},
            headers=headers,
        )
        return response.status_code

    def test_a_forged_header_through_caddy_does_not_change_the_address(self, stack: Stack) -> None:
        with stack.client("127.0.0.2") as client:
            codes = [
                self.sign_in(client, stack.https, n, forged=f"203.0.113.{n}")
                for n in range(LOGIN_RATE + 1)
            ]
        # Each forged address would have been a fresh count: the 5th is refused all the same.
        assert codes == [401] * LOGIN_RATE + [429]

    def test_clients_behind_caddy_are_told_apart(self, stack: Stack) -> None:
        with stack.client("127.0.0.3") as other:
            code = self.sign_in(other, stack.https, 100, forged="127.0.0.2")
        assert code == 401, "another client was counted as the limited one"

    def test_the_gateway_ignores_the_header_from_anyone_but_the_proxy(self, stack: Stack) -> None:
        with stack.client("127.0.0.4") as direct:
            codes = [
                self.sign_in(direct, stack.gateway, n, forged=f"198.51.100.{n}")
                for n in range(LOGIN_RATE + 1)
            ]
        assert codes == [401] * LOGIN_RATE + [429]
        # From a proxy's address the header is believed: each address has a count of its own.
        for address in (PROXY, OTHER_PROXY):
            with stack.client(address) as proxy:
                codes = [
                    self.sign_in(proxy, stack.gateway, 200 + n, forged=f"192.0.2.{n}")
                    for n in range(LOGIN_RATE + 1)
                ]
            assert codes == [401] * (LOGIN_RATE + 1), address


class TestPwaOverHttps:
    def test_loads_registers_its_worker_and_may_use_the_camera(self, stack: Stack) -> None:
        with sync_playwright() as playwright:
            # Caddy's own CA is not trusted here: the flag also lets the worker register, which
            # Chromium otherwise refuses on a certificate error (a phone trusts the root instead).
            browser = playwright.chromium.launch(
                executable_path=chromium_path(),
                args=[*CHROMIUM_ARGS, "--ignore-certificate-errors"],
            )
            try:
                context = browser.new_context(
                    ignore_https_errors=True, permissions=["camera"], service_workers="allow"
                )
                page = context.new_page()
                violations: list[str] = []
                page.on(
                    "console",
                    lambda m: (
                        violations.append(m.text) if "Content Security Policy" in m.text else None
                    ),
                )
                page.goto(f"{stack.https}/")
                page.wait_for_selector("#app *", timeout=15000)
                scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope", [])
                assert scope == f"{stack.https}/"
                assert page.evaluate("window.isSecureContext")
                camera = page.evaluate(
                    "async () => (await navigator.permissions.query({name: 'camera'})).state"
                )
                assert camera == "granted"
                tracks = page.evaluate(
                    """async () => {
                        const stream = await navigator.mediaDevices.getUserMedia({video: true})
                        const n = stream.getVideoTracks().length
                        stream.getTracks().forEach(t => t.stop())
                        return n
                    }"""
                )
                assert tracks == 1
                policy = page.evaluate(
                    """() => ['camera', 'microphone', 'geolocation']
                        .map(f => document.featurePolicy.allowsFeature(f))"""
                )
                assert policy == [True, False, False]
                assert violations == []
            finally:
                browser.close()


class TestApiDocsOverHttps:
    def test_render_from_the_site_itself_under_its_policy(self, stack: Stack) -> None:
        """Swagger UI's files and its start-up script come from the site, so the CSP that
        allows no inline script and no other origin lets the reference render."""
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(),
                args=[*CHROMIUM_ARGS, "--ignore-certificate-errors"],
            )
            try:
                page = browser.new_context(ignore_https_errors=True).new_page()
                violations: list[str] = []
                page.on(
                    "console",
                    lambda m: (
                        violations.append(m.text) if "Content Security Policy" in m.text else None
                    ),
                )
                elsewhere: list[str] = []
                page.on(
                    "request",
                    lambda r: (
                        None
                        if r.url.startswith((stack.https, "data:"))
                        else elsewhere.append(r.url)
                    ),
                )
                page.goto(f"{stack.https}/docs")
                # Swagger UI lays out ~300 operations: slow on a busy 2-CPU runner
                page.wait_for_selector(".opblock", timeout=60000)
                assert page.locator(".opblock").count() > 50  # every published operation
                assert violations == []
                assert elsewhere == []
            finally:
                browser.close()
