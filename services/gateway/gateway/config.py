"""Gateway settings (env prefix `GATEWAY_`)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from gateway.security import TokenSecrets
from gateway.upstreams import parse_upstream_urls
from shouhu_common.identity import DEV_KEY, InternalSigningKey
from shouhu_common.settings import REPO_ROOT, Problems, ServiceSettings, load_settings, refuse


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    service_name: str = "gateway"
    # Base URLs of each service: one, or its replicas comma-separated (upstreams.py).
    registry_url: str = "http://127.0.0.1:8001"
    supplies_url: str = "http://127.0.0.1:8002"
    upstream_timeout_s: float = 10.0
    upstream_connect_timeout_s: float = 2.0
    upstream_pool_size: int = 100
    long_request_timeout_s: float = 180.0  # spreadsheet imports and exports
    dashboard_fresh_s: float = 5.0  # a community's dashboard is recomputed at most this often
    bundle_fresh_s: float = 1.0  # an offline bundle's ETag answers 304 here this long (0: off)

    internal_signing_key: InternalSigningKey = DEV_KEY
    jwt_secret: str = "dev-only-gateway-jwt-secret-change-me"
    # Replaced JWT secrets (comma-separated) still accepted on tokens signed before the change;
    # keep each for resident_token_days, or every resident signed in with it is signed out.
    jwt_previous_secrets: str = ""
    access_code_secret: str = "dev-only-gateway-access-code-secret"
    access_token_minutes: int = 15
    refresh_token_days: int = 7
    resident_token_days: int = 30

    redis_url: str = ""
    login_rate_per_ip: str = "30/minute"
    login_rate_per_account: str = "10/minute"
    key_rate_per_ip: str = "60/minute"
    # the public visitor form (no credentials): submissions per client IP
    visitor_form_rate_per_ip: str = "10/minute"
    lockout_failures: int = 5
    lockout_minutes: int = 15
    # Networks (CIDR, comma-separated in the environment) from which admins are never locked out.
    trusted_networks: Annotated[list[str], NoDecode] = []

    frontend_dir: Path = REPO_ROOT / "frontend" / "dist"
    demo_password: str = ""

    @field_validator("registry_url", "supplies_url")
    @classmethod
    def _upstreams(cls, value: str) -> str:
        parse_upstream_urls(value)  # a typo fails at start-up
        return value

    @field_validator("trusted_networks", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        if isinstance(value, str):
            value = [n.strip() for n in value.split(",") if n.strip()]
        if isinstance(value, list):
            for network in value:
                ipaddress.ip_network(str(network), strict=False)  # a typo fails at start-up
        return value

    def previous_jwt_secrets(self) -> list[str]:
        return [s.strip() for s in self.jwt_previous_secrets.split(",") if s.strip()]

    def token_secrets(self) -> TokenSecrets:
        return TokenSecrets(self.jwt_secret, self.previous_jwt_secrets())

    @model_validator(mode="after")
    def _previous_secrets(self) -> GatewaySettings:
        previous = self.previous_jwt_secrets()
        if self.jwt_secret in previous:
            refuse([("GATEWAY_JWT_PREVIOUS_SECRETS", "holds the current GATEWAY_JWT_SECRET")])
        if len(set(previous)) != len(previous):
            refuse([("GATEWAY_JWT_PREVIOUS_SECRETS", "holds a secret twice")])
        return self

    def secret_fields(self) -> dict[str, str]:
        fields = {
            "GATEWAY_INTERNAL_SIGNING_KEY": self.internal_signing_key,
            "GATEWAY_JWT_SECRET": self.jwt_secret,
            "GATEWAY_ACCESS_CODE_SECRET": self.access_code_secret,
        }
        if self.jwt_previous_secrets:
            fields["GATEWAY_JWT_PREVIOUS_SECRETS"] = self.jwt_previous_secrets
        return fields

    def production_problems(self) -> Problems:
        problems = super().production_problems()
        if self.demo_password:
            problems.append(("GATEWAY_DEMO_PASSWORD", "the demo password is set; unset it"))
        return problems


@lru_cache
def get_settings() -> GatewaySettings:
    return load_settings(GatewaySettings)
