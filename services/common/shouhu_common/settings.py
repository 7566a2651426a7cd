"""Base settings shared by every service: environment, data folder, database URL handling, secrets
read from files, and the refusals a production start-up makes."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

Environment = Literal["development", "test", "production"]

# Placeholder values refused outside development and test (the full-stack template's rule).
PLACEHOLDER_MARK = "dev-only"
# Database passwords that are placeholders too: compose's default, the images' examples.
PLACEHOLDER_PASSWORDS = ("dev-only", "change-me", "changeme", "placeholder")
WEAK_PASSWORDS = {"postgres", "password", "secret", "shouhu"}

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA_DIR = REPO_ROOT / "data"

Problems = list[tuple[str, str]]  # (environment variable, what is wrong with it)


class SettingsError(ValueError):
    """A setting that cannot be read at all (a `_FILE` that is missing, or set twice)."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")


class SecretFiles(PydanticBaseSettingsSource):
    """`<PREFIX><FIELD>_FILE=/run/secrets/x`: the setting is the file's content, trailing newlines
    stripped (how Docker and Kubernetes hand secrets over). Setting the variable too is an error;
    an empty value of either counts as unset (compose passes `X: ${X:-}`)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # __call__ reads every field at once

    def __call__(self) -> dict[str, Any]:
        prefix = str(self.config.get("env_prefix", ""))
        environ = {name.upper(): value for name, value in os.environ.items()}
        values: dict[str, Any] = {}
        for name in self.settings_cls.model_fields:
            variable = f"{prefix}{name}".upper()
            path = environ.get(f"{variable}_FILE")
            if not path:
                continue
            if environ.get(variable):
                raise SettingsError(f"{variable}_FILE", f"{variable} is set too; set only one")
            try:
                values[name] = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                raise SettingsError(f"{variable}_FILE", f"cannot read {path}: {reason}") from None
        return values


def refuse(problems: Problems) -> None:
    """Fails validation with one `VARIABLE: problem` line per problem (see `load_settings`)."""
    if problems:
        text = "\n".join(f"{variable}: {problem}" for variable, problem in problems)
        raise PydanticCustomError("settings_refused", "{problems}", {"problems": text})


class ServiceSettings(BaseSettings):
    """Fields every service reads; each service subclasses it with its own env prefix."""

    env: Environment = "development"
    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str = ""
    # PostgreSQL connections per process: this many kept, as many again while busy. Every
    # replica of every service counts against the server's max_connections (100 by default).
    database_pool_size: int = Field(10, ge=1, le=200)
    log_level: str = "INFO"
    access_log: bool = True
    max_body_bytes: int = 1_048_576
    # Spreadsheet uploads (only on the paths an app names as upload paths): 100,000 people are
    # about 10 MB of CSV or 5 MB of XLSX.
    max_upload_bytes: int = 33_554_432
    # After start-up, keep what it allocated out of garbage collection (shouhu_common.service_app).
    gc_freeze: bool = True

    service_name: str = "service"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            SecretFiles(settings_cls),
            env_settings,
            dotenv_settings,
            file_secret_settings,
        )

    @model_validator(mode="after")
    def _default_database(self) -> ServiceSettings:
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / (self.service_name + '.db')}"
        return self

    def variable(self, field: str) -> str:
        """The environment variable of a field: `database_url` → `REGISTRY_DATABASE_URL`."""
        return f"{self.model_config.get('env_prefix', '')}{field}".upper()

    def secret_fields(self) -> dict[str, str]:
        """Secrets that must not keep their development placeholder in production."""
        return {}

    def production_problems(self) -> Problems:
        """What production refuses; a service adds its own after these."""
        problems: Problems = []
        for variable, value in sorted(self.secret_fields().items()):
            if not value:
                problems.append((variable, "is empty"))
            elif PLACEHOLDER_MARK in value:
                problems.append((variable, f"is a '{PLACEHOLDER_MARK}' placeholder"))
        if problem := database_password_problem(self.database_url):
            problems.append((self.variable("database_url"), problem))
        return problems

    @model_validator(mode="after")
    def _refuse_in_production(self) -> ServiceSettings:
        if self.env == "production":
            refuse(self.production_problems())
        return self


class ReadReplicaSettings(ServiceSettings):
    """A service whose long reads (reports, dashboards, exports) may go to a PostgreSQL streaming
    replica of its database (shouhu_common.long_reads)."""

    database_read_url: str = Field(
        "",
        description="A read replica of the service's PostgreSQL database: the long reads "
        "(reports, dashboards, the households export) run there in read-only transactions. "
        "Empty: they read the primary.",
    )

    @model_validator(mode="after")
    def _replica_of_postgresql(self) -> ReadReplicaSettings:
        if not self.database_read_url:
            return self
        variable = self.variable("database_read_url")
        primary = self.database_url or "sqlite://"  # empty: the default SQLite file
        if not _is_postgresql(primary):
            is_what = "SQLite" if primary.startswith("sqlite") else "not PostgreSQL"
            primary_variable = self.variable("database_url")
            problem = f"a read replica needs a PostgreSQL primary; {primary_variable} is {is_what}"
            refuse([(variable, f"{problem}, so unset it")])
        if not _is_postgresql(self.database_read_url):
            refuse([(variable, "is not a PostgreSQL URL (postgresql://user:password@host/db)")])
        return self

    def production_problems(self) -> Problems:
        problems = super().production_problems()
        if self.database_read_url:
            if problem := database_password_problem(self.database_read_url):
                problems.append((self.variable("database_read_url"), problem))
        return problems


def _is_postgresql(url: str) -> bool:
    return normalize_database_url(url).startswith("postgresql+asyncpg://")


def database_password_problem(url: str) -> str | None:
    """Why a PostgreSQL URL's password is not fit for production, or None (SQLite has none)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None  # not a URL the engine accepts either: it fails with its own message
    if not parsed.drivername.startswith("postgres"):
        return None
    password = parsed.password or parsed.query.get("password") or ""
    if isinstance(password, tuple):
        password = password[-1]
    if not password:
        return "has no password"
    lowered = str(password).lower()
    if any(mark in lowered for mark in PLACEHOLDER_PASSWORDS) or lowered in WEAK_PASSWORDS:
        return "its password is a placeholder"
    return None


def is_loopback_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


S = TypeVar("S", bound=ServiceSettings)


def load_settings(settings_cls: type[S]) -> S:
    """The settings a process starts with. A setting that is wrong ends the process at once with
    `shouhu: VARIABLE: what is wrong` on stderr (exit status 2), not a traceback."""
    try:
        return settings_cls()
    except SettingsError as exc:
        lines = [str(exc)]
    except ValidationError as exc:
        prefix = str(settings_cls.model_config.get("env_prefix", ""))
        lines = []
        for error in exc.errors(include_url=False, include_input=False):
            if error["loc"]:
                message = error["msg"].removeprefix("Value error, ")
                lines.append(f"{prefix}{error['loc'][0]}".upper() + f": {message}")
            else:
                lines.extend(error["msg"].removeprefix("Value error, ").splitlines())
    for line in lines:
        print(f"shouhu: {line}", file=sys.stderr)
    raise SystemExit(2)


def normalize_database_url(url: str) -> str:
    """Accept plain `postgresql://` and `sqlite://` URLs and pick the async driver we use."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite://") and not url.startswith("sqlite+"):
        return "sqlite+aiosqlite://" + url.split("://", 1)[1]
    return url
