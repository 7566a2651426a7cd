"""Draws the PWA icons (a white shield with a red cross on red) as PNGs with the stdlib only.

Run once: `python3 frontend/scripts/make_icons.py`; the PNGs are committed in public/icons/.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

RED = (183, 28, 28)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parents[1] / "public" / "icons"


def inside_shield(x: float, y: float) -> bool:
    """Unit square coordinates; a shield: flat top, straight sides, pointed bottom."""
    if not 0.22 <= x <= 0.78 or not 0.16 <= y <= 0.86:
        return False
    if y <= 0.55:
        return True
    half = 0.28 * (0.86 - y) / 0.31  # the sides meet at (0.5, 0.86)
    return abs(x - 0.5) <= half


def inside_cross(x: float, y: float) -> bool:
    return (abs(x - 0.5) <= 0.05 and 0.28 <= y <= 0.66) or (
        abs(y - 0.45) <= 0.05 and 0.34 <= x <= 0.66
    )


def colour(x: float, y: float) -> tuple[int, int, int]:
    if inside_shield(x, y) and not inside_cross(x, y):
        return WHITE
    return RED


def png(size: int) -> bytes:
    samples = 3  # 3×3 supersampling for smooth edges
    rows = bytearray()
    for py in range(size):
        rows.append(0)
        for px in range(size):
            acc = [0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    c = colour(
                        (px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size
                    )
                    for i in range(3):
                        acc[i] += c[i]
            rows.extend(v // (samples * samples) for v in acc)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(size))
        print(f"wrote {OUT / f'icon-{size}.png'}")
