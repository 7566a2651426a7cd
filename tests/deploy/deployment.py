"""What the deployment tests share (tests/test_compose.py, tests/deploy/test_kubernetes.py): the
compose file, and the environment variables each service reads, from its settings class."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from gateway.config import GatewaySettings
from registry.config import RegistrySettings
from shouhu_common.settings import ServiceSettings
from supplies.config import SuppliesSettings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
SETTINGS: dict[str, type[ServiceSettings]] = {
    "registry": RegistrySettings,
    "supplies": SuppliesSettings,
    "gateway": GatewaySettings,
}


def load_compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def services() -> dict[str, dict[str, Any]]:
    return load_compose()["services"]


def with_defaults(value: str) -> str:
    """A compose value as it is without a .env: `${X:-default}` -> `default`."""
    return re.sub(r"\$\{\w+:?-([^}]*)\}", r"\1", value)


def prefix(settings: type[ServiceSettings]) -> str:
    return str(settings.model_config["env_prefix"])


def variables(settings: type[ServiceSettings]) -> set[str]:
    """Every variable the class reads (each also as `<NAME>_FILE`)."""
    return {(prefix(settings) + field).upper() for field in settings.model_fields}


def required_secrets(settings: type[ServiceSettings]) -> set[str]:
    """The secrets production refuses to start without."""
    return set(settings.model_construct().secret_fields())


def all_secrets(settings: type[ServiceSettings]) -> set[str]:
    """Those and the secrets that are secret only when set (retired keys, previous secrets)."""
    every_text: dict[str, Any] = {
        name: "set" for name, f in settings.model_fields.items() if f.annotation is str
    }
    return set(settings.model_construct(**every_text).secret_fields())
