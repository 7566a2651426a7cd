"""A clone of this repository is all a user or a contributor has: no tracked file may send them to
notes kept beside it (a shared folder next to the clone, with its design, style or ecosystem
notes) or name a tracker's issue number in place of saying what the code does. Binary files are
the only ones not read; the product, the architecture and the house rules live in `docs/` and
CONTRIBUTING.md."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Built from pieces so that this file does not match its own patterns.
OUTSIDE_NOTES = re.compile(
    re.escape("../" + "shared") + r"|\b(?:DESIGN|STYLE|ECOSYSTEM)" + r"\.md\b"
)
ISSUE_NUMBER = re.compile(r"\b[Ii]" + r"ssues? #?\d+")


def points_outside(line: str) -> bool:
    return bool(OUTSIDE_NOTES.search(line) or ISSUE_NUMBER.search(line))


def tracked_files() -> list[Path]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=False
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.stdout.decode().split("\0") if name]


def is_binary(content: bytes) -> bool:
    """Git's own test: a NUL byte in the first 8,000 bytes."""
    return b"\0" in content[:8000]


def offending_lines(path: Path) -> list[str]:
    if not path.is_file():  # deleted in the work tree, not yet in the index
        return []
    content = path.read_bytes()
    if is_binary(content):
        return []
    found = []
    for number, line in enumerate(content.decode("utf-8", errors="replace").splitlines(), 1):
        if points_outside(line):
            found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    return found


@pytest.mark.parametrize(
    ("line", "outside"),
    [
        ("see ../" + "shared/DES" + "IGN.md", True),
        ("measured there (ECO" + "SYSTEM.md §9)", True),
        ("the rules in STY" + "LE.md", True),
        ("docs/design.md and docs/architecture.md", False),
        ("(I" + "ssue 7)", True),
        ("fixes i" + "ssues #12", True),
        ("i" + "ssue 3/4", True),
        ("Staff issue a pass", False),
        ("POST /api/v1/passes/building-issues", False),
        ("tissue 3", False),
    ],
)
def test_the_patterns_catch_what_they_should(line: str, outside: bool) -> None:
    assert points_outside(line) is outside


def test_no_tracked_file_points_outside_the_repository() -> None:
    files = tracked_files()
    assert len(files) > 100  # the listing reached the whole tree
    offenders = [hit for path in files for hit in offending_lines(path)]
    assert offenders == []
