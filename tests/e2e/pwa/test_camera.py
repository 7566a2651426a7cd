"""The gate's camera is on only while the scan screen shows: every way out (a verdict, a
navigation, the page hidden, a start that fails because the screen was left) stops its stream.

The page's getUserMedia is wrapped (an init script) to keep every track it hands out, so the test
counts the tracks still live, as the phone's privacy light would show them. `window.__slowCamera`
(ms) delays the camera's answer, as on a cheap phone, so a quick tap can leave the screen while
the camera starts; a video no longer in the page then refuses `play()` (AbortError), as phones do
when the screen is left during the start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.pwa.conftest import Pwa
from tests.e2e.pwa.steps import sign_in_to_gate, type_pass_number, verdict

Shot = Callable[[Page, str], Path]

TRACK_CAMERA = """
(() => {
  const tracks = []
  const media = navigator.mediaDevices
  const original = media.getUserMedia.bind(media)
  media.getUserMedia = async (constraints) => {
    const stream = await original(constraints)
    stream.getTracks().forEach((track) => tracks.push(track))
    const delay = window.__slowCamera || 0
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay))
    return stream
  }
  window.__liveCameraTracks = () => tracks.filter((t) => t.readyState === 'live').length
  const play = HTMLMediaElement.prototype.play
  HTMLMediaElement.prototype.play = function () {
    if (!this.isConnected) {
      return Promise.reject(new DOMException('The play() request was interrupted', 'AbortError'))
    }
    return play.call(this)
  }
})()
"""


def live_tracks(page: Page, expected: int) -> None:
    """Waits (2 s at most) until exactly `expected` camera tracks are live."""
    page.wait_for_function(f"window.__liveCameraTracks() === {expected}", timeout=2000)


def set_visible(page: Page, visible: bool) -> None:
    """As when the volunteer switches apps or the screen locks (headless pages never hide)."""
    page.evaluate(
        """visible => {
          Object.defineProperty(document, 'visibilityState', {
            configurable: true, get: () => (visible ? 'visible' : 'hidden') })
          Object.defineProperty(document, 'hidden', { configurable: true, get: () => !visible })
          document.dispatchEvent(new Event('visibilitychange'))
        }""",
        visible,
    )


class TestCameraStops:
    def test_on_every_way_out_of_the_scan_screen(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        page.add_init_script(TRACK_CAMERA)
        sign_in_to_gate(page)
        live_tracks(page, 1)

        type_pass_number(page, pwa.passes["allow"]["number"])  # the verdict replaces the scan
        verdict(page)
        live_tracks(page, 0)
        page.get_by_role("button", name="取消").click()
        expect(page.get_by_test_id("gate-scan")).to_be_visible()
        live_tracks(page, 1)

        page.get_by_role("button", name="访客/快递登记").click()  # a navigation
        expect(page.locator("input[name=name]")).to_be_visible()
        live_tracks(page, 0)
        page.go_back()
        live_tracks(page, 1)

        set_visible(page, False)
        live_tracks(page, 0)
        set_visible(page, True)
        live_tracks(page, 1)
        shot(page, "gate-camera-back")

    def test_when_the_screen_is_left_while_the_camera_starts(self, pwa: Pwa, page: Page) -> None:
        page.add_init_script(TRACK_CAMERA)
        sign_in_to_gate(page)
        live_tracks(page, 1)
        page.get_by_role("button", name="访客/快递登记").click()
        live_tracks(page, 0)

        page.evaluate("window.__slowCamera = 800")
        page.get_by_role("button", name="返回卡口").click()
        expect(page.get_by_test_id("gate-scan")).to_be_visible()
        page.get_by_role("button", name="访客/快递登记").click()  # before the camera answered
        page.wait_for_timeout(1500)  # the camera answers, then play() is refused
        live_tracks(page, 0)
        page.evaluate("window.__slowCamera = 0")
        page.get_by_role("button", name="返回卡口").click()
        live_tracks(page, 1)  # a fresh start after the refused one
