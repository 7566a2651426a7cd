"""Supplies settings (env prefix `SUPPLIES_`)."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from shouhu_common.identity import DEV_KEY
from shouhu_common.settings import ServiceSettings


class SuppliesSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SUPPLIES_", extra="ignore")

    service_name: str = "supplies"
    internal_public_key: str = DEV_KEY

    def secret_fields(self) -> dict[str, str]:
        return {"SUPPLIES_INTERNAL_PUBLIC_KEY": self.internal_public_key}


@lru_cache
def get_settings() -> SuppliesSettings:
    return SuppliesSettings()
