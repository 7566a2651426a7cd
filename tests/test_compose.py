"""docker-compose.yml and the Dockerfile without a Docker engine: the vendored compose-spec schema,
then what it cannot see (references, variables, ports, variables the settings really read)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from gateway.config import GatewaySettings
from registry.config import RegistrySettings
from shouhu_common.settings import ServiceSettings
from supplies.config import SuppliesSettings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
SETTINGS: dict[str, type[ServiceSettings]] = {
    "registry": RegistrySettings,
    "supplies": SuppliesSettings,
    "gateway": GatewaySettings,
}
NOT_SETTINGS = {"SHOUHU_DEMO"}  # read by the container's shell command, not by the app
OFFICIAL_IMAGES = {"postgres": "15", "redis": "7"}  # image -> major version
# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, $VAR; `$$` (escaped) is removed first.
VARIABLE = re.compile(r"\$\{(\w+)(?:(:?-)[^}]*|:?[?+][^}]*)?\}|\$(\w+)")


def load_compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def services() -> dict[str, dict[str, Any]]:
    return load_compose()["services"]


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {name: str(value) for name, value in env.items()}


def with_defaults(value: str) -> str:
    return re.sub(r"\$\{\w+:?-([^}]*)\}", r"\1", value)


def env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    return {name.strip(): value for name, value in pairs}


def test_compose_file_matches_the_compose_spec() -> None:
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_depends_on_names_healthy_services() -> None:
    all_services = services()
    for name, service in all_services.items():
        depends = service.get("depends_on") or {}
        for target in depends:
            assert target in all_services, f"{name} depends on undefined service {target!r}"
            assert target != name
            if isinstance(depends, dict):
                assert depends[target].get("condition") == "service_healthy", (name, target)
            assert "healthcheck" in all_services[target], f"{target} has no healthcheck"


def test_named_volumes_are_declared_and_bind_mounts_exist() -> None:
    compose = load_compose()
    declared = set(compose.get("volumes") or {})
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume["source"] if isinstance(volume, dict) else volume.split(":")[0]
            if source.startswith((".", "/", "~")):
                assert (ROOT / source).exists(), f"{name}: bind mount {source} does not exist"
            else:
                assert source in declared, f"{name}: named volume {source!r} is not declared"


def test_build_contexts_exist_and_hold_a_dockerfile() -> None:
    built = [s for s in services().values() if "build" in s]
    assert len(built) == 3
    for service in built:
        build = service["build"]
        if isinstance(build, str):
            build = {"context": build}
        context = ROOT / build.get("context", ".")
        assert context.is_dir()
        assert (context / build.get("dockerfile", "Dockerfile")).is_file()


def test_every_variable_has_a_default_or_is_in_env_example() -> None:
    text = COMPOSE_FILE.read_text().replace("$$", "")
    documented = env_example()
    used = set()
    for match in VARIABLE.finditer(text):
        name = match.group(1) or match.group(3)
        used.add(name)
        has_default = match.group(2) is not None
        assert has_default or name in documented, f"${{{name}}} has no default and no .env.example"
    assert used, "no variables found: the pattern is broken"
    assert set(documented) <= used, f"unused in compose: {set(documented) - used}"


def test_only_the_gateway_is_published_and_only_on_localhost() -> None:
    published = {name: s["ports"] for name, s in services().items() if s.get("ports")}
    assert set(published) == {"gateway"}
    for port in published["gateway"]:
        host_ip = port.get("host_ip") if isinstance(port, dict) else str(port).split(":")[0]
        assert host_ip == "127.0.0.1", port


def test_images_are_official_with_explicit_tags() -> None:
    for name, service in services().items():
        if "build" in service:
            continue
        image, _, tag = service["image"].partition(":")
        assert image in OFFICIAL_IMAGES, f"{name}: {image} is not an expected official image"
        assert tag not in ("", "latest"), f"{name}: {service['image']} has no explicit tag"
        assert tag.split("-")[0].split(".")[0] == OFFICIAL_IMAGES[image], service["image"]


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_environment_is_what_the_settings_read(name: str) -> None:
    settings = SETTINGS[name]
    prefix = settings.model_config["env_prefix"]
    known = {(prefix + field).upper() for field in settings.model_fields}
    service = services()[name]
    env = environment(service)
    unknown = set(env) - known - NOT_SETTINGS
    assert not unknown, f"{name} sets variables its settings never read: {sorted(unknown)}"
    secrets = set(settings.model_construct().secret_fields())
    assert secrets <= set(env), f"{name}: secrets not settable from .env: {secrets - set(env)}"
    assert f"{prefix}DATABASE_URL" in env
    command = " ".join(service["command"])
    assert f"python -m {name}.cli migrate" in command
    assert f"uvicorn {name}.main:create_app --factory" in command
    assert "http://127.0.0.1:8000/healthz" in " ".join(service["healthcheck"]["test"])


def test_urls_point_at_the_compose_services() -> None:
    all_services = services()
    gateway = environment(all_services["gateway"])
    for upstream in ("registry", "supplies"):
        url = urlsplit(gateway[f"GATEWAY_{upstream.upper()}_URL"])
        assert url.hostname == upstream
        assert f"--port {url.port}" in " ".join(all_services[upstream]["command"])
    redis = urlsplit(gateway["GATEWAY_REDIS_URL"])
    assert redis.scheme == "redis"
    assert redis.hostname in all_services
    assert all_services[redis.hostname]["image"].startswith("redis:")
    init_sql = (ROOT / "deploy" / "postgres-init" / "01-databases.sql").read_text()
    created = set(re.findall(r"CREATE DATABASE (\w+)", init_sql))
    for name in SETTINGS:
        env = environment(all_services[name])
        url = urlsplit(with_defaults(env[f"{name.upper()}_DATABASE_URL"]))
        assert url.scheme == "postgresql"
        assert url.hostname == "postgres"
        assert url.path.lstrip("/") == name
        assert name in created


def test_dockerfile_has_a_tagged_base_and_does_not_run_as_root() -> None:
    instructions = [
        line.split(None, 1)
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.strip() and not line.startswith((" ", "#"))
    ]
    froms = [args.split() for word, args in instructions if word.upper() == "FROM"]
    bases = [next(a for a in args if not a.startswith("--")) for args in froms]  # --platform=
    assert bases
    for _, _, tag in (base.partition(":") for base in bases):
        assert tag not in ("", "latest"), f"base image {bases} has no explicit tag"
    users = [args.split(":")[0].strip() for word, args in instructions if word.upper() == "USER"]
    assert users, "the Dockerfile never switches away from root"
    assert users[-1] not in {"root", "0"}, "the last USER is root"


def test_dockerignore_keeps_local_state_out_of_the_image() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".env", "data"} <= ignored
