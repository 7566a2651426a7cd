"""Tests that need a Debian package (CJK font, poppler-utils): on a developer's machine without it
they skip with what to install; in CI (`CI` set) they run and fail, never a silent skip."""

from __future__ import annotations

import os
import shutil

import pytest


def needs(available: bool, package: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not available and not os.environ.get("CI"),
        reason=f"needs {package} (make system-packages)",
    )


def debian_program(name: str) -> str:
    """The path of a program `make system-packages` installs from Debian's package of the same
    name (caddy, haproxy): missing, the test fails, on a developer's machine as in CI."""
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} is missing: `make system-packages` (apt-get install {name})")
    return path
