"""What every printed page of the registry shares (pass cards, notice posters, quarantine door
notices): the CJK font that fpdf2 embeds a subset of (Noto Sans CJK SC unless
`REGISTRY_CJK_FONT_PATH` names another), and QR codes drawn as vector modules from segno's matrix
(crisp on any printer)."""

from __future__ import annotations

import logging
import shutil
import subprocess
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import segno
from fpdf import FPDF

from registry.config import get_settings

FONT_CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
)
FONT_SC_INDEX = 2  # Simplified Chinese face inside the collection
QUIET_ZONE = 4
# fontTools logs every subsetting step at INFO: one card would fill the service log
logging.getLogger("fontTools").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)


def cjk_font() -> tuple[Path, int] | None:
    """(path, collection index) of the CJK font to print with, or None: each caller raises its
    own 503. `REGISTRY_CJK_FONT_PATH` when set, else Noto Sans CJK SC found on the host."""
    settings = get_settings()
    if settings.cjk_font_path is not None:
        return configured_font(settings.cjk_font_path, settings.cjk_font_index)
    return installed_font()


def configured_font(path: Path, index: int) -> tuple[Path, int] | None:
    """The font the operator named, read on each print. A missing file is not replaced by another
    font: the 503 and this warning show that the setting is wrong. The index counts only inside a
    collection."""
    if not path.is_file():
        logger.warning("REGISTRY_CJK_FONT_PATH names no file: %s", path)
        return None
    with path.open("rb") as font_file:
        collection = font_file.read(4) == b"ttcf"
    return path, index if collection else 0


@lru_cache(maxsize=1)
def installed_font() -> tuple[Path, int] | None:
    """Noto Sans CJK SC where Debian's fonts-noto-cjk installs it, else as fontconfig finds it."""
    for path in FONT_CANDIDATES:
        if path.exists():
            return path, FONT_SC_INDEX
    if shutil.which("fc-match"):
        done = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}", "Noto Sans CJK SC:lang=zh-cn"],
            capture_output=True,
            timeout=5,
            check=False,
        )
        lines = done.stdout.decode().splitlines()
        if len(lines) == 2 and "CJK" in lines[0] and Path(lines[0]).exists():
            return Path(lines[0]), int(lines[1] or 0)
    return None


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    qr = segno.make(text, error="m", boost_error=False, micro=False)
    return tuple(tuple(bool(m) for m in row) for row in qr.matrix)


def qr_svg(text: str) -> bytes:
    """A QR code as SVG, for the PWA (no JS QR generator needed): one unit per module and a
    viewBox instead of a fixed width and height (`omitsize`), so it scales to any size sharply."""
    out = BytesIO()
    segno.make(text, error="m", boost_error=False, micro=False).save(
        out, kind="svg", border=QUIET_ZONE, xmldecl=False, omitsize=True
    )
    return out.getvalue()


def draw_qr(pdf: FPDF, text: str, x: float, y: float, size: float) -> None:
    """The QR code of `text` as a `size` mm square (quiet zone included) at (x, y)."""
    matrix = qr_matrix(text)
    modules = len(matrix) + 2 * QUIET_ZONE
    unit = size / modules
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            pdf.rect(
                x + (start + QUIET_ZONE) * unit,
                y + (r + QUIET_ZONE) * unit,
                (c - start) * unit + 0.01,  # overlap a hair: no white seams between runs
                unit + 0.01,
                style="F",
            )
