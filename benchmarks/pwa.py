"""The PWA: its download weight and how fast the gate screen shows a verdict offline.

- `pwa_js_gzip_kb`: every JavaScript and CSS file of the built app (frontend/dist) that the
  service worker precaches, plus the worker itself, gzipped and added up. That is more than the
  first screen loads: the service worker fetches all of it on the first visit, so it is what a
  phone downloads before it works offline.
- `gate_verdict_ms`: scan decode → verdict painted, offline, in headless Chromium with a 4× CPU
  slowdown (CDP Emulation.setCPUThrottlingRate), median of real demo passes. The decoded text goes
  through the same `onDecode` path as the camera's decoder callback; the clock starts there and
  stops in the first animation frame after the verdict's render (the screen's own measurement).
"""

from __future__ import annotations

import gzip
import re
import shutil
import statistics
import urllib.parse
from pathlib import Path

import httpx

from benchmarks.harness import Benchmark, BenchmarkError, Options, Outcome, Stack, Target
from shouhu_common.demo_ids import DEMO_COMMUNITY_ID, DEMO_PASSWORD_DEFAULT

DIST = Path(__file__).resolve().parents[1] / "frontend" / "dist"
SCANS = 25
CPU_SLOWDOWN = 4


def bundle_weight() -> tuple[float, dict[str, float]]:
    """The JS and CSS the service worker precaches (read from sw.js, so files of an older build
    left in dist/ do not count), plus the service worker and its Workbox runtime."""
    sw = DIST / "sw.js"
    if not sw.is_file():
        raise BenchmarkError("frontend/dist is missing: `make frontend` builds it")
    precached = re.findall(r'url:"([^"]+)"', sw.read_text())
    names = [n for n in precached if n.endswith((".js", ".css"))]
    names += ["sw.js", *(p.name for p in DIST.glob("workbox-*.js"))]
    sizes = {name: len(gzip.compress((DIST / name).read_bytes(), 9)) / 1024 for name in names}
    return sum(sizes.values()), sizes


def _demo_tokens(stack: Stack) -> list[str]:
    query = {"community_id": str(DEMO_COMMUNITY_ID), "status": "active", "limit": "100"}
    with httpx.Client(base_url=stack.url("gateway"), timeout=30) as http:
        response = http.get("/api/v1/passes", params=query, auth=stack.account("staff"))
    if response.status_code != 200:
        raise BenchmarkError(f"active passes: {response.status_code} {response.text[:300]}")
    items = response.json()["items"]
    tokens = [p["token"] for p in items if p["effective_status"] == "active"]
    if len(tokens) < 5:
        raise BenchmarkError("the demo has too few active passes for the gate screen")
    return tokens


def verdict_times(stack: Stack) -> tuple[list[float], float]:
    """Verdict times, and the gzipped JS+CSS the gate screen itself loaded (sign-in → gate)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise BenchmarkError("chromium is missing: `make system-packages`")
    tokens = _demo_tokens(stack)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=[
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-quic",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
            ],
        )
        try:
            context = browser.new_context(
                base_url=stack.url("gateway"),
                locale="zh-CN",
                viewport={"width": 390, "height": 800},
                permissions=["camera"],
            )
            # the PWA's test hooks (__shouhuDecoded, __shouhuVerdictMs) need this flag at start
            context.add_init_script(
                "try { localStorage.setItem('shouhu.testHooks', '1') } catch (e) {}"
            )
            page = context.new_page()
            loaded: set[str] = set()
            page.on(
                "response",
                lambda r: (
                    loaded.add(urllib.parse.urlparse(r.url).path.lstrip("/"))
                    if r.url.endswith((".js", ".css"))
                    else None
                ),
            )
            page.goto("/signin")
            # inbound passages are judged through every rule but the clock ones, and allowed:
            # the heaviest verdict to draw (the temperature pad comes with it)
            page.evaluate("localStorage.setItem('shouhu.gate.direction', 'in')")
            page.locator("input[name=username]").fill("gate1")
            page.locator("input[name=password]").fill(DEMO_PASSWORD_DEFAULT)
            page.get_by_test_id("signin-submit").click()
            page.get_by_test_id("gate-scan").wait_for(timeout=30_000)
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=bundle-age]')"
                ".textContent.includes('尚无')"
            )
            context.set_offline(True)
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
            for i in range(SCANS):
                page.evaluate("t => window.__shouhuDecoded(t)", tokens[i % len(tokens)])
                page.get_by_test_id("verdict").wait_for(timeout=10_000)
                page.wait_for_function(f"(window.__shouhuVerdictMs || []).length > {i}")
                page.locator(".passage-actions .secondary, [data-testid=next]").first.click()
                page.get_by_test_id("gate-scan").wait_for()
            times = page.evaluate("window.__shouhuVerdictMs")
        finally:
            browser.close()
    first_load = sum(
        len(gzip.compress((DIST / name).read_bytes(), 9))
        for name in loaded
        if (DIST / name).is_file()
    )
    return [float(t) for t in times], first_load / 1024


def run(stack: Stack, options: Options) -> Outcome:
    total, sizes = bundle_weight()
    times, gate_first_load = verdict_times(stack)
    biggest = sorted(sizes.items(), key=lambda kv: -kv[1])[:4]
    return Outcome(
        metrics={
            "pwa_js_gzip_kb": round(total, 1),
            "pwa_gate_first_load_kb": round(gate_first_load, 1),
            "gate_verdict_ms": round(statistics.median(times), 1),
            "gate_verdict_p90_ms": round(sorted(times)[int(len(times) * 0.9) - 1], 1),
        },
        notes={
            "pwa weight": f"{len(sizes)} JS/CSS files; largest "
            + ", ".join(f"{name} {kb:.1f} KB" for name, kb in biggest),
            "gate verdict": f"{len(times)} offline scans at {CPU_SLOWDOWN}× CPU slowdown, "
            f"min {min(times):.1f} ms, max {max(times):.1f} ms",
        },
    )


BENCHMARK = Benchmark(
    name="pwa",
    description="PWA weight (JS+CSS gzipped) and offline gate verdict time in Chromium",
    run=run,
    targets={"pwa_js_gzip_kb": Target("<=", 150.0), "gate_verdict_ms": Target("<=", 300.0)},
)
