"""The PWA against the real system: registry, supplies and gateway as uvicorn processes on free
ports with their own databases (SQLite, or PostgreSQL when SHOUHU_TEST_DATABASE=postgres), the
demo loaded by the services' CLIs, the built frontend served by the gateway, and Debian's
Chromium driven by Playwright (no browser download).

The gate world is made through the API here (two volunteer accounts, a gate, rules without
curfew or quota so tests do not depend on the clock, and passes), not taken from the demo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from shouhu_common.demo_ids import DEMO_COMMUNITY_ID
from tests.databases import SERVICES, SuiteDatabases
from tests.e2e.pwa.camera import write_y4m
from tests.e2e.test_processes import free_port, uvicorn_command, wait_until_ready

REPO = Path(__file__).resolve().parents[3]
# SHOUHU_PWA_DIST: a build elsewhere, so one run does not rebuild the dist/ another is serving.
DIST = Path(os.environ.get("SHOUHU_PWA_DIST") or REPO / "frontend" / "dist")
SCREENSHOTS = REPO / "test-output" / "screenshots"
PASSWORD = "shouhu2020"
VOLUNTEER_PASSWORD = "gate-pass-2020"
VIEWPORT = {"width": 390, "height": 800}
# The PWA's test hooks (window.__shouhuDecoded, __shouhuVerdictMs) exist only with this flag set
# before the app starts (frontend/src/app/testHooks.ts); about:blank has no storage, hence the try.
TEST_HOOKS_SCRIPT = "try { localStorage.setItem('shouhu.testHooks', '1') } catch (e) {}"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]


def chromium_path() -> str:
    """Debian's chromium. Missing: the e2e tests fail in CI (never a silent skip) and skip on a
    developer's machine with the command that installs it."""
    path = shutil.which("chromium")
    if path:
        return path
    message = "chromium is missing: `make system-packages` (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(pwa: Pwa) -> dict[str, Any]:
    return {
        "base_url": pwa.url,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": VIEWPORT,
        "permissions": ["camera"],
        "service_workers": "allow",
    }


@dataclass
class Pwa:
    """The running system and the gate world made in it."""

    url: str
    gate_id: str
    gate_name: str
    volunteers: dict[str, str]  # username → subject
    passes: dict[str, dict[str, Any]]  # allow, allow2, revoked, suspended
    staff_headers: dict[str, str] = field(default_factory=dict)

    def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.staff_headers, **kwargs.pop("headers", {})}
        return httpx.request(
            method, f"{self.url}/api/v1{path}", headers=headers, timeout=10, **kwargs
        )

    def gate_logs(self, **query: Any) -> list[dict[str, Any]]:
        response = self.api(
            "GET", "/gate/logs", params={"gate_id": self.gate_id, "limit": 200, **query}
        )
        assert response.status_code == 200, response.text
        return list(response.json()["items"])


def _login(url: str, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = httpx.post(
        f"{url}/api/v1/auth/token", data={"username": username, "password": password}, timeout=10
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def _make_world(url: str) -> Pwa:
    admin, staff = _login(url, "admin"), _login(url, "staff")
    community = str(DEMO_COMMUNITY_ID)
    volunteers: dict[str, str] = {}
    for username, name in (("pwa.gate", "卡口志愿者 甲"), ("pwa.gate2", "卡口志愿者 乙")):
        body = {
            "username": username,
            "password": VOLUNTEER_PASSWORD,
            "display_name": name,
            "role": "gate_volunteer",
            "community_ids": [community],
        }
        _ok(httpx.post(f"{url}/api/v1/auth/users", json=body, headers=admin, timeout=10))
        me = httpx.get(
            f"{url}/api/v1/auth/me", headers=_login(url, username, VOLUNTEER_PASSWORD), timeout=10
        )
        volunteers[username] = _ok(me)["subject"]
    gate = _ok(
        httpx.post(
            f"{url}/api/v1/gate/gates",
            json={"community_id": community, "name": "测试卡口"},
            headers=staff,
            timeout=10,
        )
    )
    _ok(
        httpx.put(
            f"{url}/api/v1/gate/gates/{gate['id']}/volunteers",
            json={"subjects": list(volunteers.values())},
            headers=staff,
            timeout=10,
        )
    )
    rules = {"fever_threshold": 37.3, "mask_required": True, "quota_scope": "none"}
    _ok(httpx.put(f"{url}/api/v1/gate-rules/{community}", json=rules, headers=staff, timeout=10))
    households = _ok(
        httpx.get(f"{url}/api/v1/households", params={"limit": 40}, headers=staff, timeout=10)
    )["items"]
    normal = [h["id"] for h in households if h["status"] == "normal"]
    passes: dict[str, dict[str, Any]] = {}
    for label, household_id in zip(
        ("allow", "allow2", "revoked", "suspended"), normal, strict=False
    ):
        passes[label] = _active_pass(url, staff, household_id)
    for label, action in (("revoked", "revoke"), ("suspended", "suspend")):
        _ok(
            httpx.post(
                f"{url}/api/v1/passes/{passes[label]['id']}/{action}",
                json={"reason_code": "misuse", "reason": "测试"},
                headers=staff,
                timeout=10,
            )
        )
    return Pwa(url, gate["id"], gate["name"], volunteers, passes, staff)


def _active_pass(url: str, staff: dict[str, str], household_id: str) -> dict[str, Any]:
    existing = _ok(
        httpx.get(
            f"{url}/api/v1/passes",
            params={"household_id": household_id, "status": "active"},
            headers=staff,
            timeout=10,
        )
    )["items"]
    if existing:
        return dict(existing[0])
    until = "2099-01-01T00:00:00+00:00"
    body = {"household_id": household_id, "valid_until": until}
    return dict(_ok(httpx.post(f"{url}/api/v1/passes", json=body, headers=staff, timeout=10)))


def _build_frontend() -> None:
    if not (DIST / "index.html").is_file():
        subprocess.run(["make", "frontend"], cwd=REPO, check=True)


@pytest.fixture(scope="session")
def pwa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pwa]:
    chromium_path()
    _build_frontend()
    dbs = SuiteDatabases(tmp_path_factory.mktemp("pwa"), "pwa")
    ports = {s: free_port() for s in SERVICES}
    env = {
        **os.environ,
        "GATEWAY_REGISTRY_URL": f"http://127.0.0.1:{ports['registry']}",
        "GATEWAY_SUPPLIES_URL": f"http://127.0.0.1:{ports['supplies']}",
        "GATEWAY_FRONTEND_DIR": str(DIST),
        "GATEWAY_LOGIN_RATE_PER_IP": "1000/minute",
        "GATEWAY_LOGIN_RATE_PER_ACCOUNT": "1000/minute",
        "REGISTRY_EVENT_SUBSCRIBERS": f"supplies=http://127.0.0.1:{ports['supplies']}",
        # notices' share text and poster QR link here: to this PWA
        "REGISTRY_PUBLIC_BASE_URL": f"http://127.0.0.1:{ports['gateway']}",
    }
    for service in SERVICES:
        env[f"{service.upper()}_DATABASE_URL"] = dbs.urls[service]
        env[f"{service.upper()}_ACCESS_LOG"] = "false"
    for service in SERVICES:
        subprocess.run(
            [sys.executable, "-m", f"{service}.cli", "seed-demo"],
            env=env,
            check=True,
            capture_output=True,
        )
    log_dir = REPO / "test-output" / "pwa-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    logs = {service: (log_dir / f"{service}.log").open("wb") for service in SERVICES}
    processes = [
        subprocess.Popen(
            uvicorn_command(service, ports[service]),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=logs[service],
        )
        for service in SERVICES
    ]
    try:
        url = f"http://127.0.0.1:{ports['gateway']}"
        wait_until_ready(url, timeout_s=120)  # the machine may be busy
        yield _make_world(url)
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            p.wait(timeout=10)
        for log in logs.values():
            log.close()
        dbs.drop()


# Playwright's sync API runs an event loop in this thread while it is started, and the async
# tests of the suite need none running: so it is started per module and stopped after it, instead
# of pytest-playwright's session-wide fixtures (whose CLI options still apply to these).
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright, browser_type_launch_args: dict[str, Any]) -> Iterator[Browser]:
    browser = playwright.chromium.launch(**browser_type_launch_args)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[BrowserContext]:
    context = browser.new_context(**browser_context_args)
    context.add_init_script(TEST_HOOKS_SCRIPT)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def shot() -> Callable[[Page, str], Path]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path))
        return path

    return save


@pytest.fixture
def camera_page(
    playwright: Playwright,
    browser_type_launch_args: dict[str, Any],
    browser_context_args: dict[str, Any],
    tmp_path: Path,
) -> Iterator[Callable[[str | Path], Page]]:
    """`camera_page(token)`: a page in a browser whose rear camera films that pass's QR code;
    `camera_page(path)`: films that Y4M file (tests/e2e/pwa/camera.py's write_y4m_sequence)."""
    browsers: list[Browser] = []

    def open_page(token: str | Path) -> Page:
        video = (
            token
            if isinstance(token, Path)
            else write_y4m(token, tmp_path / f"qr-{uuid.uuid4().hex[:8]}.y4m")
        )
        args = [*browser_type_launch_args["args"], f"--use-file-for-fake-video-capture={video}"]
        browser = playwright.chromium.launch(**{**browser_type_launch_args, "args": args})
        browsers.append(browser)
        context = browser.new_context(**browser_context_args)
        context.add_init_script(TEST_HOOKS_SCRIPT)
        return context.new_page()

    yield open_page
    for browser in browsers:
        browser.close()
