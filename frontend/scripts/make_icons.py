"""Draws the PWA icons: a white house with 守 in ink in it, on the app's red. No cross of any
kind: the red cross is an emblem reserved by law in China (中华人民共和国红十字会法), and a
plain cross in a health app reads as one.

`icon-<size>.png` (purpose "any"): a rounded red tile on transparent corners.
`icon-maskable-<size>.png` (purpose "maskable"): full-bleed red, the house inside the central
circle of 80 % that every launcher mask keeps.

Needs Pillow (in requirements.lock) and a CJK font (Debian: fonts-noto-cjk). Run after a design
change: `.venv/bin/python frontend/scripts/make_icons.py`; the PNGs are committed in
public/icons/ and listed in vite.config.ts's manifest.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

RED = (183, 28, 28, 255)  # the theme colour, #b71c1c
WHITE = (255, 255, 255, 255)
# the character in ink, not red: nothing red on white that could read as the emblem
INK = (17, 17, 17, 255)
SIZES = (192, 512)
OUT = Path(__file__).resolve().parents[1] / "public" / "icons"
FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Black.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)
SCALE = 4  # drawn this much larger, then reduced: smooth edges


def font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size, index=2)  # index 2: the SC (simplified) face
    raise SystemExit("no CJK font: apt-get install fonts-noto-cjk")


def house(draw: ImageDraw.ImageDraw, side: int, scale: float) -> None:
    """The house and its character, in unit coordinates scaled about the centre."""

    def at(x: float, y: float) -> tuple[float, float]:
        return ((0.5 + (x - 0.5) * scale) * side, (0.5 + (y - 0.5) * scale) * side)

    # roof (a wide triangle with eaves) and walls, one white shape
    draw.polygon(
        [
            at(0.5, 0.13),
            at(0.89, 0.47),
            at(0.78, 0.47),
            at(0.78, 0.86),
            at(0.22, 0.86),
            at(0.22, 0.47),
            at(0.11, 0.47),
        ],
        fill=WHITE,
    )
    size = round(0.40 * scale * side)
    x, y = at(0.5, 0.645)
    draw.text((x, y), "守", font=font(size), fill=INK, anchor="mm")


def icon(size: int, maskable: bool) -> Image.Image:
    side = size * SCALE
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle([0, 0, side, side], fill=RED)
        house(draw, side, 0.74)  # inside the safe circle
    else:
        draw.rounded_rectangle([0, 0, side - 1, side - 1], radius=round(0.2 * side), fill=RED)
        house(draw, side, 0.92)
    return image.resize((size, size), Image.Resampling.LANCZOS)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        for maskable in (False, True):
            path = OUT / f"icon-{'maskable-' if maskable else ''}{size}.png"
            icon(size, maskable).save(path, optimize=True)
            print(f"wrote {path}")
