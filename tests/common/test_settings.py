"""Settings from the environment: `<NAME>_FILE` secrets, and what production refuses at start-up,
in one `shouhu: VARIABLE: problem` line and exit status 2, in process and as the real processes
(`python -m uvicorn <svc>.main:create_app --factory`, `python -m <svc>.cli migrate`)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gateway.config import GatewaySettings
from registry.config import RegistrySettings
from shouhu_common.settings import ServiceSettings, load_settings
from supplies.config import SuppliesSettings

REAL = "f3c1" * 16  # not a placeholder
ROOT = Path(__file__).resolve().parents[2]

PRODUCTION: dict[type[ServiceSettings], dict[str, str]] = {
    RegistrySettings: {
        "REGISTRY_ENV": "production",
        "REGISTRY_INTERNAL_PUBLIC_KEY": REAL,
        "REGISTRY_PII_KEY": REAL + "p",
        "REGISTRY_EVENTS_SECRET": REAL + "e",
        "REGISTRY_PASS_KEY_SECRET": REAL + "k",
        "REGISTRY_PASS_KEY_PREVIOUS_SECRETS": REAL + "q",
        "REGISTRY_PUBLIC_BASE_URL": "https://shouhu.example.org",
        "REGISTRY_DATABASE_URL": f"postgresql://shouhu:{REAL}@db:5432/registry",
    },
    SuppliesSettings: {
        "SUPPLIES_ENV": "production",
        "SUPPLIES_INTERNAL_PUBLIC_KEY": REAL,
        "SUPPLIES_EVENTS_SECRET": REAL + "e",
        "SUPPLIES_DATABASE_URL": f"postgresql://shouhu:{REAL}@db:5432/supplies",
    },
    GatewaySettings: {
        "GATEWAY_ENV": "production",
        "GATEWAY_INTERNAL_SIGNING_KEY": "ed25519:" + REAL,
        "GATEWAY_JWT_SECRET": REAL + "j",
        "GATEWAY_JWT_PREVIOUS_SECRETS": REAL + "o",
        "GATEWAY_ACCESS_CODE_SECRET": REAL + "a",
        "GATEWAY_DATABASE_URL": f"postgresql://shouhu:{REAL}@db:5432/gateway",
    },
}


def refusal(settings_cls: type[ServiceSettings], capsys: pytest.CaptureFixture[str]) -> list[str]:
    with pytest.raises(SystemExit) as exited:
        load_settings(settings_cls)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.splitlines()


class TestSecretFiles:
    def test_every_secret_is_read_from_its_file(
        self, environ: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        for settings_cls, values in PRODUCTION.items():
            for variable, value in values.items():
                if variable.endswith("_ENV"):
                    environ.setenv(variable, value)
                    continue
                path = tmp_path / variable.lower()
                path.write_text(value + "\n")  # as `echo value > file` writes it
                environ.setenv(f"{variable}_FILE", str(path))
            settings = load_settings(settings_cls)
            for variable, value in values.items():
                field = variable.split("_", 1)[1].lower()
                assert getattr(settings, field) == value, variable

    def test_only_the_trailing_newline_is_stripped(
        self, environ: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        (tmp_path / "jwt").write_text("  two words \r\n\n")
        environ.setenv("GATEWAY_JWT_SECRET_FILE", str(tmp_path / "jwt"))
        assert load_settings(GatewaySettings).jwt_secret == "  two words "

    def test_value_and_file_together_are_refused(
        self, environ: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        (tmp_path / "jwt").write_text("from-the-file")
        environ.setenv("GATEWAY_JWT_SECRET_FILE", str(tmp_path / "jwt"))
        environ.setenv("GATEWAY_JWT_SECRET", "from-the-environment")
        assert refusal(GatewaySettings, capsys) == [
            "shouhu: GATEWAY_JWT_SECRET_FILE: GATEWAY_JWT_SECRET is set too; set only one"
        ]

    def test_empty_values_do_not_count_as_set(
        self, environ: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """As compose passes a variable it defaults to empty: `X: ${X:-}`."""
        (tmp_path / "jwt").write_text("from-the-file\n")
        environ.setenv("GATEWAY_JWT_SECRET_FILE", str(tmp_path / "jwt"))
        environ.setenv("GATEWAY_JWT_SECRET", "")
        environ.setenv("GATEWAY_ACCESS_CODE_SECRET_FILE", "")
        settings = load_settings(GatewaySettings)
        assert settings.jwt_secret == "from-the-file"
        assert (
            settings.access_code_secret
            == GatewaySettings.model_fields["access_code_secret"].default
        )

    def test_a_missing_file_names_its_variable(
        self, environ: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        missing = tmp_path / "nowhere"
        environ.setenv("REGISTRY_DATABASE_URL_FILE", str(missing))
        assert refusal(RegistrySettings, capsys) == [
            f"shouhu: REGISTRY_DATABASE_URL_FILE: cannot read {missing}: No such file or directory"
        ]


class TestProductionRefusals:
    @pytest.mark.parametrize("settings_cls", list(PRODUCTION), ids=lambda c: c.__name__)
    def test_real_values_start(
        self, environ: pytest.MonkeyPatch, settings_cls: type[ServiceSettings]
    ) -> None:
        for variable, value in PRODUCTION[settings_cls].items():
            environ.setenv(variable, value)
        assert load_settings(settings_cls).env == "production"

    @pytest.mark.parametrize(
        ("settings_cls", "variable", "value", "problem"),
        [
            (GatewaySettings, "GATEWAY_JWT_SECRET", "dev-only-jwt", "is a 'dev-only' placeholder"),
            (GatewaySettings, "GATEWAY_ACCESS_CODE_SECRET", "", "is empty"),
            (
                GatewaySettings,
                "GATEWAY_JWT_PREVIOUS_SECRETS",
                "dev-only-gateway-jwt-secret-change-me",
                "is a 'dev-only' placeholder",
            ),
            (
                RegistrySettings,
                "REGISTRY_PASS_KEY_PREVIOUS_SECRETS",
                REAL + "x,dev-only-registry-pass-signing-key-secret",
                "is a 'dev-only' placeholder",
            ),
            (
                RegistrySettings,
                "REGISTRY_INTERNAL_PUBLIC_KEY",
                REAL + ",dev-only-internal-identity-key",
                "is a 'dev-only' placeholder",
            ),
            (GatewaySettings, "GATEWAY_DEMO_PASSWORD", "shouhu2020", "the demo password is set"),
            (SuppliesSettings, "SUPPLIES_EVENTS_SECRET", "dev-only-x", "is a 'dev-only' placeh"),
            (RegistrySettings, "REGISTRY_PII_KEY", "dev-only-registry", "is a 'dev-only' placeh"),
            (
                RegistrySettings,
                "REGISTRY_DATABASE_URL",
                "postgresql://postgres:postgres@db:5432/registry",
                "its password is a placeholder",
            ),
            (
                SuppliesSettings,
                "SUPPLIES_DATABASE_URL",
                "postgresql://shouhu:dev-only-postgres-password@db/supplies",
                "its password is a placeholder",
            ),
            (
                GatewaySettings,
                "GATEWAY_DATABASE_URL",
                "postgresql://shouhu:change-me@db/gateway",
                "its password is a placeholder",
            ),
            (GatewaySettings, "GATEWAY_DATABASE_URL", "postgresql://u@db/g", "has no password"),
            (
                RegistrySettings,
                "REGISTRY_PUBLIC_BASE_URL",
                "http://127.0.0.1:8000",
                "is a loopback address",
            ),
            (RegistrySettings, "REGISTRY_PUBLIC_BASE_URL", "http://localhost", "is a loopback"),
            (RegistrySettings, "REGISTRY_PUBLIC_BASE_URL", "http://[::1]:8000", "is a loopback"),
        ],
    )
    def test_one_line_names_the_variable(
        self,
        environ: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        settings_cls: type[ServiceSettings],
        variable: str,
        value: str,
        problem: str,
    ) -> None:
        for name, real in PRODUCTION[settings_cls].items():
            environ.setenv(name, real)
        environ.setenv(variable, value)
        (line,) = refusal(settings_cls, capsys)
        assert line.startswith(f"shouhu: {variable}: {problem}")
        assert value not in line or not value  # the secret itself is never printed

    def test_development_keeps_its_placeholders(self, environ: pytest.MonkeyPatch) -> None:
        environ.setenv("GATEWAY_DEMO_PASSWORD", "shouhu2020")
        assert load_settings(GatewaySettings).demo_password == "shouhu2020"
        assert load_settings(RegistrySettings).pii_key.startswith("dev-only")

    def test_a_value_pydantic_refuses_names_its_variable(
        self, environ: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        environ.setenv("GATEWAY_UPSTREAM_TIMEOUT_S", "soon")
        (line,) = refusal(GatewaySettings, capsys)
        assert line.startswith("shouhu: GATEWAY_UPSTREAM_TIMEOUT_S: ")


def start(command: list[str], environment: dict[str, str], tmp_path: Path) -> tuple[float, str]:
    """Runs a service's start command as it runs in production; its seconds and stderr."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(SERVICE_PREFIXES)}
    env.update(environment)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "services" / s) for s in ("common", "registry", "supplies", "gateway")]
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", *command],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,  # a process that did start would serve until killed here
    )
    assert done.returncode == 2, done.stderr
    return time.monotonic() - started, done.stderr


SERVICE_PREFIXES = ("REGISTRY_", "SUPPLIES_", "GATEWAY_")
UVICORN = ["uvicorn", "--factory", "--host", "127.0.0.1", "--port", "0"]


class TestRealProcesses:
    @pytest.mark.parametrize(
        ("command", "settings_cls", "variable", "value", "line"),
        [
            (
                [*UVICORN, "registry.main:create_app"],
                RegistrySettings,
                "REGISTRY_PII_KEY",
                "dev-only-registry-personal-data-key",
                "shouhu: REGISTRY_PII_KEY: is a 'dev-only' placeholder",
            ),
            (
                [*UVICORN, "gateway.main:create_app"],
                GatewaySettings,
                "GATEWAY_DEMO_PASSWORD",
                "shouhu2020",
                "shouhu: GATEWAY_DEMO_PASSWORD: the demo password is set; unset it",
            ),
            (
                ["registry.cli", "migrate"],
                RegistrySettings,
                "REGISTRY_PUBLIC_BASE_URL",
                "http://localhost:8000",
                "shouhu: REGISTRY_PUBLIC_BASE_URL: is a loopback address; phones cannot open it",
            ),
            (
                ["supplies.cli", "migrate"],
                SuppliesSettings,
                "SUPPLIES_DATABASE_URL",
                "postgresql://postgres:postgres@db:5432/supplies",
                "shouhu: SUPPLIES_DATABASE_URL: its password is a placeholder",
            ),
            (
                ["registry.cli", "migrate"],
                RegistrySettings,
                "REGISTRY_PII_KEY_FILE",
                "/run/secrets/no-such-secret",
                "shouhu: REGISTRY_PII_KEY_FILE: cannot read /run/secrets/no-such-secret: "
                "No such file or directory",
            ),
        ],
        ids=["uvicorn-registry", "uvicorn-gateway", "registry-cli", "supplies-cli", "file"],
    )
    def test_exits_at_once_with_one_line(
        self,
        tmp_path: Path,
        command: list[str],
        settings_cls: type[ServiceSettings],
        variable: str,
        value: str,
        line: str,
    ) -> None:
        environment = dict(PRODUCTION[settings_cls])
        environment.pop(variable.removesuffix("_FILE"), None)
        environment[variable] = value
        seconds, stderr = start(command, environment, tmp_path)
        assert stderr.strip().splitlines() == [line]
        assert "Traceback" not in stderr
        assert seconds < 45  # importing the app is the slow part; nothing waits or retries
        assert not list(tmp_path.iterdir())  # refused before touching anything
