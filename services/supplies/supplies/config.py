"""Supplies settings (env prefix `SUPPLIES_`)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shouhu_common.events import EventSettings
from shouhu_common.identity import DEV_KEY, InternalPublicKeys
from shouhu_common.settings import ReadReplicaSettings, load_settings


class SuppliesSettings(ReadReplicaSettings, EventSettings):
    model_config = SettingsConfigDict(env_prefix="SUPPLIES_", extra="ignore")

    service_name: str = "supplies"
    internal_public_key: InternalPublicKeys = DEV_KEY

    # Delivery rounds: local times (the community's time zone), cutoff before each, capacity.
    time_zone: str = "Asia/Shanghai"
    round_times: str = "10:00,16:00"
    round_cutoff_minutes: int = 120
    round_capacity_per_partner: int = 200
    # Orders are written by group commit (orders/writer.py): at most this many per transaction;
    # 1 writes each order in a transaction of its own.
    order_batch_max: int = Field(200, ge=1)

    # Webhooks: the dispatcher runs in the service (off under `env=test` unless switched on).
    webhook_dispatcher: bool | None = None
    webhook_poll_s: float = 1.0
    webhook_timeout_s: float = 5.0
    # After a rotation the old signing key signs beside the new one this long.
    webhook_secret_overlap_hours: float = Field(24, ge=0, le=24 * 30)
    # A retry (same caller, Idempotency-Key and request) of a write that showed a one-time secret
    # is shown it again this long; later it gets the record without the secret.
    secret_replay_hours: float = Field(24, ge=0, le=24 * 7)

    def secret_fields(self) -> dict[str, str]:
        return {
            "SUPPLIES_INTERNAL_PUBLIC_KEY": self.internal_public_key,
            "SUPPLIES_EVENTS_SECRET": self.events_secret,
        }

    def runs_webhook_dispatcher(self) -> bool:
        if self.webhook_dispatcher is not None:
            return self.webhook_dispatcher
        return self.env != "test"

    def allows_loopback_webhooks(self) -> bool:
        """Loopback receivers are for development and tests; production refuses them (SSRF)."""
        return self.env != "production"


@lru_cache
def get_settings() -> SuppliesSettings:
    return load_settings(SuppliesSettings)
