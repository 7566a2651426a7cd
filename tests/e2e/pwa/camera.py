"""A fake camera stream for Chromium (`--use-file-for-fake-video-capture`): a Y4M file showing a
pass's QR code, drawn from segno's module matrix (no ffmpeg, no image library)."""

from __future__ import annotations

from pathlib import Path

import segno

WIDTH, HEIGHT = 640, 480
QUIET_MODULES = 4
WHITE, BLACK = 235, 16  # studio-range luma


def qr_luma(text: str) -> bytes:
    """The Y plane of one frame: the QR centred, as large as fits with its quiet zone."""
    matrix = segno.make(text, error="m", boost_error=False).matrix
    modules = len(matrix) + 2 * QUIET_MODULES
    scale = min(WIDTH, HEIGHT) // modules
    size = modules * scale
    left, top = (WIDTH - size) // 2, (HEIGHT - size) // 2
    plane = bytearray([WHITE]) * (WIDTH * HEIGHT)
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if not dark:
                continue
            x0 = left + (col_index + QUIET_MODULES) * scale
            y0 = top + (row_index + QUIET_MODULES) * scale
            for y in range(y0, y0 + scale):
                start = y * WIDTH + x0
                plane[start : start + scale] = bytes([BLACK]) * scale
    return bytes(plane)


def write_y4m(text: str, path: Path, frames: int = 2) -> Path:
    luma = qr_luma(text)
    chroma = bytes([128]) * ((WIDTH // 2) * (HEIGHT // 2))
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n")
            out.write(luma)
            out.write(chroma)
            out.write(chroma)
    return path
