"""docker-compose.yml and the Dockerfile without a Docker engine: the vendored compose-spec schema,
then what it cannot see (references, variables, ports, variables the settings really read)."""

from __future__ import annotations

import ipaddress
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from shouhu_common.http_protocol import UVICORN_HTTP
from tests.deploy.deployment import (
    COMPOSE_FILE,
    SETTINGS,
    load_compose,
    prefix,
    required_secrets,
    services,
    variables,
    with_defaults,
)

ROOT = Path(__file__).resolve().parents[1]
# SHOUHU_DEMO is read by the migrate service's shell command, FORWARDED_ALLOW_IPS by uvicorn.
NOT_SETTINGS = {"SHOUHU_DEMO", "FORWARDED_ALLOW_IPS"}
OFFICIAL_IMAGES = {"postgres": "15", "redis": "7", "caddy": "2"}  # image -> major version
ONE_SHOT = {"migrate"}  # runs to completion; the others wait for it
# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, $VAR; `$$` (escaped) is removed first.
VARIABLE = re.compile(r"\$\{(\w+)(?:(:?-)[^}]*|:?[?+][^}]*)?\}|\$(\w+)")


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {name: str(value) for name, value in env.items()}


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


def test_depends_on_names_healthy_services_or_the_finished_migration() -> None:
    all_services = services()
    for name, service in all_services.items():
        depends = service.get("depends_on") or {}
        assert isinstance(depends, dict), f"{name}: depends_on without conditions"
        for target in depends:
            assert target in all_services, f"{name} depends on undefined service {target!r}"
            assert target != name
            if target in ONE_SHOT:
                assert depends[target] == {"condition": "service_completed_successfully"}
                continue
            assert depends[target].get("condition") == "service_healthy", (name, target)
            healthcheck = all_services[target].get("healthcheck", {})
            assert healthcheck.get("test"), f"{target} has no healthcheck"
            assert not healthcheck.get("disable"), f"{target}'s healthcheck is disabled"


def test_migrations_run_once_before_the_services() -> None:
    all_services = services()
    migrate = all_services["migrate"]
    assert migrate["restart"] == "no"
    command = " ".join(migrate["command"])
    positions = [command.index(f"python -m {name}.cli migrate") for name in SETTINGS]
    assert positions == sorted(positions)
    # The demo only when asked, after every migration, and never by default.
    assert command.index('"$${SHOUHU_DEMO}" = 1') > max(positions)
    assert environment(migrate)["SHOUHU_DEMO"] == "${SHOUHU_DEMO:-0}"
    for name in SETTINGS:
        assert f"python -m {name}.cli seed-demo" in command
        service = all_services[name]
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert "migrate" not in " ".join(service["command"])
        assert "seed-demo" not in " ".join(service["command"])
        assert "SHOUHU_DEMO" not in environment(service)
        # The CLIs read the same settings as the service (its database, its secrets).
        settings = {k: v for k, v in environment(service).items() if k not in NOT_SETTINGS}
        assert settings.items() <= environment(migrate).items(), name


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
    assert len(built) == 4  # the three services and the migrate one, from one image
    assert {s["image"] for s in built} == {"shouhu:local"}
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


def test_only_caddy_is_published_on_80_and_443() -> None:
    published = {name: s["ports"] for name, s in services().items() if s.get("ports")}
    assert set(published) == {"caddy"}
    pairs = {tuple(str(port).split("/")[0].split(":")[-2:]) for port in published["caddy"]}
    assert pairs == {("80", "80"), ("443", "443")}
    for name, service in services().items():
        assert "expose" not in service, name


def test_caddy_runs_the_repository_caddyfile_in_front_of_the_gateway() -> None:
    all_services = services()
    caddy = all_services["caddy"]
    assert "./deploy/caddy/Caddyfile:/etc/caddy/Caddyfile:ro" in caddy["volumes"]
    assert (ROOT / "deploy" / "caddy" / "Caddyfile").is_file()
    env = environment(caddy)
    assert env["SHOUHU_UPSTREAM"] == "gateway:8000"
    assert env["SHOUHU_DOMAIN"].startswith("${SHOUHU_DOMAIN")
    assert env["SHOUHU_TLS"].startswith("${SHOUHU_TLS")
    assert caddy["depends_on"] == {"gateway": {"condition": "service_healthy"}}
    # Certificates and the ACME account survive a restart.
    mounts = {v.split(":")[1] for v in caddy["volumes"]}
    assert {"/data", "/config"} <= mounts


def test_the_gateway_trusts_forwarded_addresses_from_caddy_only() -> None:
    compose = load_compose()
    all_services = compose["services"]
    edge = {name for name, s in all_services.items() if "edge" in (s.get("networks") or [])}
    assert edge == {"caddy", "gateway"}, "only Caddy and the gateway share the edge network"
    subnet = ipaddress.ip_network(
        with_defaults(compose["networks"]["edge"]["ipam"]["config"][0]["subnet"])
    )
    caddy_ip = with_defaults(all_services["caddy"]["networks"]["edge"]["ipv4_address"])
    assert ipaddress.ip_address(caddy_ip) in subnet
    gateway = all_services["gateway"]
    assert with_defaults(environment(gateway)["FORWARDED_ALLOW_IPS"]) == caddy_ip
    assert "--proxy-headers" in gateway["command"]
    assert "--forwarded-allow-ips" not in " ".join(gateway["command"])  # the env var decides
    for name in ("registry", "supplies", "migrate", "postgres", "redis", "backup"):
        assert "edge" not in (all_services[name].get("networks") or []), name


def test_the_public_base_url_comes_from_the_domain() -> None:
    registry = environment(services()["registry"])
    assert registry["REGISTRY_PUBLIC_BASE_URL"] == "${SHOUHU_PUBLIC_BASE_URL:-https://localhost}"
    assert env_example()["SHOUHU_PUBLIC_BASE_URL"] == "https://" + env_example()["SHOUHU_DOMAIN"]


def test_the_application_containers_have_a_read_only_root() -> None:
    for name in (*SETTINGS, "migrate", "caddy", "backup"):
        service = services()[name]
        assert service.get("read_only") is True, name
        assert "/tmp" in service.get("tmpfs", []), name


def test_backups_dump_every_database_nightly_into_a_volume() -> None:
    compose = load_compose()
    backup = compose["services"]["backup"]
    assert backup["image"] == compose["services"]["postgres"]["image"]  # pg_dump matches
    assert "./deploy/backup/backup.sh:/backup.sh:ro" in backup["volumes"]
    assert backup["command"] == ["sh", "/backup.sh"]
    env = environment(backup)
    assert env["PGHOST"] == "postgres"
    assert env["SHOUHU_BACKUP_KEEP_DAYS"] == "${SHOUHU_BACKUP_KEEP_DAYS:-14}"
    assert "backups:/backups" in backup["volumes"]
    assert "backups" in compose["volumes"]
    script = (ROOT / "deploy" / "backup" / "backup.sh").read_text()
    assert "registry supplies gateway" in script


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
    service = services()[name]
    env = environment(service)
    unknown = set(env) - variables(settings) - NOT_SETTINGS
    assert not unknown, f"{name} sets variables its settings never read: {sorted(unknown)}"
    secrets = required_secrets(settings)
    assert secrets <= set(env), f"{name}: secrets not settable from .env: {secrets - set(env)}"
    assert f"{prefix(settings)}DATABASE_URL" in env
    command = " ".join(service["command"])
    assert command.startswith(f"uvicorn {name}.main:create_app --factory")
    assert f"--http {UVICORN_HTTP}" in command  # the header deadline against slow clients
    # Ready means the database is reachable and migrated (and, for the gateway, every service).
    assert "http://127.0.0.1:8000/readyz" in " ".join(service["healthcheck"]["test"])


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
