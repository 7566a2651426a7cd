"""The app's icons as the gateway serves them with the manifest: every icon the manifest lists
exists at its declared size, and a maskable icon is full-bleed with everything drawn inside the
central circle a launcher's mask keeps (an "any" icon cut to a circle loses its corners).

What the icons show (a house with 守, no cross: the red cross is a protected emblem in China) is
checked by looking: the test lays them out on one page and saves test-output/screenshots/icons.png.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from PIL import Image
from playwright.sync_api import Page

from tests.e2e.pwa.conftest import Pwa

Shot = Callable[[Page, str], Path]
SAFE_RADIUS = 0.4  # of the icon's side: the maskable safe zone (a circle of 80 %)


def manifest_icons(pwa: Pwa) -> list[dict[str, Any]]:
    response = httpx.get(f"{pwa.url}/manifest.webmanifest", timeout=10)
    assert response.status_code == 200, response.text
    return list(response.json()["icons"])


def fetch_icon(pwa: Pwa, src: str) -> Image.Image:
    response = httpx.get(f"{pwa.url}{src}", timeout=10)
    assert response.status_code == 200, src
    assert response.headers["content-type"] == "image/png", src
    return Image.open(io.BytesIO(response.content)).convert("RGBA")


def drawn_outside_safe_zone(image: Image.Image) -> list[tuple[int, int]]:
    """Pixels outside the central circle that differ from the background (the top-left one)."""
    side = image.width
    background = image.getpixel((0, 0))
    outside = []
    for y in range(0, side, 4):
        for x in range(0, side, 4):
            if math.dist((x + 0.5, y + 0.5), (side / 2, side / 2)) <= SAFE_RADIUS * side:
                continue
            if image.getpixel((x, y)) != background:
                outside.append((x, y))
    return outside


class TestIcons:
    def test_every_listed_icon_has_its_size_and_maskable_ones_their_safe_zone(
        self, pwa: Pwa
    ) -> None:
        icons = manifest_icons(pwa)
        purposes = {icon.get("purpose", "any") for icon in icons}
        assert purposes == {"any", "maskable"}
        any_sources = {icon["src"] for icon in icons if icon.get("purpose", "any") == "any"}
        for icon in icons:
            image = fetch_icon(pwa, icon["src"])
            width, height = (int(n) for n in icon["sizes"].split("x"))
            assert image.size == (width, height), icon
            if icon.get("purpose") == "maskable":
                assert icon["src"] not in any_sources, "a maskable icon is drawn for the mask"
                alpha = image.getchannel("A")
                assert alpha.getextrema() == (255, 255), f"{icon['src']} is not full-bleed"
                assert drawn_outside_safe_zone(image) == [], f"{icon['src']} leaves the safe zone"

    def test_the_icons_as_a_launcher_shows_them(self, pwa: Pwa, page: Page, shot: Shot) -> None:
        icons = manifest_icons(pwa)
        page.goto("/signin")  # same origin: the icons load as the app's own
        tiles = "".join(
            f'<figure style="margin:8px;text-align:center"><img src="{icon["src"]}" '
            f'style="width:96px;height:96px;{mask(icon)}"><figcaption style="font:12px sans-serif">'
            f"{icon['sizes']} {icon.get('purpose', 'any')}</figcaption></figure>"
            for icon in icons
        )
        layout = "margin:0;background:#ddd;display:flex;flex-wrap:wrap;align-content:flex-start"
        page.set_content(f'<body style="{layout}">{tiles}</body>')
        page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
        shot(page, "icons")


def mask(icon: dict[str, Any]) -> str:
    """A maskable icon is shown cut to a circle, as a round launcher does."""
    return "border-radius:50%" if icon.get("purpose") == "maskable" else ""
