"""A fake camera stream for Chromium (`--use-file-for-fake-video-capture`): a Y4M file showing a
pass's QR code, drawn from segno's module matrix, or a tube's Code 128 label (no ffmpeg, no image
library); `write_y4m_sequence` films several in turn."""

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


# Code 128 bar/space widths of symbol values 0..106 (106: stop, 7 elements)
CODE128 = (
    "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 "
    "122132 122231 113222 123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 "
    "321221 312212 322112 322211 212123 212321 232121 111323 131123 131321 112313 132113 132311 "
    "211313 231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 231131 213113 "
    "213311 213131 311123 311321 331121 312113 312311 332111 314111 221411 431111 111224 111422 "
    "121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 241211 221114 413111 "
    "241112 134111 111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 214121 "
    "412121 111143 111341 131141 114113 114311 411113 411311 113141 114131 311141 411131 211412 "
    "211214 211232 2331112"
).split()
START_B, STOP = 104, 106
QUIET_CODE128 = 10


def code128_widths(text: str) -> list[int]:
    """Bar, space, bar… widths in modules: start B, the characters, the checksum, stop."""
    values = [ord(c) - 32 for c in text]
    assert all(0 <= v < 95 for v in values), "Code 128 B: printable ASCII only"
    check = (START_B + sum(i * v for i, v in enumerate(values, start=1))) % 103
    return [int(w) for value in (START_B, *values, check, STOP) for w in CODE128[value]]


def code128_luma(text: str) -> bytes:
    """The Y plane of one frame: the label centred, as wide as fits with its quiet zones."""
    widths = code128_widths(text)
    modules = sum(widths) + 2 * QUIET_CODE128
    scale = WIDTH // modules
    assert scale >= 2, "label too long for the frame"
    left = (WIDTH - modules * scale) // 2 + QUIET_CODE128 * scale
    row = bytearray([WHITE]) * WIDTH
    x = left
    for index, width in enumerate(widths):
        if index % 2 == 0:  # bars at even places, spaces between
            row[x : x + width * scale] = bytes([BLACK]) * (width * scale)
        x += width * scale
    top, bottom = HEIGHT // 4, HEIGHT * 3 // 4
    white = bytes([WHITE]) * WIDTH
    return b"".join(bytes(row) if top <= y < bottom else white for y in range(HEIGHT))


def write_y4m_sequence(pictures: list[bytes], path: Path, frames_each: int = 15) -> Path:
    """Each picture (a Y plane) for `frames_each` frames at 10 per second, in turn; Chromium
    plays the file in a loop."""
    chroma = bytes([128]) * ((WIDTH // 2) * (HEIGHT // 2))
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for luma in pictures:
            for _ in range(frames_each):
                out.write(b"FRAME\n")
                out.write(luma)
                out.write(chroma)
                out.write(chroma)
    return path


def write_y4m(text: str, path: Path, frames: int = 2) -> Path:
    return write_y4m_sequence([qr_luma(text)], path, frames_each=frames)
