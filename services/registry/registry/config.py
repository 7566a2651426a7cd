"""Registry settings (env prefix `REGISTRY_`)."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from shouhu_common.identity import DEV_KEY
from shouhu_common.settings import ServiceSettings


class RegistrySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REGISTRY_", extra="ignore")

    service_name: str = "registry"
    internal_public_key: str = DEV_KEY
    pii_key: str = "dev-only-registry-personal-data-key"

    def secret_fields(self) -> dict[str, str]:
        return {
            "REGISTRY_INTERNAL_PUBLIC_KEY": self.internal_public_key,
            "REGISTRY_PII_KEY": self.pii_key,
        }


@lru_cache
def get_settings() -> RegistrySettings:
    return RegistrySettings()
