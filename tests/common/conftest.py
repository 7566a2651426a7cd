"""Fixtures of the settings tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """An environment with none of the services' variables but a data folder of the test's."""
    for name in list(os.environ):
        if name.startswith(("REGISTRY_", "SUPPLIES_", "GATEWAY_")):
            monkeypatch.delenv(name)
    for prefix in ("REGISTRY", "SUPPLIES", "GATEWAY"):
        monkeypatch.setenv(f"{prefix}_DATA_DIR", str(tmp_path))
    return monkeypatch
