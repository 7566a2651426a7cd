"""Base settings shared by every service: environment, data folder, database URL handling."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings

Environment = Literal["development", "test", "production"]

# Placeholder values refused outside development and test (the full-stack template's rule).
PLACEHOLDER_MARK = "dev-only"

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA_DIR = REPO_ROOT / "data"


class ServiceSettings(BaseSettings):
    """Fields every service reads; each service subclasses it with its own env prefix."""

    env: Environment = "development"
    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str = ""
    log_level: str = "INFO"
    access_log: bool = True
    max_body_bytes: int = 1_048_576
    # Spreadsheet uploads (only on the paths an app names as upload paths): 100,000 people are
    # about 10 MB of CSV or 5 MB of XLSX.
    max_upload_bytes: int = 33_554_432
    # After start-up, keep what it allocated out of garbage collection (shouhu_common.service_app).
    gc_freeze: bool = True

    service_name: str = "service"

    @model_validator(mode="after")
    def _default_database(self) -> ServiceSettings:
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / (self.service_name + '.db')}"
        return self

    def secret_fields(self) -> dict[str, str]:
        """Secrets that must not keep their development placeholder in production."""
        return {}

    @model_validator(mode="after")
    def _refuse_placeholders(self) -> ServiceSettings:
        if self.env == "production":
            weak = [
                name for name, value in self.secret_fields().items() if PLACEHOLDER_MARK in value
            ]
            if weak:
                raise ValueError(
                    f"placeholder secrets are not allowed in production: {', '.join(sorted(weak))}"
                )
        return self


def normalize_database_url(url: str) -> str:
    """Accept plain `postgresql://` and `sqlite://` URLs and pick the async driver we use."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite://") and not url.startswith("sqlite+"):
        return "sqlite+aiosqlite://" + url.split("://", 1)[1]
    return url
