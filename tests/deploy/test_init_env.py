"""scripts/init_env.py: the .env a server starts from. Every variable docker-compose.yml reads,
fresh secrets each run, the key pair the services accept, and never an existing file replaced."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from shouhu_common.identity import private_key_from_setting, public_key_hex
from tests.test_compose import COMPOSE_FILE, VARIABLE

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "init_env.py"
SECRETS = (
    "POSTGRES_PASSWORD",
    "GATEWAY_INTERNAL_SIGNING_KEY",
    "SHOUHU_INTERNAL_PUBLIC_KEY",
    "GATEWAY_JWT_SECRET",
    "GATEWAY_ACCESS_CODE_SECRET",
    "REGISTRY_PII_KEY",
    "REGISTRY_PASS_KEY_SECRET",
    "SHOUHU_EVENTS_SECRET",
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    # -I -S: no PYTHONPATH, no site-packages; the script needs the standard library only.
    return subprocess.run(
        [sys.executable, "-I", "-S", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def read_env(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {name: value for name, value in pairs if not name.startswith("#")}


def compose_variables() -> set[str]:
    text = COMPOSE_FILE.read_text().replace("$$", "")
    return {m.group(1) or m.group(3) for m in VARIABLE.finditer(text)}


class TestInitEnv:
    def test_writes_every_variable_compose_reads_for_production(self, tmp_path: Path) -> None:
        env_file = tmp_path / ".env"
        result = run("--domain", "Shouhu.Example.org", "--output", str(env_file))
        assert result.returncode == 0, result.stderr
        env = read_env(env_file)
        assert compose_variables() <= set(env), compose_variables() - set(env)
        assert env["SHOUHU_ENV"] == "production"
        assert env["SHOUHU_DEMO"] == "0"
        assert env["SHOUHU_DEMO_PASSWORD"] == ""  # production refuses a demo password
        assert env["SHOUHU_DOMAIN"] == "shouhu.example.org"
        assert env["SHOUHU_PUBLIC_BASE_URL"] == "https://shouhu.example.org"
        assert env["SHOUHU_TLS"] == "acme"
        assert env_file.stat().st_mode & 0o077 == 0, "the .env must be readable by its owner only"
        for name in SECRETS:
            assert "dev-only" not in env[name]
            assert len(env[name]) >= 24, name
        assert re.fullmatch(r"[0-9a-f]{64}", env["POSTGRES_PASSWORD"])  # URL-safe

    def test_the_internal_key_pair_is_what_the_services_derive(self, tmp_path: Path) -> None:
        env_file = tmp_path / ".env"
        assert run("--domain", "a.example.org", "--output", str(env_file)).returncode == 0
        env = read_env(env_file)
        private = env["GATEWAY_INTERNAL_SIGNING_KEY"]
        assert re.fullmatch(r"ed25519:[0-9a-f]{64}", private)
        assert env["SHOUHU_INTERNAL_PUBLIC_KEY"] == public_key_hex(
            private_key_from_setting(private)
        )

    def test_every_secret_is_fresh_each_run(self, tmp_path: Path) -> None:
        first, second = tmp_path / "one", tmp_path / "two"
        assert run("--domain", "a.example.org", "--output", str(first)).returncode == 0
        assert run("--domain", "a.example.org", "--output", str(second)).returncode == 0
        one, two = read_env(first), read_env(second)
        for name in SECRETS:
            assert one[name] != two[name], name
        values = [one[name] for name in SECRETS]
        assert len(set(values)) == len(values), "two secrets share a value"

    def test_refuses_to_overwrite_unless_forced(self, tmp_path: Path) -> None:
        env_file = tmp_path / ".env"
        env_file.write_text("REGISTRY_PII_KEY=the-key-the-data-was-encrypted-with\n")
        refused = run("--domain", "a.example.org", "--output", str(env_file))
        assert refused.returncode == 1
        assert "--force" in refused.stderr
        assert env_file.read_text() == "REGISTRY_PII_KEY=the-key-the-data-was-encrypted-with\n"
        forced = run("--domain", "a.example.org", "--output", str(env_file), "--force")
        assert forced.returncode == 0, forced.stderr
        assert read_env(env_file)["SHOUHU_DOMAIN"] == "a.example.org"

    def test_lan_trial_and_bad_domain(self, tmp_path: Path) -> None:
        env_file = tmp_path / ".env"
        lan = run("--domain", "shouhu.lan", "--tls", "internal", "--output", str(env_file))
        assert lan.returncode == 0, lan.stderr
        assert read_env(env_file)["SHOUHU_TLS"] == "internal"
        bad = run("--domain", "https://x.org/", "--output", str(tmp_path / "bad"))
        assert bad.returncode == 2
        assert not (tmp_path / "bad").exists()
