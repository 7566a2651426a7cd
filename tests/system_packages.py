"""Tests that need a Debian package (CJK font, poppler-utils): on a developer's machine without it
they skip with what to install; in CI (`CI` set) they run and fail, never a silent skip."""

from __future__ import annotations

import os

import pytest


def needs(available: bool, package: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not available and not os.environ.get("CI"),
        reason=f"needs {package} (make system-packages)",
    )
